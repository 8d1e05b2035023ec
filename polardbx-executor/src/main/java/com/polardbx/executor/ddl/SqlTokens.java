package com.polardbx.executor.ddl;

import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal MySQL tokenizer that keeps source positions and parenthesis depth, used to rewrite DDL text surgically
 * (swap a table name, cut a clause) instead of re-printing Druid's AST, which does not round-trip every MySQL
 * construct (e.g. generated columns). Comments and whitespace are skipped.
 */
final class SqlTokens {
    /** Token kinds. */
    enum Kind { WORD, QUOTED_ID, STRING, PUNCT }

    /** One token; {@code depth} is the parenthesis depth outside it (a '(' and its ')' share the outer depth). */
    record Token(Kind kind, String text, int start, int end, int depth) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.charAt(0) == c;
        }
    }

    private SqlTokens() {
    }

    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '-' && sql.startsWith("-- ", i))) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '`' || c == '\'' || c == '"') {
                int end = closingQuote(sql, i, c);
                Kind kind = c == '`' ? Kind.QUOTED_ID : Kind.STRING;
                tokens.add(new Token(kind, sql.substring(i + 1, end - 1).replace("" + c + c, "" + c), i, end, depth));
                i = end;
            } else if (isWordChar(c)) {
                int end = i;
                while (end < n && isWordChar(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, end), i, end, depth));
                i = end;
            } else {
                if (c == ')') {
                    depth--;
                }
                tokens.add(new Token(Kind.PUNCT, String.valueOf(c), i, i + 1, depth));
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return tokens;
    }

    private static int closingQuote(String sql, int open, char quote) {
        return SqlText.closingQuote(sql, open, quote);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Index of the first token at or after {@code from} that is the given word at depth 0, or -1. */
    static int find(List<Token> tokens, int from, String word) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Index just past a possibly qualified name ({@code a}, {@code `a`}, {@code a.b}) starting at {@code i}. */
    static int nameEnd(List<Token> tokens, int i) {
        int j = i + 1;
        while (j + 1 < tokens.size() && tokens.get(j).isPunct('.')) {
            j += 2;
        }
        return j;
    }
}
