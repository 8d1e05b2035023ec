package com.polardbx.optimizer.planner;

import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits MySQL text into tokens with their offsets (comments dropped), for {@link CalciteText}'s rewrites. */
final class SqlTokens {
    /** What a token is. */
    enum Kind { WORD, NUMBER, STRING, QUOTED_NAME, OPEN, CLOSE, COMMA, DOT, SYMBOL }

    /** One token: {@code text} is {@code sql[start, end)}. */
    record Token(Kind kind, int start, int end, String text) {
        boolean is(String word) {
            return text.equalsIgnoreCase(word);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private static final String[] SYMBOLS = {"<=>", "<<", ">>", "<=", ">=", "<>", "!=", "||", "&&", ":="};

    private SqlTokens() {
    }

    static List<Token> of(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                if (c == '\'' || c == '"') {
                    out.add(new Token(Kind.STRING, i, skipped, sql.substring(i, skipped)));
                } else if (c == '`') {
                    out.add(new Token(Kind.QUOTED_NAME, i, skipped, sql.substring(i, skipped)));
                }
                i = skipped;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int end = i + 1;
            Kind kind;
            if (Character.isDigit(c) || c == '.' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))
                && !(i > 0 && isWordChar(sql.charAt(i - 1)))) {
                end = number(sql, i);
                kind = Kind.NUMBER;
            } else if (isWordChar(c)) {
                while (end < sql.length() && isWordChar(sql.charAt(end))) {
                    end++;
                }
                kind = Kind.WORD;
            } else {
                kind = switch (c) {
                    case '(' -> Kind.OPEN;
                    case ')' -> Kind.CLOSE;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    default -> Kind.SYMBOL;
                };
                for (String s : SYMBOLS) {
                    if (sql.startsWith(s, i)) {
                        end = i + s.length();
                        break;
                    }
                }
            }
            out.add(new Token(kind, i, end, sql.substring(i, end)));
            i = end;
        }
        return out;
    }

    private static int number(String sql, int i) {
        int end = i;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
            || (sql.charAt(end) == '+' || sql.charAt(end) == '-')
            && Character.toLowerCase(sql.charAt(end - 1)) == 'e' && !sql.startsWith("0x", i))) {
            end++;
        }
        return end;
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
