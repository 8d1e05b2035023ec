package com.polardbx.optimizer.planner;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites MySQL's {@code GROUP BY a, b WITH ROLLUP}, which Calcite's parser lacks, into the standard
 * {@code GROUP BY ROLLUP(a, b)}. Like MariaDB, a query block with ROLLUP may not have its own ORDER BY (error 1221);
 * ASC/DESC on grouping items (a MariaDB extension) is not supported. Stateless.
 */
final class RollupText {
    /** Words that end a GROUP BY list in its query block. */
    private static final Set<String> CLAUSE_ENDS = Set.of("having", "order", "limit", "union", "intersect", "except",
        "window", "for", "lock");

    private RollupText() {
    }

    /** A word or parenthesis of the text at {@code [start, end)}, with its parenthesis depth. */
    private record Token(String text, int start, int end, int depth) {
    }

    static String rewrite(String sql) {
        List<Token> tokens = tokens(sql);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.text().equals("group") && tokens.get(i + 1).text().equals("by")) {
                String rewritten = rewriteAt(sql, tokens, i + 2, t.depth());
                if (rewritten != null) {
                    return rewrite(rewritten); // other blocks may have their own ROLLUP
                }
            }
        }
        return sql;
    }

    /** Rewrites the GROUP BY list starting at token {@code from} if it ends WITH ROLLUP, else returns null. */
    private static String rewriteAt(String sql, List<Token> tokens, int from, int depth) {
        for (int i = from; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() < depth || t.depth() == depth && CLAUSE_ENDS.contains(t.text())) {
                return null;
            }
            if (t.depth() == depth && (t.text().equals("asc") || t.text().equals("desc"))) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "ASC/DESC in GROUP BY across shards");
            }
            if (t.depth() == depth && t.text().equals("with") && i + 1 < tokens.size()
                && tokens.get(i + 1).text().equals("rollup")) {
                rejectOrderBy(tokens, i + 2, depth);
                int listStart = tokens.get(from - 1).end();
                String list = sql.substring(listStart, t.start()).strip();
                return sql.substring(0, listStart) + " ROLLUP(" + list + ")" + sql.substring(tokens.get(i + 1).end());
            }
        }
        return null;
    }

    private static void rejectOrderBy(List<Token> tokens, int from, int depth) {
        for (int i = from; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() < depth) {
                return;
            }
            if (t.depth() == depth && t.text().equals("order") && tokens.get(i + 1).text().equals("by")) {
                throw new SqlError(ErrorCode.ER_WRONG_USAGE, "CUBE/ROLLUP", "ORDER BY");
            }
        }
    }

    /** Lower-case words and parentheses outside quotes and comments; a ')' has the depth it closes to. */
    private static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int i = 0;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '(' || c == ')') {
                depth += c == '(' ? 1 : -1;
                out.add(new Token(String.valueOf(c), i, i + 1, depth));
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                out.add(new Token(sql.substring(i, end).toLowerCase(Locale.ROOT), i, end, depth));
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }
}
