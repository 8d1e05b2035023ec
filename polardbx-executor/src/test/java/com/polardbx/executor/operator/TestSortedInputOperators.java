package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.executor.chunk.Collation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merge join and streaming aggregation over sorted inputs give what the hash operators give. */
class TestSortedInputOperators {
    @TempDir
    Path dir;

    private static List<Object[]> sortedRows(long seed, int count, int keys, List<SortKey> order) {
        List<Object[]> rows = new ArrayList<>(TestingSpill.rows(seed, count, keys));
        rows.sort(new RowComparator(order));
        return rows;
    }

    private void checkJoin(JoinType type, List<SortKey> order, int[] keys) {
        List<Object[]> left = sortedRows(41, 2000, 400, order);
        List<Object[]> right = sortedRows(42, 1500, 400, order);
        QueryContext ctx = TestingSpill.unlimited(dir);
        HashJoinOperator hash = new HashJoinOperator(ctx, type, TYPES, keys,
            TestingRows.source(TYPES, 100, right.toArray(new Object[0][])), TYPES, keys, null);
        List<List<Object>> expected = TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, left), hash));
        MergeJoinOperator merge = new MergeJoinOperator(ctx, type, TYPES, keys,
            TestingRows.source(TYPES, 77, right.toArray(new Object[0][])), TYPES, keys, order, null);
        List<List<Object>> actual = run(ctx, ValuesOperator.ofRows(TYPES, left), merge);
        assertEquals(expected, TestingSpill.sorted(actual), type + " " + order);
        assertTrue(expected.size() > left.size() / 2, "rows: " + expected.size());
        assertEquals(0, ctx.memoryPool().reservedBytes());
    }

    @Test
    void mergeJoinEqualsHashJoin() {
        for (JoinType type : List.of(JoinType.INNER, JoinType.LEFT)) {
            checkJoin(type, List.of(SortKey.asc(1, Collation.BINARY)), new int[] {1});
            checkJoin(type, List.of(SortKey.desc(1, Collation.BINARY)), new int[] {1});
            // general_ci strings: case and trailing-space variants are one key
            checkJoin(type, List.of(SortKey.asc(2, Collation.GENERAL_CI), SortKey.desc(1, Collation.BINARY)),
                new int[] {2, 1});
        }
    }

    @Test
    void streamingAggregationEqualsHashAggregation() {
        List<SortKey> order = List.of(SortKey.desc(2, Collation.GENERAL_CI), SortKey.asc(1, Collation.BINARY));
        List<Object[]> rows = sortedRows(43, 3000, 500, order);
        int[] groups = {2, 1};
        List<AggregateCall> calls = List.of(AggregateCall.countStar(AggregateMode.SINGLE),
            AggregateCall.of(AggregateKind.SUM, AggregateMode.SINGLE, 3, TYPES.get(3)),
            AggregateCall.of(AggregateKind.AVG, AggregateMode.SINGLE, 4, TYPES.get(4)),
            AggregateCall.of(AggregateKind.MAX, AggregateMode.SINGLE, 0, TYPES.get(0)),
            AggregateCall.distinct(AggregateKind.COUNT, 3, TYPES.get(3)));
        QueryContext ctx = TestingSpill.unlimited(dir);
        List<List<Object>> expected = run(ctx, ValuesOperator.ofRows(TYPES, rows),
            new HashAggregationOperator(ctx, TYPES, groups, calls));
        List<List<Object>> actual = run(ctx, ValuesOperator.ofRows(TYPES, rows),
            new StreamingAggregationOperator(ctx, TYPES, groups, calls));
        // hash aggregation emits groups in first-seen order, which for sorted input is the input order
        assertEquals(expected, actual);
        assertTrue(actual.size() > 100, "groups: " + actual.size());
        assertEquals(0, ctx.memoryPool().reservedBytes());
    }
}
