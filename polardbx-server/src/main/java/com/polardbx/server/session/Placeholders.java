package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.common.sql.SqlText;

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
        return SqlLiterals.literal(v);
    }

    public static String quote(String s) {
        return SqlLiterals.quote(s);
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
