package com.polardbx.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

class TestMysqlPacketDecoder {
    private static ByteBuf framed(int seq, byte[] payload) {
        ByteBuf out = Unpooled.buffer();
        PacketFraming.writeFramed(out, seq, Unpooled.wrappedBuffer(payload));
        return out;
    }

    @Test
    void packetsSplitAcrossReadsAndSeveralInOneRead() {
        EmbeddedChannel ch = new EmbeddedChannel(new MysqlPacketDecoder(1 << 26, null));
        ByteBuf two = Unpooled.wrappedBuffer(framed(0, new byte[] {3, 'a'}), framed(0, new byte[] {14}));
        ByteBuf third = framed(5, new byte[] {1, 2, 3, 4, 5});
        ch.writeInbound(two, third.readRetainedSlice(3));
        ch.writeInbound(third);
        MysqlPacket a = ch.readInbound();
        MysqlPacket b = ch.readInbound();
        MysqlPacket c = ch.readInbound();
        assertEquals(2, a.payload().readableBytes());
        assertEquals(14, b.payload().getByte(0));
        assertEquals(5, c.sequenceId());
        assertEquals(5, c.payload().readableBytes());
        assertNull(ch.readInbound());
        a.payload().release();
        b.payload().release();
        c.payload().release();
    }

    @Test
    void chunksOf16MegabytesAreJoinedIncludingTheEmptyLastChunk() {
        EmbeddedChannel ch = new EmbeddedChannel(new MysqlPacketDecoder(1 << 26, null));
        for (int size : new int[] {PacketFraming.MAX_CHUNK, PacketFraming.MAX_CHUNK * 2 + 7}) {
            byte[] payload = new byte[size];
            payload[size - 1] = 42;
            ByteBuf in = framed(3, payload);
            assertEquals(PacketFraming.framedSize(size), in.readableBytes());
            ch.writeInbound(in);
            MysqlPacket p = ch.readInbound();
            assertEquals(size, p.payload().readableBytes());
            assertEquals(42, p.payload().getByte(size - 1));
            // the sequence id is the last chunk's: replies continue after it
            assertEquals(3 + size / PacketFraming.MAX_CHUNK, p.sequenceId());
            p.payload().release();
        }
    }

    @Test
    void oversizedPacketIsRejected() {
        EmbeddedChannel ch = new EmbeddedChannel(new MysqlPacketDecoder(1024, null));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(framed(0, new byte[2048])));
        assertEquals(PacketTooLargeException.class, e.getCause().getClass());
        // the rest of the stream is ignored
        ch.writeInbound(framed(0, new byte[] {1}));
        assertNull(ch.readInbound());
    }
}
