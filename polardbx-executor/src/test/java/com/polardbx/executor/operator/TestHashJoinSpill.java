package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHashJoinSpill {
    @TempDir
    Path dir;

    /** Build side: k as DECIMAL(10,2) (joins BIGINT k by value), s, f, id. */
    private static final List<ColumnType> BUILD_TYPES = List.of(ColumnType.decimal(2), TYPES.get(2),
        ColumnType.DOUBLE, ColumnType.BIGINT);
    private static final int[] PROBE_KEYS = {1, 2};
    private static final int[] BUILD_KEYS = {0, 1};

    private static List<Object[]> buildRows(List<Object[]> rows) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal k = r[1] == null ? null : BigDecimal.valueOf((Long) r[1]).setScale(2);
            out.add(new Object[] {k, r[2], r[4], r[0]});
        }
        return out;
    }

    /** probe.f > build.f: NULL when either is NULL (so such pairs do not match). */
    private static final Expression RESIDUAL = DoubleComparison.less(TYPES.size() + 2, 4);

    private List<List<Object>> compare(JoinType type, List<Object[]> probe, List<Object[]> build,
                                       Expression residual) {
        return compare(type, probe, build, residual, true);
    }

    private List<List<Object>> compare(JoinType type, List<Object[]> probe, List<Object[]> build,
                                       Expression residual, boolean spills) {
        List<List<Object>> expected = null;
        for (QueryContext ctx : List.of(TestingSpill.unlimited(dir), TestingSpill.tiny(dir))) {
            HashJoinOperator join = new HashJoinOperator(ctx, type, TYPES, PROBE_KEYS,
                TestingRows.source(BUILD_TYPES, 100, build.toArray(new Object[0][])), BUILD_TYPES, BUILD_KEYS,
                residual);
            List<List<Object>> out = TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, probe), join));
            if (expected == null) {
                expected = out;
                assertEquals(0, ctx.spilledFiles());
            } else {
                assertEquals(expected, out);
                if (spills) {
                    TestingSpill.assertSpilledAndCleanedUp(ctx, dir);
                } else {
                    assertEquals(0, ctx.spilledFiles());
                    assertEquals(0, ctx.memoryPool().reservedBytes());
                }
            }
        }
        return expected;
    }

    /** As the aggregation: a join spills with smaller pages when another operator holds most of the pool. */
    @Test
    void spillsWithSmallerPagesWhenAnotherOperatorHoldsMostOfThePool() {
        List<Object[]> probe = TestingSpill.rows(27, 4000, 1500);
        List<Object[]> build = buildRows(TestingSpill.rows(28, 4000, 1500));
        List<List<Object>> expected = null;
        QueryContext tiny = TestingSpill.tiny(dir);
        for (QueryContext ctx : List.of(TestingSpill.unlimited(dir), tiny)) {
            try (com.polardbx.executor.memory.LocalMemoryContext other = ctx.newMemoryContext()) {
                other.setBytes(TestingSpill.TINY_LIMIT - 12 * 1024);
                HashJoinOperator join = new HashJoinOperator(ctx, JoinType.LEFT, TYPES, PROBE_KEYS,
                    TestingRows.source(BUILD_TYPES, 100, build.toArray(new Object[0][])), BUILD_TYPES, BUILD_KEYS,
                    RESIDUAL);
                List<List<Object>> out = TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, probe), join));
                if (expected == null) {
                    expected = out;
                } else {
                    assertEquals(expected, out);
                }
            }
        }
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
    }

    @Test
    void innerJoinSpillsAndEqualsInMemory() {
        List<List<Object>> out = compare(JoinType.INNER, TestingSpill.rows(21, 4000, 1500),
            buildRows(TestingSpill.rows(22, 4000, 1500)), null);
        assertTrue(out.size() > 4000, "rows: " + out.size());
    }

    @Test
    void leftJoinWithResidualSpillsAndNullExtends() {
        List<Object[]> probe = TestingSpill.rows(23, 4000, 1500);
        List<List<Object>> out = compare(JoinType.LEFT, probe, buildRows(TestingSpill.rows(24, 4000, 1500)),
            RESIDUAL);
        long nullExtended = out.stream().filter(r -> r.get(TYPES.size() + 3) == null).count();
        assertTrue(nullExtended > 100, "null-extended rows: " + nullExtended);
        assertTrue(out.size() >= probe.size());
    }

    @Test
    void innerJoinWithResidual() {
        compare(JoinType.INNER, TestingSpill.rows(25, 3000, 1000), buildRows(TestingSpill.rows(26, 3000, 1000)),
            RESIDUAL);
    }

    /**
     * One key holds the whole build side: splitting cannot help, so the partition is joined block by block (the only
     * way this can succeed under the tiny limit; otherwise the join fails with 3170).
     */
    @Test
    void skewedKeyFallsBackToBlockNestedLoops() {
        List<Object[]> build = new ArrayList<>();
        for (Object[] r : buildRows(TestingSpill.rows(27, 800, 1000))) {
            r[0] = new BigDecimal("7.00");
            r[1] = r[0].hashCode() % 2 == 0 ? "Apple" : "APPLE  ";
            build.add(r);
        }
        List<Object[]> probe = TestingSpill.rows(28, 200, 1000);
        for (int i = 0; i < probe.size(); i += 7) {
            probe.get(i)[1] = 7L;
            probe.get(i)[2] = "apple";
        }
        for (JoinType type : List.of(JoinType.INNER, JoinType.LEFT)) {
            List<List<Object>> left = compare(type, probe, build, RESIDUAL);
            assertTrue(left.size() > 500, type + " rows: " + left.size());
            compare(type, probe, build, null);
        }
    }

    @Test
    void emptySidesAfterSpilling() {
        List<Object[]> build = buildRows(TestingSpill.rows(29, 3000, 1000));
        assertEquals(List.of(), compare(JoinType.INNER, List.of(), build, null));
        assertEquals(List.of(), compare(JoinType.LEFT, List.of(), build, null));
        List<Object[]> probe = TestingSpill.rows(30, 500, 1000);
        assertEquals(500, compare(JoinType.LEFT, probe, List.of(), null, false).size());
    }

    @Test
    void oneProbeRowMatchingManyBuildRowsComesOutChunkByChunk() {
        List<Object[]> build = new ArrayList<>();
        for (Object[] r : buildRows(TestingSpill.rows(31, 5000, 10))) {
            r[0] = BigDecimal.ONE;
            r[1] = "x";
            build.add(r);
        }
        List<Object[]> probe = List.<Object[]>of(new Object[] {1L, 1L, "X", null, null});
        for (QueryContext ctx : List.of(TestingSpill.unlimited(dir), TestingSpill.tiny(dir))) {
            HashJoinOperator join = new HashJoinOperator(ctx, JoinType.INNER, TYPES, PROBE_KEYS,
                TestingRows.source(BUILD_TYPES, 100, build.toArray(new Object[0][])), BUILD_TYPES, BUILD_KEYS, null);
            int rows = 0;
            int chunks = 0;
            try (Driver driver = new Driver(ctx, List.of(ValuesOperator.ofRows(TYPES, probe), join))) {
                for (Chunk c = driver.next(); c != null; c = driver.next()) {
                    assertTrue(c.positionCount() <= Chunk.DEFAULT_SIZE, "chunk of " + c.positionCount());
                    rows += c.positionCount();
                    chunks++;
                }
            }
            assertEquals(5000, rows);
            assertTrue(chunks >= 5, "chunks: " + chunks);
        }
        TestingSpill.assertNoFiles(dir);
    }
}
