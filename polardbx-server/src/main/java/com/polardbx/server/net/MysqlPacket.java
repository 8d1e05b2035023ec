package com.polardbx.server.net;

import io.netty.buffer.ByteBuf;

/**
 * One logical MySQL packet received from a client: its payload (chunks of 16 MB packets already joined) and the
 * sequence id of its last chunk. The receiver releases {@code payload}.
 */
public record MysqlPacket(int sequenceId, ByteBuf payload) {
}
