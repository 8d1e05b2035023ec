package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class TestTemporalBinary {
    private static byte[] dateTime(String text) {
        ByteBuf buf = Unpooled.buffer();
        TemporalBinary.writeDateTime(buf, text);
        return ByteBufUtil.getBytes(buf);
    }

    private static byte[] time(String text) {
        ByteBuf buf = Unpooled.buffer();
        TemporalBinary.writeTime(buf, text);
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void datesAndDatetimesPickTheShortestLength() {
        assertArrayEquals(new byte[] {4, (byte) 0xE8, 0x07, 1, 31}, dateTime("2024-01-31"));
        assertArrayEquals(new byte[] {4, (byte) 0xE8, 0x07, 1, 31}, dateTime("2024-01-31 00:00:00"));
        assertArrayEquals(new byte[] {7, (byte) 0xE8, 0x07, 1, 31, 10, 20, 30}, dateTime("2024-01-31 10:20:30"));
        assertArrayEquals(new byte[] {11, (byte) 0xE8, 0x07, 1, 31, 10, 20, 30, 0x40, (byte) 0xE2, 0x01, 0},
            dateTime("2024-01-31 10:20:30.123456"));
        assertArrayEquals(new byte[] {0}, dateTime("0000-00-00 00:00:00"));
        assertArrayEquals(new byte[] {11, (byte) 0xE8, 0x07, 1, 31, 10, 20, 30, 0x20, (byte) 0xA1, 0x07, 0},
            dateTime("2024-01-31 10:20:30.5"));
    }

    @Test
    void timesCarryDaysAndSign() {
        assertArrayEquals(new byte[] {8, 1, 34, 0, 0, 0, 22, 59, 59}, time("-838:59:59"));
        assertArrayEquals(new byte[] {0}, time("00:00:00"));
        assertArrayEquals(new byte[] {12, 0, 0, 0, 0, 0, 1, 2, 3, 1, 0, 0, 0}, time("01:02:03.000001"));
    }

    @Test
    void roundTripThroughParameterDecoding() {
        for (String s : new String[] {"2024-01-31 10:20:30.123456", "1999-12-31 23:59:59", "2020-02-29 00:00:00"}) {
            ByteBuf buf = Unpooled.buffer();
            TemporalBinary.writeDateTime(buf, s);
            assertEquals(s, TemporalBinary.readDateTime(buf, false));
        }
        for (String s : new String[] {"-838:59:59", "12:00:01.250000", "00:00:00", "100:00:00"}) {
            ByteBuf buf = Unpooled.buffer();
            TemporalBinary.writeTime(buf, s);
            assertEquals(s, TemporalBinary.readTime(buf));
        }
    }
}
