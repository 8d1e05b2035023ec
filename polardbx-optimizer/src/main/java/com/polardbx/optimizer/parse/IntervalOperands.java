package com.polardbx.optimizer.parse;

import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code INTERVAL (a) + 1 DAY} written as {@code INTERVAL ((a) + 1) DAY} for Druid, whose parser takes the
 * parenthesized start for the whole operand and then rejects MySQL's valid expression with 1064. MySQL reads
 * everything up to the unit as the operand, so the added parentheses change nothing. Stateless.
 */
public final class IntervalOperands {
    private static final String WORD = "INTERVAL";
    private static final Set<String> UNITS = Set.of("MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH",
        "QUARTER", "YEAR", "SECOND_MICROSECOND", "MINUTE_MICROSECOND", "MINUTE_SECOND", "HOUR_MICROSECOND",
        "HOUR_SECOND", "HOUR_MINUTE", "DAY_MICROSECOND", "DAY_SECOND", "DAY_MINUTE", "DAY_HOUR", "YEAR_MONTH");

    private IntervalOperands() {
    }

    static String rewrite(String sql) {
        List<int[]> spans = operands(sql);
        if (spans.isEmpty()) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 2 * spans.size());
        int copied = 0;
        for (int[] span : spans) {
            out.append(sql, copied, span[0]).append('(').append(sql, span[0], span[1]).append(')');
            copied = span[1];
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The {@code [start, end)} of each INTERVAL operand that goes on after its first parentheses, in order. */
    public static List<int[]> operands(String sql) {
        List<int[]> out = new ArrayList<>();
        if (!sql.toUpperCase(Locale.ROOT).contains(WORD)) {
            return out;
        }
        int i = 0;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            if (isWordAt(sql, i, WORD)) {
                int start = skipSpaces(sql, i + WORD.length());
                int unit = start < sql.length() && sql.charAt(start) == '(' ? unitAfterParenthesized(sql, start) : -1;
                if (unit > 0) {
                    int end = unit;
                    while (end > start && Character.isWhitespace(sql.charAt(end - 1))) {
                        end--;
                    }
                    out.add(new int[] {start, end});
                    i = unit;
                    continue;
                }
            }
            i++;
        }
        return out;
    }

    /**
     * Where the unit starts when the operand opening at {@code open} goes on after its parentheses ({@code (a) + 1});
     * -1 when the parentheses are the whole operand or no unit follows at this depth.
     */
    private static int unitAfterParenthesized(String sql, int open) {
        int depth = 0;
        boolean closedFirst = false;
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
            } else if (c == ')') {
                if (--depth < 0) {
                    return -1;
                }
                if (depth == 0 && !closedFirst) {
                    closedFirst = true;
                    int next = skipSpaces(sql, i + 1);
                    if (unitAt(sql, next) != null) {
                        return -1; // INTERVAL (a) DAY: Druid reads it
                    }
                }
            } else if (depth == 0 && closedFirst && Character.isLetter(c) && (i == 0
                || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_'
                && sql.charAt(i - 1) != '.')) {
                if (unitAt(sql, i) != null) {
                    return i;
                }
            } else if (depth == 0 && (c == ',' || c == ';')) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private static String unitAt(String sql, int at) {
        for (String unit : UNITS) {
            if (isWordAt(sql, at, unit)) {
                return unit;
            }
        }
        return null;
    }

    private static boolean isWordAt(String sql, int at, String word) {
        int end = at + word.length();
        return at >= 0 && end <= sql.length() && sql.regionMatches(true, at, word, 0, word.length())
            && (at == 0 || !isNameChar(sql.charAt(at - 1))) && (end == sql.length() || !isNameChar(sql.charAt(end)));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == '`';
    }

    private static int skipSpaces(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }
}
