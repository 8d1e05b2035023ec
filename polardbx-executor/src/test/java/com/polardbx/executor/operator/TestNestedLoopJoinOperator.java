package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nested-loop join against a plain double loop, in memory and with the inner side spilled and rescanned. */
class TestNestedLoopJoinOperator {
    @TempDir
    Path dir;

    private static final int WIDTH = TYPES.size();

    /** outer.f < inner.f (channel 4 and WIDTH + 4): NULL when either side is NULL. */
    private static final Expression LESS = DoubleComparison.less(4, WIDTH + 4);

    /** The expected rows by a double loop over Java rows. */
    private static List<List<Object>> expected(JoinType type, List<Object[]> outer, List<Object[]> inner,
                                               Expression condition) {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] o : outer) {
            boolean any = false;
            for (Object[] i : inner) {
                Object[] pair = new Object[WIDTH * 2];
                System.arraycopy(o, 0, pair, 0, WIDTH);
                System.arraycopy(i, 0, pair, WIDTH, WIDTH);
                Object v = condition == null ? 1L : condition.evaluate(
                    TestingRows.chunk(doubled(), pair), 0);
                if (v != null && ((Long) v) != 0) {
                    any = true;
                    if (type.outputsInner()) {
                        out.add(Arrays.asList(pair));
                    }
                }
            }
            if (type == JoinType.LEFT && !any) {
                out.add(Arrays.asList(Arrays.copyOf(o, WIDTH * 2)));
            } else if (type == JoinType.SEMI && any || type == JoinType.ANTI && !any) {
                out.add(Arrays.asList(o));
            }
        }
        return TestingSpill.sorted(out);
    }

    private static List<ColumnType> doubled() {
        List<ColumnType> t = new ArrayList<>(TYPES);
        t.addAll(TYPES);
        return t;
    }

    private List<List<Object>> join(QueryContext ctx, JoinType type, List<Object[]> outer, List<Object[]> inner,
                                    Expression condition) {
        NestedLoopJoinOperator join = new NestedLoopJoinOperator(ctx, type, TYPES,
            TestingRows.source(TYPES, 100, inner.toArray(new Object[0][])), TYPES, condition);
        return TestingSpill.sorted(run(ctx, ValuesOperator.ofRows(TYPES, outer), join));
    }

    private void check(JoinType type, List<Object[]> outer, List<Object[]> inner, Expression condition,
                       boolean spills) {
        List<List<Object>> expected = expected(type, outer, inner, condition);
        QueryContext unlimited = TestingSpill.unlimited(dir);
        assertEquals(expected, join(unlimited, type, outer, inner, condition), type + " in memory");
        assertEquals(0, unlimited.spilledFiles());
        QueryContext tiny = TestingSpill.tiny(dir);
        assertEquals(expected, join(tiny, type, outer, inner, condition), type + " spilled");
        if (spills) {
            TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
        }
    }

    @Test
    void everyJoinTypeMatchesTheDoubleLoopAndSpillsTheInnerSide() {
        List<Object[]> outer = TestingSpill.rows(31, 200, 300);
        List<Object[]> inner = TestingSpill.rows(32, 1200, 300);
        for (JoinType type : JoinType.values()) {
            check(type, outer, inner, LESS, true);
        }
    }

    @Test
    void crossJoinWithoutCondition() {
        List<Object[]> outer = TestingSpill.rows(33, 40, 10);
        List<Object[]> inner = TestingSpill.rows(34, 60, 10);
        for (JoinType type : JoinType.values()) {
            check(type, outer, inner, null, false);
        }
        assertEquals(2400, expected(JoinType.INNER, outer, inner, null).size());
    }

    @Test
    void emptyInnerSide() {
        List<Object[]> outer = TestingSpill.rows(35, 30, 10);
        for (JoinType type : JoinType.values()) {
            check(type, outer, List.of(), LESS, false);
        }
        assertEquals(30, join(TestingSpill.unlimited(dir), JoinType.ANTI, outer, List.of(), LESS).size());
        assertTrue(join(TestingSpill.unlimited(dir), JoinType.SEMI, outer, List.of(), LESS).isEmpty());
    }
}
