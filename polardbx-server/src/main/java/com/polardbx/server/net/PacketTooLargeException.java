package com.polardbx.server.net;

/** Raised by the decoder when a client sends a packet larger than the configured maximum packet size. */
public final class PacketTooLargeException extends RuntimeException {
    private final int sequenceId;

    public PacketTooLargeException(int sequenceId, long size, int limit) {
        super("packet of " + size + " bytes exceeds the limit of " + limit);
        this.sequenceId = sequenceId;
    }

    public int sequenceId() {
        return sequenceId;
    }
}
