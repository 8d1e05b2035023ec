package com.polardbx.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Splits the inbound byte stream into {@link MysqlPacket}s, joining 16 MB chunks, and performs the TLS upgrade.
 *
 * <p>The TLS upgrade must happen here, on the event loop: a client sends its TLS ClientHello right behind the
 * SSLRequest packet without waiting, so the SslHandler has to be in place before any further byte is decoded.
 */
public final class MysqlPacketDecoder extends ByteToMessageDecoder {
    private static final int SSL_REQUEST_LENGTH = 32;
    private static final int CLIENT_SSL = 0x800;

    private final int maxPacketSize;
    private final SslContext sslContext;
    private CompositeByteBuf pending;
    private boolean firstPacket = true;
    private boolean discarding;

    /** @param sslContext null when TLS is not offered */
    public MysqlPacketDecoder(int maxPacketSize, SslContext sslContext) {
        this.maxPacketSize = maxPacketSize;
        this.sslContext = sslContext;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            // after an oversized packet the stream is out of step; the connection is being closed
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= PacketFraming.HEADER_SIZE) {
            int start = in.readerIndex();
            int len = in.getUnsignedMediumLE(start);
            int seq = in.getUnsignedByte(start + 3);
            long total = len + (pending == null ? 0L : pending.readableBytes());
            if (total > maxPacketSize) {
                in.skipBytes(in.readableBytes());
                releasePending();
                discarding = true;
                throw new PacketTooLargeException(seq, total, maxPacketSize);
            }
            if (in.readableBytes() < PacketFraming.HEADER_SIZE + len) {
                return;
            }
            in.skipBytes(PacketFraming.HEADER_SIZE);
            ByteBuf chunk = in.readRetainedSlice(len);
            if (pending == null && len < PacketFraming.MAX_CHUNK) {
                if (emit(ctx, in, new MysqlPacket(seq, chunk), out)) {
                    return;
                }
                continue;
            }
            if (pending == null) {
                pending = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            }
            pending.addComponent(true, chunk);
            if (len < PacketFraming.MAX_CHUNK) {
                ByteBuf joined = pending;
                pending = null;
                emit(ctx, in, new MysqlPacket(seq, joined), out);
            }
        }
    }

    /** Adds the packet to {@code out}; returns true when a TLS upgrade took over the rest of the input. */
    private boolean emit(ChannelHandlerContext ctx, ByteBuf in, MysqlPacket packet, List<Object> out) {
        out.add(packet);
        if (!firstPacket) {
            return false;
        }
        firstPacket = false;
        ByteBuf payload = packet.payload();
        boolean sslRequest = sslContext != null && payload.readableBytes() == SSL_REQUEST_LENGTH
            && (payload.getIntLE(payload.readerIndex()) & CLIENT_SSL) != 0;
        if (!sslRequest) {
            return false;
        }
        SslHandler ssl = sslContext.newHandler(ctx.alloc());
        ctx.pipeline().addBefore(ctx.name(), "tls", ssl);
        if (in.isReadable()) {
            // bytes already read behind the SSLRequest belong to the TLS handshake: hand them to the SslHandler
            ctx.pipeline().fireChannelRead(in.readRetainedSlice(in.readableBytes()));
        }
        return true;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePending();
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
