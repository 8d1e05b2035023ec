package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel hash join gives the serial join's rows (as a multiset) for DOP 2 and 4, also when spilling. */
class TestParallelHashJoin {
    @TempDir
    Path dir;

    /** Build side: k as DECIMAL(10,2) (joins BIGINT k by value), s, f, id. */
    private static final List<ColumnType> BUILD_TYPES = List.of(ColumnType.decimal(2), TYPES.get(2),
        ColumnType.DOUBLE, ColumnType.BIGINT);
    /** (k, s) against (DECIMAL k, general_ci s): routed by the values' hash keys. */
    private static final int[][] MIXED_KEYS = {{1, 2}, {0, 1}};
    /** probe k against build id, both BIGINT: routed by the longs' own hash. */
    private static final int[][] LONG_KEYS = {{1}, {3}};
    /** probe.f < build.f: NULL when either is NULL (so such pairs do not match). */
    private static final Expression RESIDUAL = DoubleComparison.less(TYPES.size() + 2, 4);

    private static List<Object[]> buildRows(List<Object[]> rows) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            BigDecimal k = r[1] == null ? null : BigDecimal.valueOf((Long) r[1]).setScale(2);
            out.add(new Object[] {k, r[2], r[4], (Long) r[0] % 113});
        }
        return out;
    }

    private static Operator join(QueryContext ctx, int degree, JoinType type, int[][] keys, List<Object[]> build,
                                 Expression residual) {
        ChunkSource source = TestingRows.source(BUILD_TYPES, 100, build.toArray(new Object[0][]));
        return degree == 1
            ? new HashJoinOperator(ctx, type, TYPES, keys[0], source, BUILD_TYPES, keys[1], residual)
            : new ParallelHashJoinOperator(ctx, type, TYPES, keys[0], source, BUILD_TYPES, keys[1], residual, degree);
    }

    private static List<List<Object>> joined(QueryContext ctx, int degree, JoinType type, int[][] keys,
                                             List<Object[]> probe, List<Object[]> build, Expression residual) {
        return TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, probe),
            join(ctx, degree, type, keys, build, residual)));
    }

    /** Serial in memory, then DOP 2 and 4 in memory and under the tiny limit: all the same rows. */
    private void assertSameAsSerial(JoinType type, int[][] keys, List<Object[]> probe, List<Object[]> build,
                                    Expression residual, int minRows) {
        List<List<Object>> serial = joined(TestingSpill.unlimited(dir), 1, type, keys, probe, build, residual);
        assertTrue(serial.size() >= minRows, type + " rows: " + serial.size());
        for (int degree : new int[] {2, 4}) {
            assertEquals(serial, joined(TestingSpill.unlimited(dir), degree, type, keys, probe, build, residual),
                "DOP " + degree);
            QueryContext tiny = TestingSpill.tiny(dir);
            assertEquals(serial, joined(tiny, degree, type, keys, probe, build, residual), "DOP " + degree + " spilled");
            TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
        }
    }

    @Test
    void innerAndLeftOnMixedKeysEqualTheSerialJoin() {
        // general_ci spellings ('Banana', 'BANANA  ') and 7 vs 7.00 must meet in one worker; NULL keys never match
        List<Object[]> probe = TestingSpill.rows(41, 5000, 1500);
        List<Object[]> build = buildRows(TestingSpill.rows(42, 5000, 1500));
        assertSameAsSerial(JoinType.INNER, MIXED_KEYS, probe, build, null, 5000);
        assertSameAsSerial(JoinType.LEFT, MIXED_KEYS, probe, build, null, probe.size());
    }

    @Test
    void residualConditionsAndLongKeysEqualTheSerialJoin() {
        List<Object[]> probe = TestingSpill.rows(43, 4000, 1000);
        List<Object[]> build = buildRows(TestingSpill.rows(44, 3000, 1000));
        assertSameAsSerial(JoinType.INNER, LONG_KEYS, probe, build, RESIDUAL, 1000);
        assertSameAsSerial(JoinType.LEFT, LONG_KEYS, probe, build, RESIDUAL, probe.size());
        assertSameAsSerial(JoinType.LEFT, MIXED_KEYS, probe, build, RESIDUAL, probe.size());
    }

    @Test
    void emptySides() {
        List<Object[]> rows = TestingSpill.rows(45, 500, 100);
        for (int degree : new int[] {1, 3}) {
            assertEquals(List.of(), joined(TestingSpill.unlimited(dir), degree, JoinType.INNER, MIXED_KEYS, List.of(),
                buildRows(rows), null));
            assertEquals(500, joined(TestingSpill.unlimited(dir), degree, JoinType.LEFT, MIXED_KEYS, rows, List.of(),
                null).size());
        }
    }

    @Test
    void aWorkersErrorIsTheQuerysError() {
        QueryContext ctx = TestingSpill.unlimited(dir);
        List<Object[]> probe = TestingSpill.rows(46, 3000, 100);
        Operator join = join(ctx, 2, JoinType.INNER, LONG_KEYS, buildRows(TestingSpill.rows(47, 3000, 100)),
            new FailingCondition());
        SqlError e = assertThrows(SqlError.class, () -> run(ctx, ValuesOperator.ofRows(TYPES, probe), join));
        assertEquals(1690, e.errno());
        assertEquals(0, ctx.memoryPool().reservedBytes());
    }

    @Test
    void closingBeforeTheEndStopsTheWorkersAndFreesTheirMemory() {
        QueryContext ctx = TestingSpill.tiny(dir);
        List<Object[]> probe = TestingSpill.rows(48, 20_000, 3000);
        Driver driver = new Driver(ctx, List.of(ValuesOperator.ofRows(TYPES, probe),
            join(ctx, 2, JoinType.INNER, MIXED_KEYS, buildRows(TestingSpill.rows(49, 5000, 3000)), null)));
        Chunk first = driver.next();
        assertNotNull(first);
        driver.close();
        assertEquals(0, ctx.memoryPool().reservedBytes());
        assertEquals(0, ctx.spillSpace().liveFiles());
    }

    @Test
    void cancellationStopsAParallelJoin() {
        QueryContext ctx = TestingSpill.unlimited(dir);
        List<Object[]> probe = TestingSpill.rows(50, 20_000, 500);
        Driver driver = new Driver(ctx, List.of(ValuesOperator.ofRows(TYPES, probe),
            join(ctx, 2, JoinType.LEFT, LONG_KEYS, buildRows(TestingSpill.rows(51, 2000, 500)), null)));
        assertNotNull(driver.next());
        ctx.cancel();
        SqlError e = assertThrows(SqlError.class, () -> {
            while (driver.next() != null) {
                // drain until the cancellation is seen
            }
        });
        assertEquals(1317, e.errno());
        driver.close();
        assertEquals(0, ctx.memoryPool().reservedBytes());
    }

    /** A condition that fails on one probe row, as an overflowing expression would. */
    private static final class FailingCondition implements Expression {
        @Override
        public ColumnType type() {
            return ColumnType.BIGINT;
        }

        @Override
        public Block evaluate(Chunk chunk) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object evaluate(Chunk chunk, int position) {
            if ((Long) chunk.get(0, position) == 2500L) {
                throw new SqlError(ErrorCode.ER_DATA_OUT_OF_RANGE, "BIGINT", "test");
            }
            return 1L;
        }
    }
}
