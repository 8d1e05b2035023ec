package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.row;
import static com.polardbx.executor.operator.TestingRows.source;
import static com.polardbx.executor.operator.TestingRows.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.executor.chunk.ColumnType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSetOperationOperator {
    /** k VARCHAR (general_ci), n BIGINT */
    private static final List<ColumnType> TYPES = List.of(ColumnType.VARCHAR, ColumnType.BIGINT);
    private static final Object[][] LEFT = {
        {"a", 1L}, {"a", 1L}, {"a", 1L}, {"b", null}, {"b", null}, {"c", 2L}, {null, 3L},
    };
    private static final Object[][] RIGHT = {
        {"A", 1L}, {"a ", 1L}, {"b", null}, {null, 3L}, {"d", 4L},
    };

    private final QueryContext ctx = QueryContext.unlimited("q");

    private List<List<Object>> run(SetOperationOperator.Kind kind, boolean all) {
        SetOperationOperator op = new SetOperationOperator(ctx, kind, all, TYPES, source(TYPES, 2, RIGHT));
        return TestingRows.run(ctx, values(TYPES, LEFT), op);
    }

    @Test
    void intersectMatchesNullsAndCollationEqualStrings() {
        assertEquals(List.of(row("a", 1L), row("b", null), row(null, 3L)),
            run(SetOperationOperator.Kind.INTERSECT, false));
        assertEquals(List.of(row("a", 1L), row("a", 1L), row("b", null), row(null, 3L)),
            run(SetOperationOperator.Kind.INTERSECT, true));
    }

    @Test
    void exceptAllCancelsOneLeftRowPerRightRow() {
        assertEquals(List.of(row("c", 2L)), run(SetOperationOperator.Kind.EXCEPT, false));
        assertEquals(List.of(row("a", 1L), row("b", null), row("c", 2L)), run(SetOperationOperator.Kind.EXCEPT, true));
    }

    @Test
    void anEmptyRightSideKeepsOrDropsEverything() {
        SetOperationOperator except = new SetOperationOperator(ctx, SetOperationOperator.Kind.EXCEPT, false, TYPES,
            source(TYPES, 2));
        assertEquals(List.of(row("a", 1L), row("b", null), row("c", 2L), row(null, 3L)),
            TestingRows.run(ctx, values(TYPES, LEFT), except));
        SetOperationOperator intersect = new SetOperationOperator(ctx, SetOperationOperator.Kind.INTERSECT, true,
            TYPES, source(TYPES, 2));
        assertEquals(List.of(), TestingRows.run(ctx, values(TYPES, LEFT), intersect));
    }
}
