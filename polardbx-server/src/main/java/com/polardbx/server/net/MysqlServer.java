package com.polardbx.server.net;

import com.polardbx.server.protocol.ConnectionLimits;
import com.polardbx.server.protocol.ProtocolContext;
import com.polardbx.server.protocol.RsaKeyExchange;
import com.polardbx.server.session.AccountStore;
import com.polardbx.server.session.SessionFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL protocol front end of a CN: listens for clients, authenticates them against an {@link AccountStore} and
 * serves their commands through sessions from a {@link SessionFactory}.
 *
 * <p>Call {@link #start()} once, then {@link #close()}. Thread-safe.
 */
public final class MysqlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MysqlServer.class);
    /** Connection ids are unique across every server of this process. */
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final MysqlServerConfig config;
    private final SessionFactory sessions;
    private final AccountStore accounts;
    private final ConnectionLimits limits;
    private final AcceptFailures acceptFailures = new AcceptFailures();
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private ExecutorService workers;
    private Channel serverChannel;
    private ProtocolContext context;

    public MysqlServer(MysqlServerConfig config, SessionFactory sessions, AccountStore accounts) {
        this(config, sessions, accounts, ConnectionLimits.DEFAULTS);
    }

    public MysqlServer(MysqlServerConfig config, SessionFactory sessions, AccountStore accounts,
                       ConnectionLimits limits) {
        this.config = config;
        this.sessions = sessions;
        this.accounts = accounts;
        this.limits = limits;
    }

    /** Binds the listening socket; returns once clients can connect. */
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        SslContext ssl = config.tlsDirectory() == null ? null : SelfSignedTls.serverContext(config.tlsDirectory());
        context = new ProtocolContext(config, sessions, accounts, RsaKeyExchange.generate(), ssl != null,
            limits);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60,
            TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("mysql-worker", true));
        pool.allowCoreThreadTimeOut(true);
        workers = pool;
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mysql-accept", true),
            NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("mysql-io", true), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .handler(acceptFailures)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (acceptFailures.refuseNext(ch)) {
                        return;
                    }
                    ch.pipeline().addLast("framing", new MysqlPacketDecoder(context.maxPacketSize(), ssl));
                    ch.pipeline().addLast("protocol", new MysqlChannelHandler(context, workers, CONNECTION_IDS));
                }
            });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.bindHost(), config.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot listen on " + config.bindHost() + ":" + config.port(), e);
        }
        log.info("MySQL protocol listening on {}:{} (TLS {})", config.bindHost(), port(), ssl != null ? "on" : "off");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** Number of client connections open now. */
    public int connectionCount() {
        return context == null ? 0 : context.connectionCount();
    }

    /** Stops listening, closes all client connections and waits for the threads to end. */
    @Override
    public synchronized void close() {
        acceptFailures.close();
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
        }
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            ioGroup = null;
        }
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
            }
            workers = null;
        }
    }
}
