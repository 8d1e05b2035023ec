package com.polardbx.executor.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestBlocks {
    @Test
    void buildersKeepValuesAndNullsAcrossGrowth() {
        BlockBuilder longs = BlockBuilder.create(ExecType.LONG, 1);
        for (int i = 0; i < 100; i++) {
            longs.append(i % 7 == 0 ? null : (long) i);
        }
        LongBlock block = (LongBlock) longs.build();
        assertEquals(100, block.positionCount());
        assertTrue(block.isNull(0));
        assertFalse(block.isNull(1));
        assertEquals(99L, block.getLong(99));
        assertNull(block.get(98));
    }

    @Test
    void buildersConvertToTheirType() {
        BlockBuilder dec = BlockBuilder.create(ExecType.DECIMAL, 4);
        dec.append(3L);
        dec.append("1.25x");
        dec.append(0.5);
        Block b = dec.build();
        assertEquals(new BigDecimal("3"), b.get(0));
        assertEquals(new BigDecimal("1.25"), b.get(1));
        assertEquals(new BigDecimal("0.5"), b.get(2));

        BlockBuilder str = BlockBuilder.create(ExecType.STRING, 2);
        str.append(new BigDecimal("1.50"));
        str.append(2.0);
        assertEquals("1.50", str.build().get(0));

        BlockBuilder big = BlockBuilder.create(ExecType.BIG_INTEGER, 1);
        big.append(new BigInteger("18446744073709551615"));
        assertEquals(new BigInteger("18446744073709551615"), big.build().get(0));

        BlockBuilder bytes = BlockBuilder.create(ExecType.BYTES, 1);
        bytes.append("ab");
        assertArrayEquals(new byte[] {'a', 'b'}, (byte[]) bytes.build().get(0));
    }

    @Test
    void chunkBuilderFillsChunksOfTheRequestedSize() {
        ChunkBuilder builder = new ChunkBuilder(List.of(ColumnType.BIGINT, ColumnType.VARCHAR), 3);
        builder.appendRow(new Object[] {1L, "a"});
        builder.appendRow(new Object[] {null, null});
        assertFalse(builder.isFull());
        builder.appendRow(new Object[] {3L, "c"});
        assertTrue(builder.isFull());
        Chunk chunk = builder.build();
        assertEquals(3, chunk.positionCount());
        assertArrayEquals(new Object[] {null, null}, chunk.row(1));
        assertTrue(builder.isEmpty());
        assertTrue(chunk.sizeInBytes() > 0);
        assertEquals("c", chunk.project(1).get(0, 2));
    }

    @Test
    void copyPositionsKeepsTypesValuesAndNulls() {
        List<ColumnType> types = List.of(ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.decimal(2),
            ColumnType.VARCHAR);
        ChunkBuilder builder = new ChunkBuilder(types);
        builder.appendRow(new Object[] {1L, 1.5, new BigDecimal("1.00"), "a"});
        builder.appendRow(new Object[] {null, null, null, null});
        builder.appendRow(new Object[] {3L, 3.5, new BigDecimal("3.00"), "c"});
        Chunk chunk = builder.build();
        Chunk copy = chunk.copyPositions(new int[] {2, 1, 0, 2}, 3);
        assertEquals(3, copy.positionCount());
        assertArrayEquals(chunk.row(2), copy.row(0));
        assertArrayEquals(new Object[] {null, null, null, null}, copy.row(1));
        assertArrayEquals(chunk.row(0), copy.row(2));
        for (int c = 0; c < types.size(); c++) {
            assertEquals(chunk.block(c).getClass(), copy.block(c).getClass());
        }
        assertFalse(copy.block(0).isNull(0));
        assertTrue(copy.block(1).isNull(1));
        Block constant = new ConstantBlock("x", ExecType.STRING, 5).copyPositions(new int[] {4, 0}, 2);
        assertEquals(2, constant.positionCount());
        assertEquals("x", constant.get(1));
    }

    @Test
    void valuesFollowMysqlConversions() {
        assertEquals(12.5, Values.toDouble(" 12.5abc"));
        assertEquals(0.0, Values.toDouble("abc"));
        assertEquals(3L, Values.toLong(new BigDecimal("2.5")));
        assertEquals(-3L, Values.toLong(new BigDecimal("-2.5")));
        assertEquals("1", Values.formatDouble(1.0));
        assertEquals("0.1", Values.formatDouble(0.1));
        assertEquals("1e20", Values.formatDouble(1e20));
    }
}
