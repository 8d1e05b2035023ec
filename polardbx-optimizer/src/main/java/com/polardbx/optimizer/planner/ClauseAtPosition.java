package com.polardbx.optimizer.planner;

import com.polardbx.optimizer.planner.SqlTokens.Kind;
import com.polardbx.optimizer.planner.SqlTokens.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The clause of a query text a validation error points at, named as MariaDB names it in its errors ({@code SELECT},
 * {@code WHERE}, {@code ON}, {@code HAVING}, {@code GROUP BY}, {@code ORDER BY}), and the name written there. A
 * position inside parentheses (a call, a subquery) belongs to the innermost enclosing clause. Stateless.
 */
final class ClauseAtPosition {
    private ClauseAtPosition() {
    }

    /** The offset in {@code text} of a 1-based line and column (as Calcite's positions count), or -1. */
    static int offset(String text, int line, int column) {
        if (line < 1 || column < 1) {
            return -1;
        }
        int offset = 0;
        for (int l = 1; l < line; l++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return -1;
            }
        }
        int at = offset + column - 1;
        return at < text.length() ? at : -1;
    }

    /** MariaDB's name of the clause {@code offset} lies in; "SELECT" when the text gives no other. */
    static String clause(String text, int offset) {
        Deque<String> clauses = new ArrayDeque<>();
        clauses.push("SELECT");
        List<Token> tokens = SqlTokens.of(text);
        for (int i = 0; i < tokens.size() && tokens.get(i).start() <= offset; i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.OPEN) {
                clauses.push(clauses.peek());
            } else if (t.kind() == Kind.CLOSE && clauses.size() > 1) {
                clauses.pop();
            } else if (t.kind() == Kind.WORD) {
                String name = clauseName(t, i + 1 < tokens.size() ? tokens.get(i + 1) : null);
                if (name != null) {
                    clauses.pop();
                    clauses.push(name);
                }
            }
        }
        return clauses.peek();
    }

    private static String clauseName(Token word, Token next) {
        return switch (word.upper()) {
            case "SELECT", "WHERE", "HAVING", "ON" -> word.upper();
            case "GROUP", "ORDER" -> next != null && next.is("BY") ? word.upper() + " BY" : null;
            case "FROM" -> "FROM";
            default -> null;
        };
    }

    /** The name written at {@code offset} ({@code t.zz}, quotes dropped), or null when no name starts there. */
    static String nameAt(String text, int offset) {
        if (offset < 0) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        int i = offset;
        // Calcite points at the column of a qualified name; MariaDB names it with its qualifiers
        while (i > 1 && text.charAt(i - 1) == '.') {
            int start = i - 2;
            if (text.charAt(start) == '`') {
                start = text.lastIndexOf('`', start - 1);
            } else {
                while (start > 0 && SqlTokens.isWordChar(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (start < 0) {
                break;
            }
            i = start;
        }
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                int close = text.indexOf('`', i + 1);
                if (close < 0) {
                    break;
                }
                name.append(text, i + 1, close);
                i = close + 1;
            } else if (SqlTokens.isWordChar(c) || c == '.') {
                name.append(c);
                i++;
            } else {
                break;
            }
        }
        return name.length() == 0 ? null : name.toString();
    }
}
