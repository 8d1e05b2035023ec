package com.polardbx.executor.expression;

import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import java.util.function.IntPredicate;

/**
 * Comparisons with MySQL's coercion: numbers by value, string against number as double, strings under the
 * collation of the operands, temporal columns against strings as DATETIME values. Also {@code <=>}, IN and BETWEEN.
 */
final class ComparisonFunctions {
    private ComparisonFunctions() {
    }

    /**
     * The collation two string operands compare under ({@link Collation#stronger}): a binary string (BINARY x) wins
     * over a _bin collation, which wins over general_ci.
     */
    static Collation collationOf(ColumnType... types) {
        Collation result = Collation.GENERAL_CI;
        for (ColumnType t : types) {
            boolean text = t.execType() == ExecType.STRING && (t.mysqlType() == MysqlType.VAR_STRING
                || t.mysqlType() == MysqlType.STRING || t.mysqlType() == MysqlType.VARCHAR);
            if (text) {
                result = Collation.stronger(result, t.collation());
            }
        }
        return result;
    }

    /** A comparator of two non-null values with the coercions their types call for. */
    static java.util.Comparator<Object> comparatorFor(ColumnType... types) {
        Collation collation = collationOf(types);
        boolean temporal = false;
        for (ColumnType t : types) {
            temporal |= t.mysqlType().isTemporal() && t.mysqlType() != MysqlType.TIME;
        }
        if (temporal) {
            return (a, b) -> ValueComparator.compare(TemporalText.toComparable(a), TemporalText.toComparable(b),
                Collation.BINARY);
        }
        return (a, b) -> ValueComparator.compare(a, b, collation);
    }

    /** {@code a op b} where the outcome of compare(a, b) is tested by {@code test}; NULL if either is NULL. */
    static RowExpression compare(RowExpression a, RowExpression b, IntPredicate test) {
        java.util.Comparator<Object> cmp = comparatorFor(a.type(), b.type());
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a, b},
            v -> Truth.of(test.test(cmp.compare(v[0], v[1]))));
    }

    /** {@code a <=> b} (negated: IS DISTINCT FROM): NULL-safe equality, never NULL. */
    static RowExpression nullSafeEquals(RowExpression a, RowExpression b, boolean negated) {
        java.util.Comparator<Object> cmp = comparatorFor(a.type(), b.type());
        return new LazyCall(ColumnType.BIGINT, new RowExpression[] {a, b}, (args, chunk, p) -> {
            Object x = args[0].evaluate(chunk, p);
            Object y = args[1].evaluate(chunk, p);
            boolean equal = x == null || y == null ? x == y : cmp.compare(x, y) == 0;
            return Truth.of(equal != negated);
        });
    }

    /** {@code x IN (v1, ...)}: 1 on a match; else NULL if x or any list value is NULL; else 0. */
    static RowExpression in(RowExpression[] args, boolean negated) {
        ColumnType[] types = new ColumnType[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].type();
        }
        java.util.Comparator<Object> cmp = comparatorFor(types);
        return new LazyCall(ColumnType.BIGINT, args, (a, chunk, p) -> {
            Object x = a[0].evaluate(chunk, p);
            if (x == null) {
                return null;
            }
            boolean sawNull = false;
            for (int i = 1; i < a.length; i++) {
                Object v = a[i].evaluate(chunk, p);
                if (v == null) {
                    sawNull = true;
                } else if (cmp.compare(x, v) == 0) {
                    return Truth.of(!negated);
                }
            }
            return sawNull ? null : Truth.of(negated);
        });
    }

    /** {@code x BETWEEN lo AND hi} as {@code x >= lo AND x <= hi} with three-valued logic. */
    static RowExpression between(RowExpression x, RowExpression lo, RowExpression hi, boolean negated) {
        RowExpression ge = compare(x, lo, c -> c >= 0);
        RowExpression le = compare(x, hi, c -> c <= 0);
        RowExpression both = LogicalFunctions.and(new RowExpression[] {ge, le});
        return negated ? LogicalFunctions.not(both) : both;
    }
}
