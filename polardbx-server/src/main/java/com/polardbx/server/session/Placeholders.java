package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlText;
import java.math.BigDecimal;
import java.math.BigInteger;

/** Finds {@code ?} parameter markers outside quotes and comments, and binds values into statement text. */
public final class Placeholders {
    private Placeholders() {
    }

    public static int count(String sql) {
        int n = 0;
        for (int i = nextMarker(sql, 0); i >= 0; i = nextMarker(sql, i + 1)) {
            n++;
        }
        return n;
    }

    /** Replaces each marker by the SQL literal of the matching value. */
    public static String bind(String sql, Object[] values) {
        StringBuilder sb = new StringBuilder(sql.length() + 16 * values.length);
        int from = 0;
        int index = 0;
        for (int i = nextMarker(sql, 0); i >= 0; i = nextMarker(sql, i + 1)) {
            if (index >= values.length) {
                throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "mysqld_stmt_execute");
            }
            sb.append(sql, from, i).append(literal(values[index++]));
            from = i + 1;
        }
        return sb.append(sql, from, sql.length()).toString();
    }

    public static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
            || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return "NULL";
            }
            // with an exponent the literal is a DOUBLE to MySQL, as the parameter was; without, a DECIMAL
            String text = Double.toString(d); // a FLOAT parameter is widened, as MariaDB does
            return text.indexOf('E') < 0 ? text + "E0" : text;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof byte[] bytes) {
            StringBuilder sb = new StringBuilder("X'");
            for (byte b : bytes) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.append('\'').toString();
        }
        return quote(v.toString());
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static int nextMarker(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == '?') {
                return i;
            }
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            i = skipped < 0 ? i + 1 : skipped;
        }
        return -1;
    }
}
