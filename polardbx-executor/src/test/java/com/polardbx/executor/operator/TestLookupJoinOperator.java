package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TestLookupJoinOperator {
    private static final List<ColumnType> OUTER = List.of(ColumnType.BIGINT, ColumnType.varchar(Collation.GENERAL_CI));
    private static final List<ColumnType> INNER = List.of(ColumnType.BIGINT, ColumnType.BIGINT);

    /** Outer rows (k, s): keys 0..keys-1 with repeats and NULLs. */
    private static List<Object[]> outer(Random random, int count, int keys) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long k = random.nextInt(15) == 0 ? null : (long) random.nextInt(keys);
            rows.add(new Object[] {k, "o" + i});
        }
        return rows;
    }

    /** Inner rows (k, v): even keys only, some twice, so some outer rows have no partner and some two. */
    private static List<Object[]> inner(int keys) {
        List<Object[]> rows = new ArrayList<>();
        for (long k = 0; k < keys; k += 2) {
            rows.add(new Object[] {k, k * 10});
            if (k % 6 == 0) {
                rows.add(new Object[] {k, k * 10 + 1});
            }
        }
        rows.add(new Object[] {null, -1L});
        return rows;
    }

    private static List<List<Object>> viaLookup(JoinType type, List<Object[]> outerRows, List<Object[]> innerRows,
                                                List<List<Object>> asked) {
        QueryContext ctx = QueryContext.unlimited("lookup");
        LookupJoinOperator.Lookup lookup = keys -> {
            asked.add(keys);
            List<Object[]> found = innerRows.stream().filter(r -> r[0] != null && keys.contains(r[0]))
                .toList();
            return new Driver(ctx, List.of(ValuesOperator.ofRows(INNER, found)));
        };
        return run(ctx, ValuesOperator.ofRows(OUTER, outerRows), new LookupJoinOperator(ctx, type, OUTER,
            new int[] {0}, 0, lookup, INNER, new int[] {0}, null));
    }

    private static List<List<Object>> viaHash(JoinType type, List<Object[]> outerRows, List<Object[]> innerRows) {
        QueryContext ctx = QueryContext.unlimited("hash");
        return run(ctx, ValuesOperator.ofRows(OUTER, outerRows), new HashJoinOperator(ctx, type, OUTER,
            new int[] {0}, new Driver(ctx, List.of(ValuesOperator.ofRows(INNER, innerRows))), INNER, new int[] {0},
            null));
    }

    @Test
    void innerAndLeftEqualTheHashJoinAndLookUpOnlyBatchKeys() {
        Random random = new Random(7);
        List<Object[]> outerRows = outer(random, 3_500, 5_000);
        List<Object[]> innerRows = inner(5_000);
        for (JoinType type : List.of(JoinType.INNER, JoinType.LEFT)) {
            List<List<Object>> asked = new ArrayList<>();
            List<List<Object>> actual = viaLookup(type, outerRows, innerRows, asked);
            assertEquals(TestingSpill.sorted(viaHash(type, outerRows, innerRows)), TestingSpill.sorted(actual));
            assertEquals(4, asked.size(), "one lookup per 1,000 outer rows");
            SortedSet<Long> outerKeys = new TreeSet<>();
            outerRows.stream().filter(r -> r[0] != null).forEach(r -> outerKeys.add((Long) r[0]));
            for (List<Object> keys : asked) {
                assertTrue(keys.size() <= LookupJoinOperator.BATCH_ROWS);
                assertTrue(outerKeys.containsAll(keys), "only keys of the outer rows are looked up");
            }
        }
    }

    @Test
    void batchesWithOnlyNullKeysLookNothingUp() {
        List<Object[]> outerRows = List.of(new Object[] {null, "a"}, new Object[] {null, "b"});
        List<List<Object>> asked = new ArrayList<>();
        assertEquals(List.of(), viaLookup(JoinType.INNER, outerRows, inner(10), asked));
        assertEquals(2, viaLookup(JoinType.LEFT, outerRows, inner(10), asked).size());
        assertEquals(List.of(), asked);
    }

    /**
     * String keys under general_ci: 'a', 'A ' and 'a' are one key of the IN list, the rows come back joined like the
     * hash join's; with the sides swapped the inner columns come first.
     */
    @Test
    void generalCiStringKeysAreAskedOnceAndSwappedOutputPutsInnerColumnsFirst() {
        List<ColumnType> strings = List.of(ColumnType.varchar(Collation.GENERAL_CI), ColumnType.BIGINT);
        List<Object[]> outerRows = List.of(new Object[] {"a", 1L}, new Object[] {"A ", 2L}, new Object[] {"a", 3L},
            new Object[] {null, 4L}, new Object[] {"b", 5L});
        List<Object[]> innerRows = List.of(new Object[] {"A", 10L}, new Object[] {"a  ", 11L}, new Object[] {"c", 12L});
        List<List<Object>> asked = new ArrayList<>();
        QueryContext ctx = QueryContext.unlimited("lookup");
        LookupJoinOperator.Lookup lookup = keys -> {
            asked.add(keys);
            return new Driver(ctx, List.of(ValuesOperator.ofRows(strings, innerRows)));
        };
        List<List<Object>> swapped = run(ctx, ValuesOperator.ofRows(strings, outerRows), new LookupJoinOperator(ctx,
            JoinType.INNER, strings, new int[] {0}, 0, lookup, strings, new int[] {0}, null, true));
        assertEquals(List.of(List.of("a", "b")), asked);
        List<List<Object>> expected = new ArrayList<>();
        for (List<Object> r : run(QueryContext.unlimited("hash"), ValuesOperator.ofRows(strings, outerRows),
            new HashJoinOperator(QueryContext.unlimited("hash"), JoinType.INNER, strings, new int[] {0},
                new Driver(ctx, List.of(ValuesOperator.ofRows(strings, innerRows))), strings, new int[] {0}, null))) {
            expected.add(List.of(r.get(2), r.get(3), r.get(0), r.get(1)));
        }
        assertEquals(6, expected.size());
        assertEquals(TestingSpill.sorted(expected), TestingSpill.sorted(swapped));
    }
}
