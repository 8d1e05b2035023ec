package com.polardbx.transaction.tso;

import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.tso.TsoProtocol.Request;
import com.polardbx.transaction.tso.gate.CommitGate.Mode;
import com.polardbx.transaction.tso.gate.LocalCommitGate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TSO server every CN runs: answers timestamp and commit-gate requests while this CN is the serving leader and
 * {@link TsoProtocol#STATUS_NOT_LEADER} otherwise.
 *
 * <p>Timestamp requests are answered on the I/O thread (a few microseconds; a metadb write every window renewal).
 * Gate enters may wait, so they run on {@code gateExecutor}; each connection counts the holds taken over it and
 * releases them, and interrupts its pending enters, when it closes.
 */
final class TsoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TsoServer.class);

    private final Supplier<TsoLeader> leader;
    private final Executor gateExecutor;
    private final ChannelGroup accepted = new DefaultChannelGroup("tso-accepted", GlobalEventExecutor.INSTANCE);
    private final Channel listener;

    /** Binds {@code bindHost:port} (port 0 = any free port); {@code leader} yields the serving term or null. */
    TsoServer(EventLoopGroup group, String bindHost, int port, Supplier<TsoLeader> leader, Executor gateExecutor) {
        this.leader = leader;
        this.gateExecutor = gateExecutor;
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    accepted.add(ch);
                    TsoProtocol.addFraming(ch.pipeline());
                    ch.pipeline().addLast(new ConnectionHandler());
                }
            });
        this.listener = bootstrap.bind(bindHost, port).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Closes every client connection (their gate holds are released); used when this CN's term ends. */
    void closeConnections() {
        accepted.close();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        accepted.close().syncUninterruptibly();
    }

    /** One client connection: its requests and its gate holds. */
    private final class ConnectionHandler extends SimpleChannelInboundHandler<ByteBuf> {
        // guarded by this
        private final Map<Long, FutureTask<Void>> pendingEnters = new HashMap<>();
        private final Map<Mode, Integer> holds = new EnumMap<>(Map.of(Mode.COMMIT, 0, Mode.SNAPSHOT, 0));
        private LocalCommitGate heldOn;
        private boolean closed;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            Request request = TsoProtocol.readRequest(msg);
            switch (request.op()) {
                case TsoProtocol.OP_TIMESTAMPS -> timestamps(ctx, request);
                case TsoProtocol.OP_ENTER_COMMIT, TsoProtocol.OP_ENTER_SNAPSHOT -> enter(ctx, request);
                case TsoProtocol.OP_EXIT_COMMIT, TsoProtocol.OP_EXIT_SNAPSHOT -> exit(TsoProtocol.mode(request.op()));
                case TsoProtocol.OP_ABANDON -> abandon(request.id());
                default -> ctx.writeAndFlush(TsoProtocol.answer(ctx.alloc(), request.op(), request.id(),
                    TsoProtocol.STATUS_ERROR, "unknown TSO request " + request.op()));
            }
        }

        private void timestamps(ChannelHandlerContext ctx, Request request) {
            TsoLeader term = leader.get();
            try {
                if (term == null) {
                    throw new TsoUnavailableException("not the TSO leader");
                }
                long first = term.nextRange(request.arg());
                ctx.writeAndFlush(TsoProtocol.timestamps(ctx.alloc(), request.id(), first, request.arg()));
            } catch (TsoUnavailableException e) {
                ctx.writeAndFlush(TsoProtocol.answer(ctx.alloc(), request.op(), request.id(),
                    TsoProtocol.STATUS_NOT_LEADER, e.getMessage()));
            } catch (RuntimeException e) {
                ctx.writeAndFlush(TsoProtocol.answer(ctx.alloc(), request.op(), request.id(),
                    TsoProtocol.STATUS_ERROR, String.valueOf(e.getMessage())));
            }
        }

        private void enter(ChannelHandlerContext ctx, Request request) {
            TsoLeader term = leader.get();
            Mode mode = TsoProtocol.mode(request.op());
            String refusal = null;
            synchronized (this) {
                if (term == null || !term.serving()) {
                    refusal = "not the TSO leader";
                } else if (heldOn != null && heldOn != term.gate()) {
                    refusal = "this connection holds the gate of an earlier TSO term";
                } else {
                    FutureTask<Void> task = new FutureTask<>(() -> runEnter(ctx, term.gate(), mode, request.id()),
                        null);
                    pendingEnters.put(request.id(), task);
                    gateExecutor.execute(task);
                }
            }
            if (refusal != null) {
                ctx.writeAndFlush(TsoProtocol.answer(ctx.alloc(), request.op(), request.id(),
                    TsoProtocol.STATUS_NOT_LEADER, refusal));
            }
        }

        /** On a gate thread: waits for admission, then keeps the hold unless the enter was given up meanwhile. */
        private void runEnter(ChannelHandlerContext ctx, LocalCommitGate gate, Mode mode, long id) {
            try {
                gate.enter(mode);
            } catch (SqlError interrupted) {
                // abandoned by the client or the connection closed: nothing held, nobody waits for an answer
                return;
            }
            synchronized (this) {
                if (pendingEnters.remove(id) == null || closed) {
                    gate.exit(mode);
                    return;
                }
                heldOn = gate;
                holds.merge(mode, 1, Integer::sum);
            }
            ctx.writeAndFlush(TsoProtocol.answer(ctx.alloc(), TsoProtocol.enterOp(mode), id, TsoProtocol.STATUS_OK,
                null));
        }

        private synchronized void exit(Mode mode) {
            if (holds.get(mode) == 0) {
                log.warn("exit of {} over a connection that holds none; ignored", mode);
                return;
            }
            holds.merge(mode, -1, Integer::sum);
            heldOn.exit(mode);
        }

        private synchronized void abandon(long id) {
            FutureTask<Void> task = pendingEnters.remove(id);
            if (task != null) {
                task.cancel(true);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (this) {
                closed = true;
                pendingEnters.values().forEach(task -> task.cancel(true));
                pendingEnters.clear();
                for (Mode mode : Mode.values()) {
                    for (int i = holds.get(mode); i > 0; i--) {
                        heldOn.exit(mode);
                    }
                    holds.put(mode, 0);
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("TSO connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
