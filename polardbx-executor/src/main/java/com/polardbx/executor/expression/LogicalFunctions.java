package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;

/** AND, OR, NOT and the IS [NOT] NULL/TRUE/FALSE tests, with SQL three-valued logic. */
final class LogicalFunctions {
    private LogicalFunctions() {
    }

    /** AND: 0 if any operand is false, else NULL if any is NULL, else 1; stops at the first false. */
    static RowExpression and(RowExpression[] args) {
        return new LazyCall(ColumnType.BIGINT, args, (a, chunk, p) -> {
            boolean sawNull = false;
            for (RowExpression arg : a) {
                Object v = arg.evaluate(chunk, p);
                if (v == null) {
                    sawNull = true;
                } else if (!Truth.isTrue(v)) {
                    return Truth.FALSE;
                }
            }
            return sawNull ? null : Truth.TRUE;
        });
    }

    /** OR: 1 if any operand is true, else NULL if any is NULL, else 0; stops at the first true. */
    static RowExpression or(RowExpression[] args) {
        return new LazyCall(ColumnType.BIGINT, args, (a, chunk, p) -> {
            boolean sawNull = false;
            for (RowExpression arg : a) {
                Object v = arg.evaluate(chunk, p);
                if (v == null) {
                    sawNull = true;
                } else if (Truth.isTrue(v)) {
                    return Truth.TRUE;
                }
            }
            return sawNull ? null : Truth.FALSE;
        });
    }

    static RowExpression not(RowExpression arg) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {arg}, v -> Truth.of(!Truth.isTrue(v[0])));
    }

    /** IS NULL / IS NOT NULL. */
    static RowExpression isNull(RowExpression arg, boolean negated) {
        return new LazyCall(ColumnType.BIGINT, new RowExpression[] {arg},
            (a, chunk, p) -> Truth.of((a[0].evaluate(chunk, p) == null) != negated));
    }

    /** IS TRUE, IS FALSE, IS NOT TRUE, IS NOT FALSE: never NULL. */
    static RowExpression isBoolean(RowExpression arg, boolean expected, boolean negated) {
        return new LazyCall(ColumnType.BIGINT, new RowExpression[] {arg}, (a, chunk, p) -> {
            Object v = a[0].evaluate(chunk, p);
            boolean matches = v != null && Truth.isTrue(v) == expected;
            return Truth.of(matches != negated);
        });
    }
}
