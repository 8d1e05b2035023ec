package com.polardbx.optimizer.planner;

import com.polardbx.optimizer.planner.SqlTokens.Kind;
import com.polardbx.optimizer.planner.SqlTokens.Token;
import java.util.List;
import java.util.Set;

/**
 * Rewrites MySQL's {@code x COLLATE name} and {@code BINARY x}, which Calcite can't parse, into the calls
 * {@code MYSQL_COLLATE(x, 'name')} and {@code MYSQL_BINARY(x)} ({@link MySqlCollate} types and prints them back).
 * Both bind tighter than every operator, so a simple operand on the left (COLLATE) or right (BINARY) is the whole
 * operand. Stateless.
 */
final class CollateText {
    /** Words after which BINARY names a type or character set, not the operator. */
    private static final Set<String> TYPE_CONTEXT = Set.of("AS", "SET", "CHARSET", "CHARACTER", "USING");

    private CollateText() {
    }

    /** The first COLLATE or BINARY operator as a call, or no replacement. */
    static List<Object[]> oneRewrite(String sql, List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() != Kind.WORD) {
                continue;
            }
            if (tok.is("COLLATE") && i > 0 && i + 1 < t.size() && isName(t.get(i + 1))) {
                int start = CalciteText.operandStart(t, i - 1);
                if (start >= 0) {
                    String call = "MYSQL_COLLATE(" + CalciteText.slice(sql, t, start, i - 1) + ", '"
                        + unquote(t.get(i + 1).text()) + "')";
                    return List.<Object[]>of(new Object[] {t.get(start).start(), t.get(i + 1).end(), call});
                }
            }
            if (tok.is("BINARY") && (i == 0 || !TYPE_CONTEXT.contains(t.get(i - 1).upper()))) {
                int end = CalciteText.operandEnd(t, i + 1);
                if (end > i) {
                    String call = "MYSQL_BINARY(" + CalciteText.slice(sql, t, i + 1, end) + ")";
                    return List.<Object[]>of(new Object[] {tok.start(), t.get(end).end(), call});
                }
            }
        }
        return List.of();
    }

    private static boolean isName(Token tok) {
        return tok.kind() == Kind.WORD || tok.kind() == Kind.QUOTED_NAME || tok.kind() == Kind.STRING;
    }

    private static String unquote(String text) {
        char first = text.charAt(0);
        return first == '`' || first == '\'' || first == '"' ? text.substring(1, text.length() - 1) : text;
    }
}
