package com.polardbx.optimizer.parse;

import com.polardbx.common.sql.SqlText;

/**
 * {@code - TRUNCATE(x, n)} and {@code - MOD(x, n)} written as {@code -(TRUNCATE(x, n))}, {@code -(MOD(x, n))} for
 * Druid, whose parser reads TRUNCATE after a minus sign as the statement TRUNCATE and MOD as the infix operator, and
 * rejects MySQL's valid expression with 1064. The parentheses change neither the value nor the precedence (a function
 * call binds tighter than the sign). Stateless.
 */
final class NegatedKeywordCalls {
    private static final java.util.List<String> WORDS = java.util.List.of("TRUNCATE", "MOD");

    private NegatedKeywordCalls() {
    }

    static String rewrite(String sql) {
        String upper = sql.toUpperCase(java.util.Locale.ROOT);
        for (String word : WORDS) {
            if (sql.indexOf('-') >= 0 && upper.contains(word)) {
                sql = rewrite(sql, word);
            }
        }
        return sql;
    }

    private static String rewrite(String sql, String name) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int i = 0;
        int copied = 0;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            if (sql.charAt(i) == '-') {
                int word = i + 1;
                while (word < sql.length() && Character.isWhitespace(sql.charAt(word))) {
                    word++;
                }
                int open = word + name.length();
                while (open < sql.length() && Character.isWhitespace(sql.charAt(open))) {
                    open++;
                }
                int close = sql.regionMatches(true, word, name, 0, name.length()) && open < sql.length()
                    && sql.charAt(open) == '(' ? closing(sql, open) : -1;
                if (close > 0) {
                    out.append(sql, copied, word).append('(').append(sql, word, close + 1).append(')');
                    copied = close + 1;
                    i = close + 1;
                    continue;
                }
            }
            i++;
        }
        return copied == 0 ? sql : out.append(sql, copied, sql.length()).toString();
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int closing(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
