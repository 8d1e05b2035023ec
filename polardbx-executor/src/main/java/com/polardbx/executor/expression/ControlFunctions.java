package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import java.util.Comparator;

/** CASE, IF, COALESCE, IFNULL, NULLIF, GREATEST and LEAST. */
final class ControlFunctions {
    private ControlFunctions() {
    }

    /** Calcite's searched CASE: operands are when1, then1, ..., [else]. */
    static RowExpression caseWhen(ColumnType type, RowExpression[] args) {
        return new LazyCall(type, args, (a, chunk, p) -> {
            int i = 0;
            for (; i + 1 < a.length; i += 2) {
                Object condition = a[i].evaluate(chunk, p);
                if (condition != null && Truth.isTrue(condition)) {
                    return a[i + 1].evaluate(chunk, p);
                }
            }
            return i < a.length ? a[i].evaluate(chunk, p) : null;
        });
    }

    static RowExpression ifThenElse(ColumnType type, RowExpression[] args) {
        return caseWhen(type, args);
    }

    /** COALESCE / IFNULL: the first non-NULL argument. */
    static RowExpression coalesce(ColumnType type, RowExpression[] args) {
        return new LazyCall(type, args, (a, chunk, p) -> {
            for (RowExpression arg : a) {
                Object v = arg.evaluate(chunk, p);
                if (v != null) {
                    return v;
                }
            }
            return null;
        });
    }

    /** NULLIF(a, b): NULL when a = b, else a. */
    static RowExpression nullIf(ColumnType type, RowExpression a, RowExpression b) {
        Comparator<Object> cmp = ComparisonFunctions.comparatorFor(a.type(), b.type());
        return new LazyCall(type, new RowExpression[] {a, b}, (args, chunk, p) -> {
            Object x = args[0].evaluate(chunk, p);
            Object y = args[1].evaluate(chunk, p);
            return x != null && y != null && cmp.compare(x, y) == 0 ? null : x;
        });
    }

    /** GREATEST (greatest = true) or LEAST: NULL if any argument is NULL. */
    static RowExpression extreme(ColumnType type, RowExpression[] args, boolean greatest) {
        ColumnType[] types = new ColumnType[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].type();
        }
        Comparator<Object> cmp = ComparisonFunctions.comparatorFor(types);
        return new StrictCall(type, args, v -> {
            Object best = v[0];
            for (int i = 1; i < v.length; i++) {
                int c = cmp.compare(v[i], best);
                if (greatest ? c > 0 : c < 0) {
                    best = v[i];
                }
            }
            return best;
        });
    }
}
