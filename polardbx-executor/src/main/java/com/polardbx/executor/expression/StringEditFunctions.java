package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;

/** LEFT, RIGHT, LPAD, RPAD, REPEAT, SPACE, REPLACE, REVERSE, SUBSTRING_INDEX, INSERT: counted in characters. */
final class StringEditFunctions {
    /** MySQL's max_allowed_packet guard for results that grow: larger results are NULL. */
    private static final long MAX_RESULT_CHARS = 16L * 1024 * 1024;

    private StringEditFunctions() {
    }

    static RowExpression leftOrRight(RowExpression[] a, boolean left) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            int[] cps = codePoints(v[0]);
            long n = Math.max(0, Math.min(cps.length, Values.toLong(v[1])));
            return left ? new String(cps, 0, (int) n) : new String(cps, cps.length - (int) n, (int) n);
        });
    }

    /** LPAD/RPAD(s, len, pad): cut to len, or padded with repetitions of pad; NULL for len < 0 or an empty pad. */
    static RowExpression pad(RowExpression[] a, boolean left) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            int[] cps = codePoints(v[0]);
            long len = Values.toLong(v[1]);
            int[] pad = codePoints(v[2]);
            if (len < 0 || len > MAX_RESULT_CHARS) {
                return null;
            }
            if (len <= cps.length) {
                return new String(cps, 0, (int) len);
            }
            if (pad.length == 0) {
                return null;
            }
            StringBuilder padding = new StringBuilder();
            for (int i = 0; i < len - cps.length; i++) {
                padding.appendCodePoint(pad[i % pad.length]);
            }
            String s = new String(cps, 0, cps.length);
            return left ? padding + s : s + padding;
        });
    }

    static RowExpression repeat(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            String s = Values.toText(v[0]);
            long n = Values.toLong(v[1]);
            if (n <= 0 || s.isEmpty()) {
                return "";
            }
            return n * s.length() > MAX_RESULT_CHARS ? null : s.repeat((int) n);
        });
    }

    static RowExpression space(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            long n = Values.toLong(v[0]);
            return n <= 0 ? "" : n > MAX_RESULT_CHARS ? null : " ".repeat((int) n);
        });
    }

    /** REPLACE(s, from, to): case-sensitive, as in MySQL. */
    static RowExpression replace(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            String from = Values.toText(v[1]);
            String s = Values.toText(v[0]);
            return from.isEmpty() ? s : s.replace(from, Values.toText(v[2]));
        });
    }

    static RowExpression reverse(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a,
            v -> new StringBuilder(Values.toText(v[0])).reverse().toString()); // keeps surrogate pairs together
    }

    /** SUBSTRING_INDEX(s, delim, count): before the count-th delimiter (from the right when negative). */
    static RowExpression substringIndex(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            String s = Values.toText(v[0]);
            String delim = Values.toText(v[1]);
            long count = Values.toLong(v[2]);
            if (count == 0 || delim.isEmpty()) {
                return "";
            }
            if (count > 0) {
                int at = -delim.length();
                for (long i = 0; i < count; i++) {
                    at = s.indexOf(delim, at + delim.length());
                    if (at < 0) {
                        return s;
                    }
                }
                return s.substring(0, at);
            }
            int at = s.length() + delim.length();
            for (long i = 0; i < -count; i++) {
                at = at - delim.length() < 0 ? -1 : s.lastIndexOf(delim, at - delim.length());
                if (at < 0) {
                    return s;
                }
            }
            return s.substring(at + delim.length());
        });
    }

    /** INSERT(s, pos, len, t): s with len characters at pos replaced by t; s itself when pos is outside it. */
    static RowExpression insert(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> {
            int[] cps = codePoints(v[0]);
            long pos = Values.toLong(v[1]);
            long len = Values.toLong(v[2]);
            if (pos < 1 || pos > cps.length) {
                return new String(cps, 0, cps.length);
            }
            int start = (int) pos - 1;
            int end = len < 0 || len > cps.length - start ? cps.length : start + (int) len;
            return new String(cps, 0, start) + Values.toText(v[3]) + new String(cps, end, cps.length - end);
        });
    }

    static int[] codePoints(Object v) {
        return Values.toText(v).codePoints().toArray();
    }
}
