package com.polardbx.executor.spill;

import com.polardbx.executor.chunk.BigIntegerBlock;
import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.BytesBlock;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.DecimalBlock;
import com.polardbx.executor.chunk.DoubleBlock;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.LongBlock;
import com.polardbx.executor.chunk.StringBlock;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The compact binary form of a {@link Chunk} (one spill page). Exact: every value, including {@code -0.0}, NaN bit
 * patterns, decimal scales and strings with unpaired surrogates, reads back equal. Stateless and thread-safe.
 *
 * <pre>
 * page   := varint positionCount, varint channelCount, block*
 * block  := byte execType (ordinal), byte nullMode (0 none, 1 bitmap follows, 2 all NULL),
 *           [bitmap: ceil(positionCount / 8) bytes, bit set = NULL], value* (non-NULL positions only)
 * LONG        zig-zag varint
 * DOUBLE      8 bytes, raw IEEE bits, big-endian
 * BIG_INTEGER bigint
 * DECIMAL     zig-zag varint scale, bigint unscaled value
 * STRING      varint (length &lt;&lt; 1 | wide), then length bytes (every char &lt; U+0100, as Latin-1) or
 *             length UTF-16 chars of 2 bytes (wide)
 * BYTES       varint length, bytes
 * bigint      byte 0 + zig-zag varint (fits in a long), or byte 1 + varint length + two's-complement bytes
 * </pre>
 */
public final class ChunkSerde {
    private static final ExecType[] TYPES = ExecType.values();
    private static final int NO_NULLS = 0;
    private static final int SOME_NULLS = 1;
    private static final int ALL_NULL = 2;

    private ChunkSerde() {
    }

    /** The chunk as a new byte array. */
    public static byte[] serialize(Chunk chunk) {
        PageBuffer out = new PageBuffer((int) Math.min(1 << 20, chunk.sizeInBytes() / 2 + 16));
        write(chunk, out);
        return java.util.Arrays.copyOf(out.array(), out.size());
    }

    /** Reads a chunk written by {@link #serialize}. */
    public static Chunk deserialize(byte[] bytes) {
        return read(ByteBuffer.wrap(bytes));
    }

    static void write(Chunk chunk, PageBuffer out) {
        int n = chunk.positionCount();
        out.writeVarLong(n);
        out.writeVarLong(chunk.channelCount());
        for (int c = 0; c < chunk.channelCount(); c++) {
            writeBlock(chunk.block(c), n, out);
        }
    }

    private static void writeBlock(Block block, int n, PageBuffer out) {
        ExecType type = block.execType();
        out.writeByte(type.ordinal());
        int nulls = 0;
        for (int p = 0; p < n; p++) {
            nulls += block.isNull(p) ? 1 : 0;
        }
        if (nulls == n && n > 0) {
            out.writeByte(ALL_NULL);
            return;
        }
        if (nulls == 0) {
            out.writeByte(NO_NULLS);
        } else {
            out.writeByte(SOME_NULLS);
            for (int p = 0; p < n; p += 8) {
                int bits = 0;
                for (int i = 0; i < 8 && p + i < n; i++) {
                    bits |= block.isNull(p + i) ? 1 << i : 0;
                }
                out.writeByte(bits);
            }
        }
        for (int p = 0; p < n; p++) {
            if (!block.isNull(p)) {
                writeValue(type, block, p, out);
            }
        }
    }

    private static void writeValue(ExecType type, Block block, int p, PageBuffer out) {
        switch (type) {
            case LONG -> out.writeSignedVarLong(((LongBlock) block).getLong(p));
            case DOUBLE -> out.writeLong(Double.doubleToRawLongBits(((DoubleBlock) block).getDouble(p)));
            case BIG_INTEGER -> writeBigInteger((BigInteger) block.get(p), out);
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) block.get(p);
                out.writeSignedVarLong(d.scale());
                writeBigInteger(d.unscaledValue(), out);
            }
            case STRING -> writeString((String) block.get(p), out);
            case BYTES -> {
                byte[] b = (byte[]) block.get(p);
                out.writeVarLong(b.length);
                out.writeBytes(b);
            }
        }
    }

    private static void writeBigInteger(BigInteger v, PageBuffer out) {
        if (v.bitLength() < 64) {
            out.writeByte(0);
            out.writeSignedVarLong(v.longValue());
        } else {
            byte[] b = v.toByteArray();
            out.writeByte(1);
            out.writeVarLong(b.length);
            out.writeBytes(b);
        }
    }

    private static void writeString(String s, PageBuffer out) {
        int len = s.length();
        boolean wide = false;
        for (int i = 0; i < len && !wide; i++) {
            wide = s.charAt(i) > 0xFF;
        }
        out.writeVarLong(((long) len << 1) | (wide ? 1 : 0));
        if (wide) {
            for (int i = 0; i < len; i++) {
                char ch = s.charAt(i);
                out.writeByte(ch >>> 8);
                out.writeByte(ch);
            }
        } else {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Reads one chunk from the buffer's position (a heap buffer), advancing it. */
    static Chunk read(ByteBuffer in) {
        int n = (int) readVarLong(in);
        int channels = (int) readVarLong(in);
        Block[] blocks = new Block[channels];
        for (int c = 0; c < channels; c++) {
            blocks[c] = readBlock(in, n);
        }
        return new Chunk(n, blocks);
    }

    private static Block readBlock(ByteBuffer in, int n) {
        ExecType type = TYPES[in.get()];
        int mode = in.get();
        boolean[] nulls = null;
        if (mode == ALL_NULL) {
            nulls = new boolean[n];
            java.util.Arrays.fill(nulls, true);
        } else if (mode == SOME_NULLS) {
            nulls = new boolean[n];
            for (int p = 0; p < n; p += 8) {
                int bits = in.get() & 0xFF;
                for (int i = 0; i < 8 && p + i < n; i++) {
                    nulls[p + i] = (bits & (1 << i)) != 0;
                }
            }
        } else if (mode != NO_NULLS) {
            throw new IllegalStateException("corrupt spill page: null mode " + mode);
        }
        return switch (type) {
            case LONG -> readLongs(in, n, nulls);
            case DOUBLE -> readDoubles(in, n, nulls);
            case BIG_INTEGER -> {
                BigInteger[] values = new BigInteger[n];
                for (int p = 0; p < n; p++) {
                    values[p] = isNull(nulls, p) ? null : readBigInteger(in);
                }
                yield new BigIntegerBlock(n, values);
            }
            case DECIMAL -> {
                BigDecimal[] values = new BigDecimal[n];
                for (int p = 0; p < n; p++) {
                    if (!isNull(nulls, p)) {
                        int scale = (int) readSignedVarLong(in);
                        values[p] = new BigDecimal(readBigInteger(in), scale);
                    }
                }
                yield new DecimalBlock(n, values);
            }
            case STRING -> {
                String[] values = new String[n];
                for (int p = 0; p < n; p++) {
                    values[p] = isNull(nulls, p) ? null : readString(in);
                }
                yield new StringBlock(n, values);
            }
            case BYTES -> {
                byte[][] values = new byte[n][];
                for (int p = 0; p < n; p++) {
                    if (!isNull(nulls, p)) {
                        values[p] = new byte[(int) readVarLong(in)];
                        in.get(values[p]);
                    }
                }
                yield new BytesBlock(n, values);
            }
        };
    }

    private static boolean isNull(boolean[] nulls, int p) {
        return nulls != null && nulls[p];
    }

    private static Block readLongs(ByteBuffer in, int n, boolean[] nulls) {
        long[] values = new long[n];
        for (int p = 0; p < n; p++) {
            values[p] = isNull(nulls, p) ? 0 : readSignedVarLong(in);
        }
        return new LongBlock(n, values, nulls);
    }

    private static Block readDoubles(ByteBuffer in, int n, boolean[] nulls) {
        double[] values = new double[n];
        for (int p = 0; p < n; p++) {
            values[p] = isNull(nulls, p) ? 0 : Double.longBitsToDouble(in.getLong());
        }
        return new DoubleBlock(n, values, nulls);
    }

    private static BigInteger readBigInteger(ByteBuffer in) {
        if (in.get() == 0) {
            return BigInteger.valueOf(readSignedVarLong(in));
        }
        byte[] b = new byte[(int) readVarLong(in)];
        in.get(b);
        return new BigInteger(b);
    }

    private static String readString(ByteBuffer in) {
        long header = readVarLong(in);
        int len = (int) (header >>> 1);
        if ((header & 1) == 0) {
            String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.ISO_8859_1);
            in.position(in.position() + len);
            return s;
        }
        char[] chars = new char[len];
        for (int i = 0; i < len; i++) {
            chars[i] = in.getChar();
        }
        return new String(chars);
    }

    private static long readVarLong(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    private static long readSignedVarLong(ByteBuffer in) {
        long v = readVarLong(in);
        return (v >>> 1) ^ -(v & 1);
    }
}
