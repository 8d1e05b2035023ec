package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestParallelHashAggregation {
    @TempDir
    Path dir;

    private static final ColumnType S = TYPES.get(2);
    private static final ColumnType D = TYPES.get(3);

    private static List<AggregateCall> calls() {
        AggregateMode m = AggregateMode.SINGLE;
        return List.of(AggregateCall.countStar(m), AggregateCall.of(AggregateKind.SUM, m, 3, D),
            AggregateCall.of(AggregateKind.SUM, m, 4, ColumnType.DOUBLE),
            AggregateCall.of(AggregateKind.AVG, m, 4, ColumnType.DOUBLE),
            AggregateCall.of(AggregateKind.MIN, m, 2, S), AggregateCall.of(AggregateKind.MAX, m, 0, ColumnType.BIGINT),
            AggregateCall.distinct(AggregateKind.COUNT, 3, D));
    }

    private static Operator aggregation(QueryContext ctx, int degree, int[] groups) {
        return degree == 1 ? new HashAggregationOperator(ctx, TYPES, groups, calls())
            : new ParallelHashAggregationOperator(ctx, TYPES, groups, calls(), degree);
    }

    private static List<List<Object>> aggregate(QueryContext ctx, int degree, List<Object[]> rows, int[] groups) {
        return TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, rows), aggregation(ctx, degree, groups)));
    }

    @Test
    void degreesOneTwoAndThreeGiveTheSameGroups() {
        // strings equal under general_ci but spelled differently must meet in one worker; DOUBLE sums bit-identical
        List<Object[]> rows = TestingSpill.rows(21, 30_000, 4000);
        for (int[] groups : List.of(new int[] {2, 1}, new int[] {1}, new int[] {3})) {
            List<List<Object>> serial = aggregate(TestingSpill.unlimited(dir), 1, rows, groups);
            assertTrue(serial.size() > 10, "groups: " + serial.size());
            assertEquals(serial, aggregate(TestingSpill.unlimited(dir), 2, rows, groups));
            assertEquals(serial, aggregate(TestingSpill.unlimited(dir), 3, rows, groups));
        }
    }

    @Test
    void workersSpillUnderATinyLimitWithTheSameResult() {
        List<Object[]> rows = TestingSpill.rows(22, 20_000, 3000);
        int[] groups = {2, 1};
        List<List<Object>> serial = aggregate(TestingSpill.unlimited(dir), 1, rows, groups);
        QueryContext tiny = TestingSpill.tiny(dir);
        assertEquals(serial, aggregate(tiny, 2, rows, groups));
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
    }

    @Test
    void closingBeforeTheEndStopsTheWorkersAndFreesTheirMemory() {
        QueryContext ctx = TestingSpill.unlimited(dir);
        List<Object[]> rows = TestingSpill.rows(23, 20_000, 3000);
        Driver driver = new Driver(ctx, List.of(ValuesOperator.ofRows(TYPES, rows),
            aggregation(ctx, 2, new int[] {2, 1})));
        Chunk first = driver.next();
        assertNotNull(first);
        driver.close();
        assertEquals(0, ctx.memoryPool().reservedBytes());
    }

    @Test
    void cancellationStopsAParallelAggregation() {
        QueryContext ctx = TestingSpill.unlimited(dir);
        List<Object[]> rows = TestingSpill.rows(24, 5_000, 500);
        Driver driver = new Driver(ctx, List.of(ValuesOperator.ofRows(TYPES, rows),
            aggregation(ctx, 2, new int[] {1})));
        ctx.cancel();
        SqlError e = assertThrows(SqlError.class, driver::next);
        assertEquals(1317, e.errno());
        driver.close();
        assertEquals(0, ctx.memoryPool().reservedBytes());
    }
}
