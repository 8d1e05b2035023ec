package com.polardbx.server.net;

import io.netty.buffer.ByteBuf;

/** Frames payloads as MySQL packets: a 3-byte length and a sequence id, payloads of 16 MB or more split in chunks. */
public final class PacketFraming {
    /** The largest chunk payload; a chunk of exactly this size means "more chunks follow". */
    public static final int MAX_CHUNK = 0xFFFFFF;
    public static final int HEADER_SIZE = 4;

    private PacketFraming() {
    }

    /**
     * Appends {@code payload} (readable bytes, not consumed) to {@code out} as one or more chunks.
     *
     * @return the sequence id for the next packet
     */
    public static int writeFramed(ByteBuf out, int sequenceId, ByteBuf payload) {
        int index = payload.readerIndex();
        int remaining = payload.readableBytes();
        int seq = sequenceId;
        while (true) {
            int len = Math.min(remaining, MAX_CHUNK);
            out.writeMediumLE(len);
            out.writeByte(seq);
            out.writeBytes(payload, index, len);
            seq = (seq + 1) & 0xFF;
            index += len;
            remaining -= len;
            // a payload that is an exact multiple of MAX_CHUNK ends with an empty chunk
            if (len < MAX_CHUNK) {
                return seq;
            }
        }
    }

    /** Bytes {@link #writeFramed} produces for a payload of {@code length} bytes. */
    public static int framedSize(int length) {
        return length + HEADER_SIZE * (length / MAX_CHUNK + 1);
    }
}
