package com.polardbx.transaction.tso;

import com.polardbx.transaction.tso.gate.CommitGate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.charset.StandardCharsets;

/**
 * The TSO wire protocol between a CN and the TSO leader: length-prefixed frames (4-byte big-endian length).
 *
 * <p>Request: {@code op:u8 id:i64 arg:i32}. Response: {@code op:u8 id:i64 status:u8} followed, for an OK answer to
 * {@link #OP_TIMESTAMPS}, by {@code first:i64 count:i32}, and for any other status by a UTF-8 message. Requests with
 * the same connection are answered in any order and matched by id. {@code OP_TIMESTAMPS} asks for {@code arg}
 * consecutive timestamps; gate enters are answered once admitted; exits and {@code OP_ABANDON} (arg unused, id = the
 * enter given up) get no answer. When the connection closes, the leader releases every gate hold taken over it.
 */
final class TsoProtocol {
    static final byte OP_TIMESTAMPS = 1;
    static final byte OP_ENTER_COMMIT = 2;
    static final byte OP_EXIT_COMMIT = 3;
    static final byte OP_ENTER_SNAPSHOT = 4;
    static final byte OP_EXIT_SNAPSHOT = 5;
    static final byte OP_ABANDON = 6;

    static final byte STATUS_OK = 0;
    static final byte STATUS_NOT_LEADER = 1;
    static final byte STATUS_ERROR = 2;

    private static final int MAX_FRAME = 64 * 1024;

    private TsoProtocol() {
    }

    record Request(byte op, long id, int arg) {
    }

    record Response(byte op, long id, byte status, long first, int count, String message) {
    }

    static void addFraming(ChannelPipeline pipeline) {
        pipeline.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
        pipeline.addLast(new LengthFieldPrepender(4));
    }

    static ByteBuf request(ByteBufAllocator alloc, byte op, long id, int arg) {
        return alloc.buffer(13).writeByte(op).writeLong(id).writeInt(arg);
    }

    static Request readRequest(ByteBuf in) {
        return new Request(in.readByte(), in.readLong(), in.readInt());
    }

    static ByteBuf timestamps(ByteBufAllocator alloc, long id, long first, int count) {
        return alloc.buffer(22).writeByte(OP_TIMESTAMPS).writeLong(id).writeByte(STATUS_OK).writeLong(first)
            .writeInt(count);
    }

    static ByteBuf answer(ByteBufAllocator alloc, byte op, long id, byte status, String message) {
        byte[] text = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        return alloc.buffer(10 + text.length).writeByte(op).writeLong(id).writeByte(status).writeBytes(text);
    }

    static Response readResponse(ByteBuf in) {
        byte op = in.readByte();
        long id = in.readLong();
        byte status = in.readByte();
        if (status == STATUS_OK && op == OP_TIMESTAMPS) {
            return new Response(op, id, status, in.readLong(), in.readInt(), null);
        }
        return new Response(op, id, status, 0, 0, in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8)
            .toString());
    }

    static byte enterOp(CommitGate.Mode mode) {
        return mode == CommitGate.Mode.COMMIT ? OP_ENTER_COMMIT : OP_ENTER_SNAPSHOT;
    }

    static byte exitOp(CommitGate.Mode mode) {
        return mode == CommitGate.Mode.COMMIT ? OP_EXIT_COMMIT : OP_EXIT_SNAPSHOT;
    }

    /** The mode of an enter or exit op. */
    static CommitGate.Mode mode(byte op) {
        return op == OP_ENTER_COMMIT || op == OP_EXIT_COMMIT ? CommitGate.Mode.COMMIT : CommitGate.Mode.SNAPSHOT;
    }
}
