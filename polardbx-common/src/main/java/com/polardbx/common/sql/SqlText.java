package com.polardbx.common.sql;

/**
 * Lexical helpers for MySQL statement text: where quoted strings, quoted identifiers and comments end, so callers
 * can look for {@code ?} markers, semicolons or keywords only in real SQL. Stateless.
 */
public final class SqlText {
    private SqlText() {
    }

    /**
     * Index just past the string or identifier quoted by {@code quote} that opens at {@code open}. Backslash escapes
     * and doubled quotes are honoured ({@code `...`} has no backslash escapes); an unterminated quote runs to the end.
     */
    public static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /**
     * When a quote or a comment starts at {@code i}, the index just past it; otherwise {@code -1}. Comments are
     * {@code # ...}, {@code -- ...} (with the space MySQL requires) and {@code /* ... *}{@code /}.
     */
    public static int skipQuoteOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            return closingQuote(sql, i, c);
        }
        if (c == '#' || c == '-' && sql.startsWith("-- ", i)) {
            int nl = sql.indexOf('\n', i);
            return nl < 0 ? sql.length() : nl + 1;
        }
        if (c == '/' && sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        return -1;
    }
}
