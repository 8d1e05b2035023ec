package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHashAggregationSpill {
    @TempDir
    Path dir;

    private static final ColumnType BIGINT = ColumnType.BIGINT;
    private static final ColumnType S = TYPES.get(2);
    private static final ColumnType D = TYPES.get(3);

    private static List<AggregateCall> calls(AggregateMode m) {
        return List.of(AggregateCall.countStar(m), AggregateCall.of(AggregateKind.COUNT, m, 3, D),
            AggregateCall.of(AggregateKind.SUM, m, 0, BIGINT), AggregateCall.of(AggregateKind.SUM, m, 3, D),
            AggregateCall.of(AggregateKind.SUM, m, 4, ColumnType.DOUBLE),
            AggregateCall.of(AggregateKind.AVG, m, 0, BIGINT), AggregateCall.of(AggregateKind.AVG, m, 3, D),
            AggregateCall.of(AggregateKind.AVG, m, 4, ColumnType.DOUBLE),
            AggregateCall.of(AggregateKind.MIN, m, 2, S), AggregateCall.of(AggregateKind.MAX, m, 2, S),
            AggregateCall.of(AggregateKind.MIN, m, 4, ColumnType.DOUBLE), AggregateCall.of(AggregateKind.MAX, m, 3, D));
    }

    private static List<AggregateCall> singleWithDistinct() {
        List<AggregateCall> all = new ArrayList<>(calls(AggregateMode.SINGLE));
        all.add(AggregateCall.distinct(AggregateKind.COUNT, 2, S)); // general_ci: 'Apple' = 'APPLE  '
        all.add(AggregateCall.distinct(AggregateKind.SUM, 3, D));
        all.add(AggregateCall.distinct(AggregateKind.AVG, 4, ColumnType.DOUBLE));
        all.add(AggregateCall.distinct(AggregateKind.MAX, 0, BIGINT));
        return all;
    }

    /** Runs the aggregation with an unlimited and a tiny pool; the results must be the same rows. */
    private List<List<Object>> compare(List<ColumnType> types, List<Object[]> rows, int[] groups,
                                       List<AggregateCall> calls) {
        QueryContext big = TestingSpill.unlimited(dir);
        List<List<Object>> expected = run(big, ValuesOperator.ofRows(types, rows),
            new HashAggregationOperator(big, types, groups, calls));
        assertEquals(0, big.spilledFiles());
        QueryContext tiny = TestingSpill.tiny(dir);
        List<List<Object>> actual = run(tiny, ValuesOperator.ofRows(types, rows),
            new HashAggregationOperator(tiny, types, groups, calls));
        // exact equality, DOUBLE sums included: restored state continues in the same order
        assertEquals(TestingSpill.sorted(expected), TestingSpill.sorted(actual));
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
        return expected;
    }

    @Test
    void singleModeWithDistinctSpillsAndEqualsInMemory() {
        List<List<Object>> out = compare(TYPES, TestingSpill.rows(11, 20_000, 3000), new int[] {2, 1},
            singleWithDistinct());
        assertTrue(out.size() > 1000, "groups: " + out.size());
    }

    /**
     * Another operator holds most of the pool and cannot give it back (a join's table while it is probed): the
     * aggregation's spill pages shrink to what it holds plus what is free instead of failing with 3170 for want of
     * full-size page buffers.
     */
    @Test
    void spillsWithSmallerPagesWhenAnotherOperatorHoldsMostOfThePool() {
        List<Object[]> rows = TestingSpill.rows(16, 20_000, 3000);
        int[] groups = {2, 1};
        QueryContext big = TestingSpill.unlimited(dir);
        List<List<Object>> expected = run(big, ValuesOperator.ofRows(TYPES, rows),
            new HashAggregationOperator(big, TYPES, groups, calls(AggregateMode.SINGLE)));
        QueryContext tiny = TestingSpill.tiny(dir);
        try (com.polardbx.executor.memory.LocalMemoryContext join = tiny.newMemoryContext()) {
            join.setBytes(TestingSpill.TINY_LIMIT - 12 * 1024); // full-size buffers would take a quarter
            List<List<Object>> actual = run(tiny, ValuesOperator.ofRows(TYPES, rows),
                new HashAggregationOperator(tiny, TYPES, groups, calls(AggregateMode.SINGLE)));
            assertEquals(TestingSpill.sorted(expected), TestingSpill.sorted(actual));
        }
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
    }

    @Test
    void partialThenFinalSpillAndEqualInMemory() {
        List<Object[]> rows = TestingSpill.rows(12, 12_000, 2500);
        List<List<Object>> partial = compare(TYPES, rows, new int[] {2}, calls(AggregateMode.PARTIAL));
        // FINAL over the partial rows: s, count, count(d), sum(id), sum(d), sum(f), avg(id) as sum+count, ...
        HashAggregationOperator shape = new HashAggregationOperator(TestingSpill.unlimited(dir), TYPES, new int[] {2},
            calls(AggregateMode.PARTIAL));
        List<ColumnType> pt = shape.outputTypes();
        shape.close();
        AggregateMode f = AggregateMode.FINAL;
        List<AggregateCall> fin = List.of(AggregateCall.of(AggregateKind.COUNT, f, 1, BIGINT),
            AggregateCall.of(AggregateKind.COUNT, f, 2, BIGINT), AggregateCall.of(AggregateKind.SUM, f, 3, pt.get(3)),
            AggregateCall.of(AggregateKind.SUM, f, 4, pt.get(4)), AggregateCall.of(AggregateKind.SUM, f, 5, pt.get(5)),
            AggregateCall.finalAvg(6, 7, pt.get(6)), AggregateCall.finalAvg(8, 9, pt.get(8)),
            AggregateCall.finalAvg(10, 11, pt.get(10)), AggregateCall.of(AggregateKind.MIN, f, 12, pt.get(12)),
            AggregateCall.of(AggregateKind.MAX, f, 13, pt.get(13)), AggregateCall.of(AggregateKind.MIN, f, 14,
                pt.get(14)), AggregateCall.of(AggregateKind.MAX, f, 15, pt.get(15)));
        List<Object[]> partialRows = new ArrayList<>();
        // every partial row twice, as if from two shards
        for (List<Object> r : partial) {
            partialRows.add(r.toArray());
            partialRows.add(r.toArray());
        }
        compare(pt, partialRows, new int[] {0}, fin);
    }

    @Test
    void groupByWithoutAggregatesIsDistinctAndSpills() {
        // UNION / SELECT DISTINCT: group by every column
        compare(TYPES, TestingSpill.rows(13, 8000, 800), new int[] {1, 2, 3}, List.of());
    }

    @Test
    void spillingAggregationFeedingASpillingJoinBuild() {
        // The join's build side reads the aggregation's output partition by partition; each partition the
        // aggregation loads asks the join (still building) to give memory back.
        List<Object[]> rows = TestingSpill.rows(14, 6000, 1500);
        List<ColumnType> aggTypes = List.of(S, BIGINT, BIGINT);
        List<AggregateCall> aggCalls = List.of(AggregateCall.countStar(AggregateMode.SINGLE),
            AggregateCall.of(AggregateKind.MIN, AggregateMode.SINGLE, 0, BIGINT));
        List<List<Object>> expected = null;
        for (QueryContext ctx : List.of(TestingSpill.unlimited(dir), TestingSpill.tiny(dir))) {
            Driver build = new Driver(ctx, List.of(ValuesOperator.ofRows(TYPES, rows),
                new HashAggregationOperator(ctx, TYPES, new int[] {2}, aggCalls)));
            HashJoinOperator join = new HashJoinOperator(ctx, JoinType.LEFT, TYPES, new int[] {2}, build, aggTypes,
                new int[] {0}, null);
            List<List<Object>> out = TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, rows.subList(0, 3000)),
                join));
            if (expected == null) {
                expected = out;
                assertEquals(0, ctx.spilledFiles());
            } else {
                assertEquals(expected, out);
                TestingSpill.assertSpilledAndCleanedUp(ctx, dir);
            }
        }
        assertEquals(3000, expected.size());
    }

    @Test
    void topNOverTheLimitFailsWithCapacityExceeded() {
        QueryContext tiny = TestingSpill.tiny(dir);
        SqlError e = assertThrows(SqlError.class, () -> run(tiny, ValuesOperator.ofRows(TYPES,
            TestingSpill.rows(15, 20_000, 100)), new TopNOperator(tiny, TYPES, List.of(SortKey.asc(2,
            Collation.GENERAL_CI)), 1_000_000)));
        assertEquals(3170, e.errno());
        assertEquals("HY000", e.sqlState());
        assertTrue(e.getMessage().contains("'polardbx_query_memory_limit'"), e.getMessage());
        assertEquals(0, tiny.memoryPool().reservedBytes());
        TestingSpill.assertNoFiles(dir);
    }
}
