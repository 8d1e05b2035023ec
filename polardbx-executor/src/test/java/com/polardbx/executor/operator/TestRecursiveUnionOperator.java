package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.row;
import static com.polardbx.executor.operator.TestingRows.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.MemoryPool;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRecursiveUnionOperator {
    private static final List<ColumnType> N = List.of(ColumnType.BIGINT);

    @TempDir
    Path spillDir;

    /** A step that maps every row of the working table to the rows {@code f} gives (none: the row ends there). */
    private static Function<WorkingTable, ChunkSource> step(List<ColumnType> outTypes,
                                                            Function<List<Object>, List<Object[]>> f) {
        return table -> {
            List<Object[]> out = new ArrayList<>();
            for (List<Object> r : TestingRows.collect(table.reader())) {
                out.addAll(f.apply(r));
            }
            return source(outTypes, 3, out.toArray(Object[][]::new));
        };
    }

    private static RecursiveUnionOperator counter(QueryContext ctx, long maxIterations, long upTo) {
        return new RecursiveUnionOperator(ctx, source(N, 1, new Object[] {1L}), N, false, maxIterations,
            step(N, r -> (Long) r.get(0) < upTo ? List.<Object[]>of(new Object[] {(Long) r.get(0) + 1}) : List.of()));
    }

    @Test
    void unionAllRunsTheStepUntilARoundProducesNothing() {
        RecursiveUnionOperator op = counter(QueryContext.unlimited("q"), 1000, 5);
        assertEquals(List.of(row(1L), row(2L), row(3L), row(4L), row(5L)), TestingRows.collect(op));
        assertEquals(5, op.iterations(), "four rounds with rows, one without");
        assertFalse(op.iterationLimitReached());
    }

    @Test
    void unionAllFeedsOnlyThePreviousRoundAndKeepsDuplicates() {
        // each row of round k gives two rows of round k + 1: 1, 2 + 2, 4 + 4 + 4 + 4
        RecursiveUnionOperator op = new RecursiveUnionOperator(QueryContext.unlimited("q"), source(N, 1,
            new Object[] {1L}), N, false, 1000, step(N, r -> (Long) r.get(0) < 4
                ? List.of(new Object[] {(Long) r.get(0) * 2}, new Object[] {(Long) r.get(0) * 2}) : List.of()));
        assertEquals(List.of(row(1L), row(2L), row(2L), row(4L), row(4L), row(4L), row(4L)),
            TestingRows.collect(op));
    }

    @Test
    void unionDistinctEndsOnACycleAndDropsSeedDuplicates() {
        Map<Long, List<Long>> edges = Map.of(1L, List.of(2L, 3L), 2L, List.of(3L), 3L, List.of(1L, 4L), 4L, List.of());
        RecursiveUnionOperator op = new RecursiveUnionOperator(QueryContext.unlimited("q"),
            source(N, 1, new Object[] {1L}, new Object[] {1L}), N, true, 1000,
            step(N, r -> edges.get((Long) r.get(0)).stream().map(to -> new Object[] {to}).toList()));
        assertEquals(List.of(row(1L), row(2L), row(3L), row(4L)), TestingRows.collect(op));
        assertFalse(op.iterationLimitReached());
    }

    @Test
    void theIterationLimitStopsWithoutErrorAfterThatManyRounds() {
        RecursiveUnionOperator op = counter(QueryContext.unlimited("q"), 3, Long.MAX_VALUE);
        assertEquals(List.of(row(1L), row(2L), row(3L), row(4L)), TestingRows.collect(op));
        assertTrue(op.iterationLimitReached());
        RecursiveUnionOperator seedOnly = counter(QueryContext.unlimited("q"), 0, Long.MAX_VALUE);
        assertEquals(List.of(row(1L)), TestingRows.collect(seedOnly));
        assertTrue(seedOnly.iterationLimitReached(), "MariaDB warns even when the limit is 0");
        RecursiveUnionOperator exact = counter(QueryContext.unlimited("q"), 3, 4);
        TestingRows.collect(exact);
        assertTrue(exact.iterationLimitReached(), "MariaDB warns when the last allowed round still gave rows");
    }

    @Test
    void stepValuesTakeTheSeedsTypes() {
        List<ColumnType> seedTypes = List.of(ColumnType.BIGINT, ColumnType.decimal(1));
        List<ColumnType> stepTypes = List.of(ColumnType.decimal(1), ColumnType.decimal(3));
        RecursiveUnionOperator op = new RecursiveUnionOperator(QueryContext.unlimited("q"),
            source(seedTypes, 1, new Object[] {1L, new BigDecimal("0.5")}), seedTypes, false, 1000,
            step(stepTypes, r -> (Long) r.get(0) < 3 ? List.<Object[]>of(new Object[] {
                new BigDecimal((Long) r.get(0) + ".5"), ((BigDecimal) r.get(1)).add(new BigDecimal("0.125"))})
                : List.of()));
        // 1.5 is stored as 2 (MySQL rounds), 0.625 as 0.6; 2.5 as 3
        assertEquals(List.of(row(1L, new BigDecimal("0.5")), row(2L, new BigDecimal("0.6")),
            row(3L, new BigDecimal("0.7"))), TestingRows.collect(op));
    }

    @Test
    void aWorkingTableThatOutgrowsThePoolSpillsAndGivesTheSameRows() {
        // round k holds 2^k rows; the last rounds do not fit in 64 KB
        Function<List<Object>, List<Object[]>> doubling = r -> (Long) r.get(0) < 14
            ? List.of(new Object[] {(Long) r.get(0) + 1}, new Object[] {(Long) r.get(0) + 1}) : List.of();
        List<List<Object>> expected = TestingRows.collect(new RecursiveUnionOperator(TestingSpill.unlimited(spillDir),
            source(N, 1, new Object[] {0L}), N, false, 1000, step(N, doubling)));
        QueryContext tiny = TestingSpill.tiny(spillDir);
        RecursiveUnionOperator op = new RecursiveUnionOperator(tiny, source(N, 1, new Object[] {0L}), N, false, 1000,
            step(N, doubling));
        assertEquals(expected, TestingRows.collect(op));
        assertEquals((1 << 15) - 1, expected.size());
        TestingSpill.assertSpilledAndCleanedUp(tiny, spillDir);
    }

    @Test
    void aDistinctSetThatOutgrowsThePoolFailsWith3170() {
        QueryContext tiny = new QueryContext("tiny", new MemoryPool("tiny", TestingSpill.TINY_LIMIT), spillDir);
        RecursiveUnionOperator distinct = new RecursiveUnionOperator(tiny, source(N, 1, new Object[] {1L}), N, true,
            Long.MAX_VALUE, step(N, r -> List.<Object[]>of(new Object[] {(Long) r.get(0) + 1})));
        SqlError e = assertThrows(SqlError.class, () -> TestingRows.collect(distinct));
        assertEquals(3170, e.errno());
        assertEquals(0, tiny.memoryPool().reservedBytes(), "memory given back on close");
    }

    @Test
    void killQueryStopsARunawayRecursionBetweenRounds() {
        QueryContext ctx = QueryContext.unlimited("q");
        RecursiveUnionOperator op = counter(ctx, Long.MAX_VALUE, Long.MAX_VALUE);
        for (int i = 0; i < 100; i++) {
            Chunk c = op.next();
            assertEquals(i + 1L, c.get(0, 0));
        }
        ctx.cancel();
        SqlError e = assertThrows(SqlError.class, () -> {
            while (op.next() != null) {
                // a runaway recursion never ends by itself
            }
        });
        assertEquals(1317, e.errno());
        op.close();
    }
}
