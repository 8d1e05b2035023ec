package com.polardbx.optimizer.planner;

import com.polardbx.common.sql.SqlText;
import java.util.Locale;
import java.util.Set;

/**
 * Adapts MySQL query text to Calcite's parser: words that Calcite reserves but MySQL lets a SELECT use as plain
 * identifiers (e.g. {@code SUM(x) AS value}) are quoted. Only words that are never keywords in a MySQL SELECT are
 * listed, so quoting them cannot change a query's meaning. Stateless.
 */
final class CalciteText {
    private static final Set<String> CALCITE_ONLY_RESERVED = Set.of("value", "one");

    private CalciteText() {
    }

    static String quoteIdentifiers(String sql) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (!Character.isLetter(c) && c != '_') {
                i++;
                continue;
            }
            int end = i;
            while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
                end++;
            }
            String word = sql.substring(i, end);
            if (CALCITE_ONLY_RESERVED.contains(word.toLowerCase(Locale.ROOT)) && !followedByParenthesis(sql, end)) {
                out = out == null ? new StringBuilder(sql.length() + 8) : out;
                out.append(sql, copied, i).append('`').append(word).append('`');
                copied = end;
            }
            i = end;
        }
        return out == null ? sql : out.append(sql, copied, sql.length()).toString();
    }

    private static boolean followedByParenthesis(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '(';
    }
}
