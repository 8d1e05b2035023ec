package com.polardbx.server.session;

import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;

/** Splits a multi-statement COM_QUERY text at semicolons outside quotes and comments. */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
            } else if (sql.charAt(i) == ';') {
                add(out, sql.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        add(out, sql.substring(start));
        if (out.isEmpty()) {
            out.add(sql);
        }
        return out;
    }

    private static void add(List<String> out, String statement) {
        if (!statement.isBlank()) {
            out.add(statement.strip());
        }
    }
}
