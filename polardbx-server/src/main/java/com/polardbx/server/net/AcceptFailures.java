package com.polardbx.server.net;

import com.polardbx.common.error.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "out of file descriptors" on accept into a clear 1040 for the client instead of a hang.
 *
 * <p>A spare descriptor is held open; when accepting fails (EMFILE/ENFILE) it is given back so that the kernel's
 * waiting connection can be accepted, answered with "Too many connections" and closed, after which the spare is taken
 * again. Without this the connection would sit in the listen backlog and the client wait forever. Installed on the
 * listening channel; thread-safe.
 */
@ChannelHandler.Sharable
final class AcceptFailures extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AcceptFailures.class);
    private static final long LOG_EVERY_MILLIS = 10_000;

    private RandomAccessFile spare = openSpare();
    private volatile boolean refusing;
    private final AtomicLong lastLog = new AtomicLong();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            long now = System.currentTimeMillis();
            long last = lastLog.get();
            if (now - last > LOG_EVERY_MILLIS && lastLog.compareAndSet(last, now)) {
                log.error("cannot accept client connections: {}; answering 1040 until descriptors are free",
                    cause.toString());
            }
            releaseSpare();
        }
        ctx.fireExceptionCaught(cause); // the acceptor pauses reading for a moment instead of spinning
    }

    /** Whether {@code channel} is answered with 1040 and closed (descriptors ran out); called before its pipeline. */
    boolean refuseNext(SocketChannel channel) {
        if (!refusing) {
            return false;
        }
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(errorPacket(ErrorCode.ER_CON_COUNT_ERROR)).addListener(ChannelFutureListener.CLOSE);
            }
        });
        channel.closeFuture().addListener(f -> takeSpare());
        return true;
    }

    void close() {
        releaseSpare();
    }

    private synchronized void releaseSpare() {
        refusing = true;
        if (spare != null) {
            try {
                spare.close();
            } catch (IOException e) {
                log.debug("closing the spare descriptor", e);
            }
            spare = null;
        }
    }

    private synchronized void takeSpare() {
        if (spare == null) {
            spare = openSpare();
        }
        refusing = spare == null;
    }

    private static RandomAccessFile openSpare() {
        try {
            return new RandomAccessFile("/dev/null", "r");
        } catch (IOException e) {
            return null;
        }
    }

    /** An ERR packet with sequence id 0, sent in place of the greeting as MySQL does. */
    private static ByteBuf errorPacket(ErrorCode code) {
        byte[] message = code.format().getBytes(StandardCharsets.UTF_8);
        int length = 1 + 2 + 1 + 5 + message.length;
        ByteBuf out = Unpooled.buffer(4 + length);
        out.writeMediumLE(length);
        out.writeByte(0);
        out.writeByte(0xFF);
        out.writeShortLE(code.errno());
        out.writeByte('#');
        out.writeBytes(code.sqlState().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(message);
        return out;
    }
}
