package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.Values;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** CONCAT, CONCAT_WS, LOWER, UPPER, LENGTH, CHAR_LENGTH, SUBSTRING, TRIM and LIKE. */
final class StringFunctions {
    private StringFunctions() {
    }

    static RowExpression concat(RowExpression[] args) {
        return new StrictCall(ColumnType.varchar(ComparisonFunctions.collationOf(types(args))), args, v -> {
            StringBuilder sb = new StringBuilder();
            for (Object o : v) {
                sb.append(Values.toText(o));
            }
            return sb.toString();
        });
    }

    /** CONCAT_WS(sep, ...): NULL only if the separator is NULL; NULL arguments are skipped. */
    static RowExpression concatWs(RowExpression[] args) {
        return new LazyCall(ColumnType.VARCHAR, args, (a, chunk, p) -> {
            Object sep = a[0].evaluate(chunk, p);
            if (sep == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (int i = 1; i < a.length; i++) {
                Object v = a[i].evaluate(chunk, p);
                if (v != null) {
                    if (!first) {
                        sb.append(Values.toText(sep));
                    }
                    sb.append(Values.toText(v));
                    first = false;
                }
            }
            return sb.toString();
        });
    }

    static RowExpression lower(RowExpression arg) {
        return new StrictCall(stringType(arg), new RowExpression[] {arg},
            v -> mapCodePoints(Values.toText(v[0]), false));
    }

    static RowExpression upper(RowExpression arg) {
        return new StrictCall(stringType(arg), new RowExpression[] {arg},
            v -> mapCodePoints(Values.toText(v[0]), true));
    }

    /**
     * MySQL maps case one character to one character (UPPER('straße') is 'STRAßE'); Java's String case mapping
     * would expand 'ß' to "SS".
     */
    private static String mapCodePoints(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return sb.toString();
    }

    /** LENGTH: bytes (UTF-8 for character strings). */
    static RowExpression length(RowExpression arg) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {arg},
            v -> (long) (v[0] instanceof byte[] b ? b.length : Values.toBytes(v[0]).length));
    }

    /** CHAR_LENGTH: characters (code points); bytes for binary strings. */
    static RowExpression charLength(RowExpression arg) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {arg}, v -> {
            if (v[0] instanceof byte[] b) {
                return (long) b.length;
            }
            String s = Values.toText(v[0]);
            return (long) s.codePointCount(0, s.length());
        });
    }

    /** SUBSTRING(s, pos [, len]): 1-based; a negative pos counts from the end; pos 0 gives ''. */
    static RowExpression substring(RowExpression[] args) {
        return new StrictCall(stringType(args[0]), args, v -> {
            int[] cps = Values.toText(v[0]).codePoints().toArray();
            long pos = Values.toLong(v[1]);
            long len = v.length > 2 ? Values.toLong(v[2]) : Long.MAX_VALUE;
            if (pos == 0 || len <= 0 || Math.abs(pos) > cps.length) {
                return "";
            }
            int start = (int) (pos > 0 ? pos - 1 : cps.length + pos);
            int end = (int) Math.min(cps.length, start + Math.min(len, cps.length));
            return new String(cps, start, end - start);
        });
    }

    /** TRIM([BOTH|LEADING|TRAILING] [remstr] FROM s): removes whole repetitions of remstr (default a space). */
    static RowExpression trim(String flag, RowExpression remove, RowExpression arg) {
        boolean leading = !flag.equals("TRAILING");
        boolean trailing = !flag.equals("LEADING");
        return new StrictCall(stringType(arg), new RowExpression[] {remove, arg}, v -> {
            String r = Values.toText(v[0]);
            String s = Values.toText(v[1]);
            if (r.isEmpty()) {
                return s;
            }
            int start = 0;
            int end = s.length();
            while (leading && s.startsWith(r, start) && start + r.length() <= end) {
                start += r.length();
            }
            while (trailing && end - r.length() >= start && s.startsWith(r, end - r.length())) {
                end -= r.length();
            }
            return s.substring(start, end);
        });
    }

    /** [NOT] LIKE with an optional escape character (default backslash). */
    static RowExpression like(RowExpression value, RowExpression pattern, RowExpression escape, boolean negated) {
        Collation collation = ComparisonFunctions.collationOf(value.type(), pattern.type());
        Collation effective = value.type().execType() == ExecType.BYTES ? Collation.BINARY : collation;
        RowExpression[] args = escape == null ? new RowExpression[] {value, pattern}
            : new RowExpression[] {value, pattern, escape};
        // Patterns are usually constant: remember the last compiled one.
        Object[] cache = new Object[2];
        return new StrictCall(ColumnType.BIGINT, args, v -> {
            String p = Values.toText(v[1]);
            int esc = v.length > 2 && !Values.toText(v[2]).isEmpty() ? Values.toText(v[2]).codePointAt(0) : '\\';
            String key = p + '\0' + esc;
            LikePattern compiled;
            synchronized (cache) {
                if (!key.equals(cache[0])) {
                    cache[0] = key;
                    cache[1] = LikePattern.compile(p, esc, effective);
                }
                compiled = (LikePattern) cache[1];
            }
            return Truth.of(compiled.matches(Values.toText(v[0])) != negated);
        });
    }

    private static ColumnType stringType(RowExpression arg) {
        return arg.type().execType() == ExecType.STRING && !arg.type().mysqlType().isTemporal() ? arg.type()
            : ColumnType.VARCHAR;
    }

    private static ColumnType[] types(RowExpression[] args) {
        ColumnType[] types = new ColumnType[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].type();
        }
        return types;
    }
}
