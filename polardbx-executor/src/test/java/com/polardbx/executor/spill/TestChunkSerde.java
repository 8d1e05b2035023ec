package com.polardbx.executor.spill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.BlockBuilder;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ExecType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestChunkSerde {
    /** Non-null sample values per type, including the awkward ones. */
    private static List<Object> samples(ExecType type) {
        return switch (type) {
            case LONG -> List.of(0L, 1L, -1L, 63L, -64L, 300L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40);
            case DOUBLE -> List.of(0.0, -0.0, 1.5, -2.25e-300, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE);
            case BIG_INTEGER -> List.of(BigInteger.ZERO, new BigInteger("18446744073709551615"),
                BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE),
                new BigInteger("-123456789012345678901234567890"), BigInteger.TWO.pow(63));
            case DECIMAL -> List.of(new BigDecimal("0"), new BigDecimal("0.00"), new BigDecimal("-1.50"),
                new BigDecimal("12345678901234567890123456789.123456789"), new BigDecimal("1E+5"),
                BigDecimal.valueOf(Long.MAX_VALUE, 4), new BigDecimal("-0.0000000001"));
            case STRING -> List.of("", "a", "A ", "Straße", "\u00ff\u0080", "中文", "\uD83D\uDE00 emoji",
                "lone \uD800 surrogate", "x".repeat(5000), "\u0000nul");
            case BYTES -> List.of(new byte[0], new byte[] {0, -1, 127, -128}, allBytes());
        };
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static Block block(ExecType type, List<Object> values) {
        BlockBuilder b = BlockBuilder.create(type, values.size());
        values.forEach(b::append);
        return b.build();
    }

    /** Values with no NULL, some NULLs (every pattern position), and only NULLs. */
    private static List<List<Object>> nullPatterns(ExecType type) {
        List<Object> plain = samples(type);
        List<Object> some = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            some.add(i % 3 == 1 ? null : plain.get(i % plain.size()));
        }
        List<Object> allNull = Arrays.asList(new Object[11]);
        return List.of(plain, some, allNull, List.of());
    }

    @Test
    void everyBlockTypeRoundTripsWithNulls() {
        for (ExecType type : ExecType.values()) {
            for (List<Object> values : nullPatterns(type)) {
                Chunk chunk = new Chunk(values.size(), block(type, values));
                Chunk back = ChunkSerde.deserialize(ChunkSerde.serialize(chunk));
                assertEquals(values.size(), back.positionCount());
                assertEquals(type, back.block(0).execType());
                for (int p = 0; p < values.size(); p++) {
                    assertSame(type, values.get(p), back.get(0, p));
                    assertEquals(values.get(p) == null, back.block(0).isNull(p));
                }
            }
        }
    }

    private static void assertSame(ExecType type, Object expected, Object actual) {
        String where = type + " " + expected;
        if (expected == null) {
            assertNull(actual, where);
        } else if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) actual, where);
        } else if (expected instanceof Double d) {
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) actual), where);
        } else {
            assertEquals(expected, actual, where); // BigDecimal.equals also compares the scale
        }
    }

    @Test
    void chunksWithManyColumnsAndWithoutColumnsRoundTrip() {
        Random random = new Random(7);
        ExecType[] types = ExecType.values();
        Block[] blocks = new Block[types.length];
        List<List<Object>> columns = new ArrayList<>();
        for (int c = 0; c < types.length; c++) {
            List<Object> samples = samples(types[c]);
            List<Object> values = new ArrayList<>();
            for (int p = 0; p < 1000; p++) {
                values.add(random.nextInt(5) == 0 ? null : samples.get(random.nextInt(samples.size())));
            }
            columns.add(values);
            blocks[c] = block(types[c], values);
        }
        Chunk back = ChunkSerde.deserialize(ChunkSerde.serialize(new Chunk(1000, blocks)));
        for (int c = 0; c < types.length; c++) {
            for (int p = 0; p < 1000; p++) {
                assertSame(types[c], columns.get(c).get(p), back.get(c, p));
            }
        }
        Chunk countOnly = ChunkSerde.deserialize(ChunkSerde.serialize(new Chunk(42)));
        assertEquals(42, countOnly.positionCount());
        assertEquals(0, countOnly.channelCount());
    }

    @Test
    void smallValuesAreCompact() {
        List<Object> small = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            small.add(i % 50);
        }
        byte[] bytes = ChunkSerde.serialize(new Chunk(1000, block(ExecType.LONG, small)));
        assertTrue(bytes.length < 1100, "one byte per small long, got " + bytes.length);
    }
}
