package com.polardbx.server.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reads and writes the protocol's basic data types: length-encoded integers and strings, NUL-terminated strings. */
public final class WireFormat {
    /** The length-encoded NULL marker of text rows. */
    public static final int NULL_VALUE = 0xFB;

    private WireFormat() {
    }

    public static void writeLenencInt(ByteBuf out, long value) {
        if (value >= 0 && value < 251) {
            out.writeByte((int) value);
        } else if (value >= 0 && value < (1 << 16)) {
            out.writeByte(0xFC);
            out.writeShortLE((int) value);
        } else if (value >= 0 && value < (1 << 24)) {
            out.writeByte(0xFD);
            out.writeMediumLE((int) value);
        } else {
            out.writeByte(0xFE);
            out.writeLongLE(value);
        }
    }

    public static void writeLenencBytes(ByteBuf out, byte[] value) {
        writeLenencInt(out, value.length);
        out.writeBytes(value);
    }

    public static void writeLenencString(ByteBuf out, String value) {
        writeLenencBytes(out, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeNulString(ByteBuf out, String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }

    public static long readLenencInt(ByteBuf in) {
        int first = in.readUnsignedByte();
        return switch (first) {
            case 0xFC -> in.readUnsignedShortLE();
            case 0xFD -> in.readUnsignedMediumLE();
            case 0xFE -> in.readLongLE();
            default -> first;
        };
    }

    public static byte[] readLenencBytes(ByteBuf in) {
        long len = readLenencInt(in);
        if (len < 0 || len > in.readableBytes()) {
            throw new IllegalArgumentException("length-encoded string runs past the packet end");
        }
        byte[] bytes = new byte[(int) len];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads up to the next NUL (consumed) or to the end of the packet. */
    public static String readNulString(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
        int stop = end < 0 ? in.writerIndex() : end;
        String s = in.toString(in.readerIndex(), stop - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(end < 0 ? stop : stop + 1);
        return s;
    }

    public static byte[] readNulBytes(ByteBuf in) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
        int stop = end < 0 ? in.writerIndex() : end;
        byte[] bytes = new byte[stop - in.readerIndex()];
        in.readBytes(bytes);
        if (end >= 0) {
            in.skipBytes(1);
        }
        return bytes;
    }

    public static String readRestString(ByteBuf in) {
        String s = in.toString(StandardCharsets.UTF_8);
        in.skipBytes(in.readableBytes());
        return s;
    }
}
