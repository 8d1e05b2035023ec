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

    /**
     * The workers together may hold most of the pool; an operator on the driving thread that then needs memory (a
     * join below loading a spilled partition) cannot spill them itself, since revocation is thread-confined. The
     * parallel operator is the driving thread's revoker: it asks its workers to spill on their own threads.
     */
    @Test
    void aReservationOnTheDrivingThreadMakesTheWorkersSpill() throws InterruptedException {
        List<Object[]> rows = TestingSpill.rows(25, 20_000, 6000);
        int[] groups = {2, 1};
        QueryContext probe = TestingSpill.unlimited(dir);
        aggregate(probe, 2, rows, groups);
        long workersNeed = probe.memoryPool().peakBytes();
        // the workers fit (each grows within half of the pool), but leave less than a quarter of it free
        long limit = workersNeed * 5 / 4;
        QueryContext ctx = new QueryContext("q", new com.polardbx.executor.memory.MemoryPool("q", limit), dir);
        ParallelHashAggregationOperator aggregation = new ParallelHashAggregationOperator(ctx, TYPES, groups, calls(),
            2);
        try (com.polardbx.executor.memory.LocalMemoryContext other = ctx.newMemoryContext()) {
            try (ChunkSource input = TestingRows.source(TYPES, 1024, rows.toArray(new Object[0][]))) {
                for (Chunk c = input.next(); c != null; c = input.next()) {
                    aggregation.addInput(c);
                }
            }
            while (ctx.memoryPool().reservedBytes() < workersNeed * 3 / 4) {
                Thread.sleep(5); // the workers aggregate what was handed to them
            }
            other.setBytes(limit / 2); // 3170 unless the workers spill
            other.setBytes(0);
            aggregation.finish();
            List<List<Object>> rowsOut = new java.util.ArrayList<>();
            while (!aggregation.isFinished()) {
                Chunk out = aggregation.getOutput();
                if (out != null) {
                    for (int p = 0; p < out.positionCount(); p++) {
                        rowsOut.add(java.util.Arrays.asList(out.row(p)));
                    }
                }
            }
            assertEquals(aggregate(TestingSpill.unlimited(dir), 1, rows, groups), TestingSpill.sorted(rowsOut));
            assertTrue(ctx.spilledFiles() > 0, "the workers spilled");
        } finally {
            aggregation.close();
        }
        assertEquals(0, ctx.memoryPool().reservedBytes());
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
