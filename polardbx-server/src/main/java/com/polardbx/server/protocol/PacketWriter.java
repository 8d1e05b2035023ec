package com.polardbx.server.protocol;

import com.polardbx.server.net.PacketFraming;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;

/**
 * Writes one connection's response packets with the right sequence ids, batching them into few socket writes and
 * blocking the (worker) thread while the client does not keep up. Used by one thread at a time.
 */
public final class PacketWriter {
    private static final int BATCH_BYTES = 64 * 1024;
    /** A batch starts this small and grows: most responses are an OK packet or a few short rows. */
    private static final int FIRST_BATCH_BYTES = 2048;
    /** A payload above this size is not kept for reuse (one huge row must not pin its buffer). */
    private static final int SCRATCH_KEEP_BYTES = 64 * 1024;

    private final Channel channel;
    private final Object writability = new Object();
    private ByteBuf batch;
    /** The payload buffer handed out again and again (a response builds one packet at a time); unpooled. */
    private ByteBuf scratch;
    private boolean scratchInUse;
    private int sequenceId;
    private int capabilities = Capabilities.SERVER_DEFAULT;

    public PacketWriter(Channel channel) {
        this.channel = channel;
    }

    /** The sequence id the next packet gets; set to the request's id + 1 before answering it. */
    public void sequenceId(int next) {
        this.sequenceId = next & 0xFF;
    }

    /** The capabilities both sides agreed on; they decide EOF packets vs OK terminators. */
    public void capabilities(int negotiated) {
        this.capabilities = negotiated;
    }

    public int capabilities() {
        return capabilities;
    }

    public boolean deprecateEof() {
        return (capabilities & Capabilities.DEPRECATE_EOF) != 0;
    }

    /**
     * A buffer for one packet's payload, to be passed to {@link #write}. Packets are built one after another, so one
     * buffer is reused (allocating one per packet cost several percent of a point select's CPU); a payload asked for
     * while another is still being built gets a fresh buffer.
     */
    public ByteBuf newPayload() {
        if (scratchInUse) {
            return channel.alloc().heapBuffer(64);
        }
        if (scratch == null) {
            scratch = io.netty.buffer.Unpooled.buffer(256); // garbage-collected: nothing to free when the connection ends
        }
        scratchInUse = true;
        return scratch.clear();
    }

    /** Frames and queues {@code payload}, then releases it (or keeps it for the next {@link #newPayload}). */
    public void write(ByteBuf payload) {
        try {
            if (batch == null) {
                batch = channel.alloc().buffer(Math.max(FIRST_BATCH_BYTES,
                    PacketFraming.framedSize(payload.readableBytes())));
            }
            sequenceId = PacketFraming.writeFramed(batch, sequenceId, payload);
        } finally {
            if (payload == scratch) {
                scratchInUse = false;
                if (scratch.capacity() > SCRATCH_KEEP_BYTES) {
                    scratch = null;
                }
            } else {
                payload.release();
            }
        }
        if (batch.readableBytes() >= BATCH_BYTES) {
            flush();
        }
    }

    /** Gives up a payload from {@link #newPayload} that will not be written (building it failed). */
    public void discard(ByteBuf payload) {
        if (payload == scratch) {
            scratchInUse = false;
        } else {
            payload.release();
        }
    }

    /** Sends everything queued, then closes the channel; never waits, so the event loop may call it. */
    public void flushAndClose() {
        ByteBuf out = batch;
        batch = null;
        if (out == null || !channel.isActive()) {
            if (out != null) {
                out.release();
            }
            channel.close();
            return;
        }
        channel.writeAndFlush(out).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }

    /** Sends everything queued; waits while the channel's outbound buffer is above its high-water mark. */
    public void flush() {
        if (batch != null) {
            ByteBuf out = batch;
            batch = null;
            if (!channel.isActive()) {
                out.release();
                throw new ClientGoneException();
            }
            channel.writeAndFlush(out, channel.voidPromise());
        }
        awaitWritable();
    }

    private void awaitWritable() {
        synchronized (writability) {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    throw new ClientGoneException();
                }
                try {
                    writability.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ClientGoneException();
                }
            }
        }
    }

    /** Called from the event loop when the channel's writability changed. */
    public void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    public void writeOk(long affectedRows, long lastInsertId, int status, int warnings, String info) {
        ByteBuf p = newPayload();
        p.writeByte(0x00);
        WireFormat.writeLenencInt(p, affectedRows);
        WireFormat.writeLenencInt(p, lastInsertId);
        p.writeShortLE(status);
        p.writeShortLE(warnings);
        if (info != null && !info.isEmpty()) {
            // length-prefixed, as MySQL and MariaDB send it (the protocol docs say string<EOF>; drivers read both)
            WireFormat.writeLenencString(p, info);
        }
        write(p);
    }

    public void writeError(int errno, String sqlState, String message) {
        ByteBuf p = newPayload();
        p.writeByte(0xFF);
        p.writeShortLE(errno);
        p.writeByte('#');
        String state = sqlState == null || sqlState.length() != 5 ? "HY000" : sqlState;
        p.writeBytes(state.getBytes(StandardCharsets.US_ASCII));
        p.writeBytes((message == null ? "" : message).getBytes(StandardCharsets.UTF_8));
        write(p);
    }

    /** An EOF packet (only sent to clients without CLIENT_DEPRECATE_EOF). */
    public void writeEof(int status, int warnings) {
        ByteBuf p = newPayload();
        p.writeByte(0xFE);
        p.writeShortLE(warnings);
        p.writeShortLE(status);
        write(p);
    }

    /** Ends a result set: an EOF packet, or an OK packet with the 0xFE header under CLIENT_DEPRECATE_EOF. */
    public void writeResultEnd(int status, int warnings) {
        if (!deprecateEof()) {
            writeEof(status, warnings);
            return;
        }
        ByteBuf p = newPayload();
        p.writeByte(0xFE);
        WireFormat.writeLenencInt(p, 0);
        WireFormat.writeLenencInt(p, 0);
        p.writeShortLE(status);
        p.writeShortLE(warnings);
        write(p);
    }
}
