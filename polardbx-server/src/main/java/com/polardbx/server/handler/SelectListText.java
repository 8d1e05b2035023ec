package com.polardbx.server.handler;

import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The select items of a query as the client wrote them, which MySQL uses as the labels of unnamed expressions.
 * Stateless.
 */
final class SelectListText {
    private static final Set<String> ENDS = Set.of("FROM", "WHERE", "INTO", "GROUP", "HAVING", "ORDER", "LIMIT",
        "UNION", "EXCEPT", "INTERSECT", "FOR", "LOCK", "WINDOW");

    private SelectListText() {
    }

    /** The text of each item of the first SELECT at the top level, trimmed; null when there is no SELECT. */
    static List<String> items(String sql) {
        int i = 0;
        int depth = 0;
        int start = -1;
        List<String> items = new ArrayList<>();
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                    || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
                if (depth == 0 && start < 0 && word.equals("SELECT")) {
                    start = end;
                } else if (depth == 0 && start >= 0 && ENDS.contains(word)) {
                    items.add(sql.substring(start, i).strip());
                    return items;
                }
                i = end;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0 && start >= 0) {
                items.add(sql.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        if (start < 0) {
            return null;
        }
        items.add(sql.substring(start).strip().replaceAll(";\\s*$", ""));
        return items;
    }
}
