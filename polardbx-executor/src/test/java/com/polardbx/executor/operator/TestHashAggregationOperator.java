package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.row;
import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingRows.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.MemoryPool;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestHashAggregationOperator {
    /** k VARCHAR, i BIGINT, d DECIMAL(10,2), f DOUBLE */
    private static final List<ColumnType> TYPES = List.of(ColumnType.VARCHAR, ColumnType.BIGINT,
        ColumnType.decimal(2), ColumnType.DOUBLE);
    private final QueryContext ctx = QueryContext.unlimited("q");

    private Object[][] rows() {
        return new Object[][] {
            {"a", 1L, new BigDecimal("1.50"), 1.0},
            {"A ", 2L, null, 2.0},
            {"b", null, new BigDecimal("2.00"), null},
            {"a", 2L, new BigDecimal("0.25"), 4.0},
        };
    }

    private List<AggregateCall> allSingle() {
        AggregateMode m = AggregateMode.SINGLE;
        return List.of(AggregateCall.countStar(m), AggregateCall.of(AggregateKind.COUNT, m, 1, ColumnType.BIGINT),
            AggregateCall.distinct(AggregateKind.COUNT, 1, ColumnType.BIGINT),
            AggregateCall.of(AggregateKind.SUM, m, 1, ColumnType.BIGINT),
            AggregateCall.of(AggregateKind.AVG, m, 1, ColumnType.BIGINT),
            AggregateCall.of(AggregateKind.AVG, m, 2, ColumnType.decimal(2)),
            AggregateCall.of(AggregateKind.AVG, m, 3, ColumnType.DOUBLE),
            AggregateCall.of(AggregateKind.MIN, m, 2, ColumnType.decimal(2)),
            AggregateCall.of(AggregateKind.MAX, m, 0, ColumnType.VARCHAR));
    }

    @Test
    void groupsByCollationAndComputesMysqlTypes() {
        HashAggregationOperator agg = new HashAggregationOperator(ctx, TYPES, new int[] {0}, allSingle());
        List<List<Object>> out = run(ctx, values(TYPES, rows()), agg);
        // 'a' and 'A ' are one group under utf8mb4_general_ci; the first value seen is shown (also by MAX of equals)
        assertEquals(List.of(
            row("a", 3L, 3L, 2L, new BigDecimal("5"), new BigDecimal("1.6667"), new BigDecimal("0.875000"),
                7.0 / 3, new BigDecimal("0.25"), "a"),
            row("b", 1L, 0L, 0L, null, null, new BigDecimal("2.000000"), null, new BigDecimal("2.00"), "b")), out);
        assertEquals(ColumnType.decimal(0), agg.outputTypes().get(4));
        assertEquals(ColumnType.decimal(4), agg.outputTypes().get(5));
        assertEquals(ColumnType.decimal(6), agg.outputTypes().get(6));
        assertEquals(ColumnType.DOUBLE, agg.outputTypes().get(7));
    }

    @Test
    void emptyInputWithoutGroupByYieldsOneRow() {
        List<List<Object>> out = run(ctx, values(TYPES),
            new HashAggregationOperator(ctx, TYPES, new int[0], allSingle()));
        assertEquals(List.of(row(0L, 0L, 0L, null, null, null, null, null, null)), out);
        assertEquals(List.of(), run(ctx, values(TYPES),
            new HashAggregationOperator(ctx, TYPES, new int[] {0}, allSingle())));
    }

    @Test
    void partialThenFinalEqualsSingle() {
        AggregateMode p = AggregateMode.PARTIAL;
        List<AggregateCall> partial = List.of(AggregateCall.countStar(p),
            AggregateCall.of(AggregateKind.SUM, p, 1, ColumnType.BIGINT),
            AggregateCall.of(AggregateKind.AVG, p, 2, ColumnType.decimal(2)),
            AggregateCall.of(AggregateKind.MIN, p, 3, ColumnType.DOUBLE));
        // Two "shards" aggregate partially
        Object[][] all = rows();
        List<List<Object>> shard1 = run(ctx, values(TYPES, all[0], all[1]),
            new HashAggregationOperator(ctx, TYPES, new int[] {0}, partial));
        List<List<Object>> shard2 = run(ctx, values(TYPES, all[2], all[3]),
            new HashAggregationOperator(ctx, TYPES, new int[] {0}, partial));
        // partial output: k, count, sum(i), avg(d) as (sum, count), min(f)
        List<ColumnType> partialTypes = List.of(ColumnType.VARCHAR, ColumnType.BIGINT, ColumnType.decimal(0),
            ColumnType.decimal(2), ColumnType.BIGINT, ColumnType.DOUBLE);
        List<Object[]> merged = new ArrayList<>();
        shard1.forEach(r -> merged.add(r.toArray()));
        shard2.forEach(r -> merged.add(r.toArray()));
        AggregateMode f = AggregateMode.FINAL;
        List<AggregateCall> fin = List.of(AggregateCall.of(AggregateKind.COUNT, f, 1, ColumnType.BIGINT),
            AggregateCall.of(AggregateKind.SUM, f, 2, ColumnType.decimal(0)),
            AggregateCall.finalAvg(3, 4, ColumnType.decimal(2)),
            AggregateCall.of(AggregateKind.MIN, f, 5, ColumnType.DOUBLE));
        List<List<Object>> out = run(ctx, ValuesOperator.ofRows(partialTypes, merged),
            new HashAggregationOperator(ctx, partialTypes, new int[] {0}, fin));
        assertEquals(List.of(row("a", 3L, new BigDecimal("5"), new BigDecimal("0.875000"), 1.0),
            row("b", 1L, null, new BigDecimal("2.000000"), null)), out);
    }

    @Test
    void finalCountOfNoPartialRowsIsZero() {
        List<ColumnType> types = List.of(ColumnType.BIGINT);
        List<List<Object>> out = run(ctx, values(types), new HashAggregationOperator(ctx, types, new int[0],
            List.of(AggregateCall.of(AggregateKind.COUNT, AggregateMode.FINAL, 0, ColumnType.BIGINT))));
        assertEquals(List.of(row(0L)), out);
    }

    @Test
    void memoryLimitStopsAHugeSingleGroup() {
        // without GROUP BY there is one group, which cannot be split: its DISTINCT set must fit
        QueryContext small = new QueryContext("q", new MemoryPool("q", 20_000));
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 5000; i++) {
            rows.add(new Object[] {"k" + i, i, null, null});
        }
        SqlError e = assertThrows(SqlError.class, () -> run(small, ValuesOperator.ofRows(TYPES, rows),
            new HashAggregationOperator(small, TYPES, new int[0], allSingle())));
        assertEquals(3170, e.errno());
        assertEquals(0, small.memoryPool().reservedBytes()); // released on close
        assertEquals(0, small.spilledFiles());
    }
}
