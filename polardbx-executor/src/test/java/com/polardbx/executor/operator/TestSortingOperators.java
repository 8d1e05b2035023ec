package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.row;
import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingRows.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestSortingOperators {
    private static final List<ColumnType> TYPES = List.of(ColumnType.BIGINT, ColumnType.VARCHAR);
    private final QueryContext ctx = QueryContext.unlimited("q");

    private Object[][] sample() {
        return new Object[][] {{3L, "b"}, {null, "x"}, {1L, "B"}, {2L, null}, {1L, "a"}, {null, "y"}};
    }

    @Test
    void sortPutsNullsFirstAscendingAndLastDescending() {
        List<List<Object>> asc = run(ctx, values(TYPES, sample()),
            new SortOperator(ctx, TYPES, List.of(SortKey.asc(0, Collation.BINARY))));
        assertEquals(List.of(row(null, "x"), row(null, "y"), row(1L, "B"), row(1L, "a"), row(2L, null),
            row(3L, "b")), asc); // stable for ties
        List<List<Object>> desc = run(ctx, values(TYPES, sample()),
            new SortOperator(ctx, TYPES, List.of(SortKey.desc(0, Collation.BINARY), SortKey.asc(1,
                Collation.GENERAL_CI))));
        assertEquals(List.of(row(3L, "b"), row(2L, null), row(1L, "a"), row(1L, "B"), row(null, "x"),
            row(null, "y")), desc);
    }

    @Test
    void sortHandlesManyChunks() {
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(new Object[] {(long) random.nextInt(1000), "s" + i});
        }
        List<List<Object>> out = run(ctx, ValuesOperator.ofRows(TYPES, rows),
            new SortOperator(ctx, TYPES, List.of(SortKey.asc(0, Collation.BINARY))));
        assertEquals(5000, out.size());
        for (int i = 1; i < out.size(); i++) {
            assertEquals(true, (Long) out.get(i - 1).get(0) <= (Long) out.get(i).get(0));
        }
    }

    @Test
    void topNKeepsTheFirstRows() {
        List<List<Object>> out = run(ctx, values(TYPES, sample()),
            new TopNOperator(ctx, TYPES, List.of(SortKey.desc(0, Collation.BINARY)), 3));
        assertEquals(List.of(row(3L, "b"), row(2L, null), row(1L, "B")), out);
        assertEquals(List.of(), run(ctx, values(TYPES, sample()),
            new TopNOperator(ctx, TYPES, List.of(SortKey.asc(0, Collation.BINARY)), 0)));
    }

    @Test
    void limitSkipsOffsetAndStopsEarly() {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 3000; i++) {
            rows.add(new Object[] {i, "r"});
        }
        List<List<Object>> out = run(ctx, ValuesOperator.ofRows(TYPES, rows), new LimitOperator(TYPES, 1020, 10));
        assertEquals(10, out.size());
        assertEquals(1020L, out.get(0).get(0));
        assertEquals(1029L, out.get(9).get(0));
        assertEquals(0, run(ctx, ValuesOperator.ofRows(TYPES, rows), new LimitOperator(TYPES, 5000, 10)).size());
    }

    @Test
    void mergeSortedInterleavesSortedInputsWithCollation() {
        List<ColumnType> types = List.of(ColumnType.VARCHAR, ColumnType.BIGINT);
        ChunkSource a = TestingRows.source(types, 2, new Object[] {null, 1L}, new Object[] {"apple", 2L},
            new Object[] {"Banana", 3L}, new Object[] {"cherry", 4L});
        ChunkSource b = TestingRows.source(types, 1, new Object[] {"Apple", 5L}, new Object[] {"banana", 6L},
            new Object[] {"Zebra", 7L});
        ChunkSource empty = TestingRows.source(types, 1);
        List<List<Object>> out = run(ctx, new MergeSortedOperator(List.of(a, empty, b), types,
            List.of(SortKey.asc(0, Collation.GENERAL_CI))));
        assertEquals(List.of(row(null, 1L), row("apple", 2L), row("Apple", 5L), row("Banana", 3L),
            row("banana", 6L), row("cherry", 4L), row("Zebra", 7L)), out);
    }

    @Test
    void unionAllConcatenates() {
        List<ColumnType> types = List.of(ColumnType.BIGINT);
        List<List<Object>> out = run(ctx, new UnionAllOperator(List.of(
            TestingRows.source(types, 1, new Object[] {1L}, new Object[] {2L}),
            TestingRows.source(types, 1),
            TestingRows.source(types, 5, new Object[] {3L}))));
        assertEquals(List.of(row(1L), row(2L), row(3L)), out);
    }
}
