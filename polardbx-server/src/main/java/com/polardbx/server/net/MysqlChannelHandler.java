package com.polardbx.server.net;

import com.polardbx.server.protocol.MysqlConnection;
import com.polardbx.server.protocol.ProtocolContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Bridges one channel's events to its {@link MysqlConnection}, moving all protocol work off the event loop onto the
 * connection's {@link SerialExecutor} so that blocking statement execution never stalls other connections.
 */
final class MysqlChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MysqlChannelHandler.class);

    private final ProtocolContext context;
    private final SerialExecutor executor;
    private final AtomicLong connectionIds;
    private MysqlConnection connection;

    MysqlChannelHandler(ProtocolContext context, Executor workers, AtomicLong connectionIds) {
        this.context = context;
        this.executor = new SerialExecutor(workers);
        this.connectionIds = connectionIds;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long id = connectionIds.incrementAndGet();
        connection = new MysqlConnection(context, ctx.channel(), id, hostOf(ctx.channel().remoteAddress()));
        run(connection::start);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MysqlPacket packet) {
            run(() -> connection.handle(packet));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            MysqlConnection c = connection;
            // stop a running statement now; the session itself is closed after the command in progress
            c.clientGone();
            run(c::closed);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof PacketTooLargeException tooLarge && connection != null) {
            MysqlConnection c = connection;
            run(() -> c.packetTooLarge(tooLarge.sequenceId()));
            return;
        }
        if (root instanceof IOException) {
            log.debug("connection {}: {}", connection == null ? "?" : connection.connectionId(), root.toString());
        } else {
            log.warn("connection {}: unexpected error", connection == null ? "?" : connection.connectionId(), root);
        }
        ctx.close();
    }

    private void run(Runnable task) {
        long id = connection.connectionId();
        executor.execute(() -> {
            MDC.put("connId", Long.toString(id));
            try {
                task.run();
            } finally {
                MDC.remove("connId");
            }
        });
    }

    private static String hostOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return "localhost";
    }
}
