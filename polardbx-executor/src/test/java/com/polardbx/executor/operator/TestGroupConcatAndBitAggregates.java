package com.polardbx.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GROUP_CONCAT and BIT_AND/OR/XOR accumulators, also across a spill of their state. */
class TestGroupConcatAndBitAggregates {
    /** Columns: 0 value VARCHAR, 1 separator VARCHAR, 2 order key BIGINT. */
    private static Chunk rows() {
        ChunkBuilder b = new ChunkBuilder(List.of(ColumnType.VARCHAR, ColumnType.VARCHAR, ColumnType.BIGINT));
        b.appendRow(new Object[] {"pear", ";", 3L});
        b.appendRow(new Object[] {"apple", ";", 1L});
        b.appendRow(new Object[] {null, ";", 0L});
        b.appendRow(new Object[] {"plum", ";", 3L});
        return b.build();
    }

    private static Object run(AggregateCall call, Chunk chunk, boolean spillHalfway) {
        Accumulator acc = Accumulator.create(call);
        for (int p = 0; p < chunk.positionCount(); p++) {
            if (spillHalfway && p == 2) {
                Object[] state = new Object[acc.stateTypes().size()];
                acc.writeState(state, 0);
                ChunkBuilder saved = new ChunkBuilder(acc.stateTypes());
                saved.appendRow(state);
                acc = Accumulator.create(call);
                acc.readState(saved.build(), 0, 0);
            }
            acc.add(chunk, p);
        }
        return acc.result()[0];
    }

    @Test
    void groupConcatOrdersStablySkipsNullsAndUsesTheSeparator() {
        AggregateCall ordered = new AggregateCall(AggregateKind.GROUP_CONCAT, AggregateMode.SINGLE, List.of(0, 1),
            ColumnType.VARCHAR, false, List.of(SortKey.desc(2, Collation.BINARY)));
        assertEquals("pear;plum;apple", run(ordered, rows(), false));
        assertEquals("pear;plum;apple", run(ordered, rows(), true));
        AggregateCall plain = new AggregateCall(AggregateKind.GROUP_CONCAT, AggregateMode.SINGLE, List.of(0),
            ColumnType.VARCHAR, false);
        assertEquals("pear,apple,plum", run(plain, rows(), false));
        ChunkBuilder empty = new ChunkBuilder(List.of(ColumnType.VARCHAR));
        assertNull(run(plain, empty.build(), false));
    }

    @Test
    void bitAggregatesUseUnsigned64Bits() {
        ChunkBuilder b = new ChunkBuilder(List.of(ColumnType.BIGINT));
        for (long v : new long[] {6, 3, 5}) {
            b.appendRow(new Object[] {v});
        }
        Chunk chunk = b.build();
        assertEquals(BigInteger.valueOf(7), run(AggregateCall.of(AggregateKind.BIT_OR, AggregateMode.SINGLE, 0,
            ColumnType.BIGINT), chunk, true));
        assertEquals(BigInteger.ZERO, run(AggregateCall.of(AggregateKind.BIT_AND, AggregateMode.SINGLE, 0,
            ColumnType.BIGINT), chunk, false));
        assertEquals(BigInteger.ZERO, run(AggregateCall.of(AggregateKind.BIT_XOR, AggregateMode.SINGLE, 0,
            ColumnType.BIGINT), chunk, false));
        assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), run(AggregateCall.of(
            AggregateKind.BIT_AND, AggregateMode.SINGLE, 0, ColumnType.BIGINT), new ChunkBuilder(
            List.of(ColumnType.BIGINT)).build(), false));
    }
}
