package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.Values;

/** LOCATE, INSTR, POSITION, STRCMP, ASCII: comparing characters under the operands' collation. */
final class StringSearchFunctions {
    private StringSearchFunctions() {
    }

    /** LOCATE(sub, s [, pos]): 1-based position of sub in s at or after pos, 0 when absent. */
    static RowExpression locate(RowExpression sub, RowExpression s, RowExpression from) {
        Collation collation = ComparisonFunctions.collationOf(sub.type(), s.type());
        RowExpression[] args = from == null ? new RowExpression[] {sub, s} : new RowExpression[] {sub, s, from};
        return new StrictCall(ColumnType.BIGINT, args, v -> {
            int[] needle = StringEditFunctions.codePoints(v[0]);
            int[] hay = StringEditFunctions.codePoints(v[1]);
            long start = v.length > 2 ? Values.toLong(v[2]) : 1;
            if (start < 1 || start > hay.length + 1) {
                return 0L;
            }
            String n = new String(needle, 0, needle.length);
            for (int i = (int) start - 1; i + needle.length <= hay.length; i++) {
                if (ValueComparator.compare(new String(hay, i, needle.length), n, collation) == 0) {
                    return (long) i + 1;
                }
            }
            return 0L;
        });
    }

    /** STRCMP(a, b): -1, 0 or 1 under the operands' collation. */
    static RowExpression strcmp(RowExpression a, RowExpression b) {
        Collation collation = ComparisonFunctions.collationOf(a.type(), b.type());
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a, b},
            v -> (long) Integer.signum(ValueComparator.compare(Values.toText(v[0]), Values.toText(v[1]), collation)));
    }

    /** ASCII(s): the first byte of s (UTF-8), 0 for ''. */
    static RowExpression ascii(RowExpression a) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a}, v -> {
            byte[] b = Values.toBytes(v[0]);
            return b.length == 0 ? 0L : (long) (b[0] & 0xff);
        });
    }
}
