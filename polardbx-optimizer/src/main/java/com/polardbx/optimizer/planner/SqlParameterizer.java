package com.polardbx.optimizer.planner;

import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replaces the constants of a query's predicates by {@code ?}, so queries that differ only in those constants share
 * one cached plan. Only literals in predicate positions are replaced: right after a comparison operator,
 * {@code LIKE}, {@code BETWEEN} / its {@code AND}, or as an element of an {@code IN (...)} list. Constants that shape
 * the plan ({@code LIMIT 10}, {@code ORDER BY 1}, {@code DATE '...'}, {@code INTERVAL 3 DAY}, type lengths) stay.
 * Stateless.
 */
public final class SqlParameterizer {
    /** The text with {@code ?} markers and the literals they replaced, as written (quotes included). */
    public record Parameterized(String template, List<String> literals) {
    }

    private SqlParameterizer() {
    }

    public static Parameterized parameterize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> literals = new ArrayList<>();
        String prev = "";
        boolean betweenOpen = false;
        int depth = 0;
        int inListDepth = -1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            boolean literal = false;
            if (c == '\'') {
                end = SqlText.closingQuote(sql, i, c);
                literal = true;
            } else if ((end = SqlText.skipQuoteOrComment(sql, i)) >= 0) {
                out.append(sql, i, end);
                prev = c == '"' || c == '`' ? "name" : prev; // comments leave prev as it was
                i = end;
                continue;
            } else if (Character.isWhitespace(c)) {
                out.append(c);
                i++;
                continue;
            } else if (Character.isDigit(c)) {
                end = wordEnd(sql, i);
                literal = isNumber(sql.substring(i, end));
            } else if (Character.isLetter(c) || c == '_' || c == '$' || c == '@') {
                end = wordEnd(sql, i);
                String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
                out.append(sql, i, end);
                if (word.equals("BETWEEN")) {
                    betweenOpen = true;
                    prev = word;
                } else if (word.equals("AND") && betweenOpen) {
                    betweenOpen = false;
                    prev = "AND-BETWEEN";
                } else {
                    prev = word;
                }
                i = end;
                continue;
            } else {
                end = i + 1;
                if ((c == '<' || c == '>' || c == '!') && end < sql.length()
                    && (sql.charAt(end) == '=' || c == '<' && sql.charAt(end) == '>')) {
                    end++;
                }
                String op = sql.substring(i, end);
                out.append(op);
                if (op.equals("(")) {
                    depth++;
                    if (prev.equals("IN")) {
                        inListDepth = depth;
                    }
                } else if (op.equals(")")) {
                    if (depth == inListDepth) {
                        inListDepth = -1;
                    }
                    depth--;
                }
                prev = op;
                i = end;
                continue;
            }
            if (literal && eligible(prev, depth == inListDepth)) {
                literals.add(sql.substring(i, end));
                out.append('?');
            } else {
                out.append(sql, i, end);
            }
            prev = literal ? "literal" : "name";
            i = end;
        }
        return new Parameterized(out.toString(), literals);
    }

    /** End of an identifier or number token: letters, digits, {@code _ $ @ .}, and an exponent's sign. */
    private static int wordEnd(String sql, int i) {
        int end = i + 1;
        while (end < sql.length()) {
            char ch = sql.charAt(end);
            boolean exponentSign = (ch == '+' || ch == '-') && Character.isDigit(sql.charAt(i))
                && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E');
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch == '@' || ch == '.' || exponentSign)) {
                break;
            }
            end++;
        }
        return end;
    }

    /** Compiled once: a long IN list has a number per value. */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("\\d+(\\.\\d*)?([eE][+-]?\\d+)?");

    private static boolean isNumber(String token) {
        return NUMBER.matcher(token).matches();
    }

    private static boolean eligible(String prev, boolean inInList) {
        switch (prev) {
            case "=", "<>", "!=", "<", "<=", ">", ">=", "LIKE", "BETWEEN", "AND-BETWEEN":
                return true;
            case "(", ",":
                return inInList;
            default:
                return false;
        }
    }

}
