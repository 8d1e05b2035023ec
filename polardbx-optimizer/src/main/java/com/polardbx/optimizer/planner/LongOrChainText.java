package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reshapes long OR chains in a statement's text before any parser sees it, so that no parser or visitor recurses
 * once per term.
 *
 * <p>Both parsers nest {@code a OR b OR c ...} one level per term, and a chain of some thousand terms overflowed
 * their stacks and took seconds. A chain of at least {@value #MIN_TERMS} terms (the operands of the ORs at one
 * parenthesis depth of a WHERE, HAVING or ON condition or of a parenthesized expression) is rewritten as MySQL reads
 * it: the equalities of one column with {@value #MIN_EQUALITIES} or more literals of one kind (numbers, or plain
 * strings) become one {@code column IN (...)} (MySQL defines IN as that OR of equalities), and what remains is grouped
 * in parentheses, {@value #GROUP} terms a group, so the nesting grows with the logarithm of the length (OR is
 * associative in three-valued logic too). A chain whose extent is not certain (CASE, a comma, {@code :=} or
 * {@code ||} among its terms) is left as written. Stateless.
 */
public final class LongOrChainText {
    static final int MIN_TERMS = 32;
    static final int MIN_EQUALITIES = 64;
    private static final int GROUP = 16;
    /** Words that end a condition: clause keywords of the statements a condition can be part of. */
    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "HAVING",
        "WINDOW", "UNION", "EXCEPT", "INTERSECT", "INTO", "FOR", "LOCK", "ON", "USING", "JOIN", "INNER", "LEFT",
        "RIGHT", "CROSS", "NATURAL", "STRAIGHT_JOIN", "SET", "VALUES", "VALUE", "RETURNING", "PARTITION", "OFFSET",
        "AS", "WITH", "DUPLICATE", "UPDATE", "PROCEDURE", "QUALIFY", "OUTER", "FULL", "ROWS", "RANGE", "OVER");
    /** Words after which a condition starts. */
    private static final Set<String> CONDITION_STARTS = Set.of("WHERE", "HAVING", "ON");
    /** Tokens that make the extent of the terms uncertain. */
    private static final Set<String> UNCERTAIN = Set.of("CASE", "WHEN", "THEN", "ELSE", "END", ",", ":=", "||", ";");
    private static final Set<String> STATEMENTS = Set.of("SELECT", "WITH", "UPDATE", "DELETE", "INSERT", "REPLACE",
        "EXPLAIN", "DESC", "DESCRIBE", "(");
    private static final Set<String> NOT_COLUMNS = Set.of("NULL", "TRUE", "FALSE", "DEFAULT", "NOT", "BINARY");

    private LongOrChainText() {
    }

    /** The text with every long OR chain reshaped; the same string when there is none. */
    public static String rewrite(String sql) {
        if (!mayHaveLongChain(sql)) {
            return sql;
        }
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        if (tokens.isEmpty() || !STATEMENTS.contains(tokens.get(0).upper())) {
            return sql;
        }
        List<int[]> replacements = new ArrayList<>(); // start offset, end offset, index into texts
        List<String> texts = new ArrayList<>();
        List<Region> open = new ArrayList<>();
        open.add(new Region(-1)); // depth 0: inactive until a condition starts
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token t = tokens.get(i);
            Region current = open.get(open.size() - 1);
            if (t.kind() == SqlTokens.Kind.OPEN) {
                open.add(new Region(i + 1));
            } else if (t.kind() == SqlTokens.Kind.CLOSE) {
                if (open.size() > 1) {
                    current.close(i, tokens, sql, replacements, texts);
                    open.remove(open.size() - 1);
                }
            } else if (t.kind() == SqlTokens.Kind.WORD && CLAUSES.contains(t.upper()) && !isFunction(tokens, i)) {
                if (i > 0 && !endsExpression(tokens.get(i - 1))) {
                    current.uncertain = true; // e.g. a function named like a clause: the chain's end is not known
                }
                current.close(i, tokens, sql, replacements, texts);
                open.set(open.size() - 1, new Region(CONDITION_STARTS.contains(t.upper()) ? i + 1 : -1));
            } else if (UNCERTAIN.contains(t.upper())) {
                current.uncertain = true;
            } else if (t.kind() == SqlTokens.Kind.WORD && t.is("OR")) {
                current.ors.add(i);
            }
        }
        for (Region region : open) {
            region.close(tokens.size(), tokens, sql, replacements, texts);
        }
        if (replacements.isEmpty()) {
            return sql;
        }
        replacements.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder(sql.length());
        int at = 0;
        for (int[] r : replacements) {
            out.append(sql, at, r[0]).append(texts.get(r[2]));
            at = r[1];
        }
        return out.append(sql, at, sql.length()).toString();
    }

    /** A cheap first look: at least {@link #MIN_TERMS} - 1 words OR. */
    private static boolean mayHaveLongChain(String sql) {
        int count = 0;
        for (int i = sql.indexOf(' '); i >= 0 && i + 3 < sql.length(); i = sql.indexOf(' ', i + 1)) {
            char a = sql.charAt(i + 1);
            char b = sql.charAt(i + 2);
            if ((a == 'O' || a == 'o') && (b == 'R' || b == 'r') && !SqlTokens.isWordChar(sql.charAt(i + 3))
                && ++count >= MIN_TERMS - 1) {
                return true;
            }
        }
        return false;
    }

    /** The tokens of a condition at one parenthesis depth: where it starts and where its ORs are. */
    private static final class Region {
        final int start;
        final List<Integer> ors = new ArrayList<>();
        boolean uncertain;

        Region(int start) {
            this.start = start;
        }

        void close(int end, List<SqlTokens.Token> tokens, String sql, List<int[]> replacements, List<String> texts) {
            if (start < 0 || uncertain || ors.size() < MIN_TERMS - 1) {
                return;
            }
            List<String> terms = new ArrayList<>(ors.size() + 1);
            int from = start;
            for (int or : ors) {
                if (or == from) {
                    return; // OR without a left operand: a syntax error, left for the parser to report
                }
                from = or + 1;
            }
            if (from >= end) {
                return;
            }
            from = start;
            for (int or : ors) {
                terms.add(text(tokens, sql, from, or, replacements, texts));
                from = or + 1;
            }
            terms.add(text(tokens, sql, from, end, replacements, texts));
            replacements.add(new int[] {tokens.get(start).start(), tokens.get(end - 1).end(), texts.size()});
            texts.add(grouped(equalitiesToIn(tokens, sql, terms, start, ors, end)));
        }
    }

    /** The text of tokens {@code [from, to)} with the rewrites of the chains nested in it applied (and consumed). */
    private static String text(List<SqlTokens.Token> tokens, String sql, int from, int to, List<int[]> replacements,
                               List<String> texts) {
        int begin = tokens.get(from).start();
        int end = tokens.get(to - 1).end();
        StringBuilder out = new StringBuilder();
        int at = begin;
        replacements.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (java.util.Iterator<int[]> it = replacements.iterator(); it.hasNext(); ) {
            int[] r = it.next();
            if (r[0] >= begin && r[1] <= end) {
                out.append(sql, at, r[0]).append(texts.get(r[2]));
                at = r[1];
                it.remove();
            }
        }
        return out.append(sql, at, end).toString();
    }

    /** LEFT(, RIGHT(, VALUES(: a function, not a clause. */
    private static boolean isFunction(List<SqlTokens.Token> tokens, int i) {
        return (tokens.get(i).is("LEFT") || tokens.get(i).is("RIGHT") || tokens.get(i).is("VALUES"))
            && i + 1 < tokens.size() && tokens.get(i + 1).kind() == SqlTokens.Kind.OPEN;
    }

    /** Whether a condition may end with this token (a clause word after an operator is not a clause). */
    private static boolean endsExpression(SqlTokens.Token t) {
        return switch (t.kind()) {
            case NUMBER, STRING, QUOTED_NAME, CLOSE -> true;
            case WORD -> !Set.of("AND", "OR", "NOT", "XOR", "IS", "LIKE", "IN", "BETWEEN", "REGEXP", "RLIKE", "DIV",
                "MOD", "INTERVAL", "BINARY", "ESCAPE", "SOUNDS", "COLLATE").contains(t.upper());
            default -> t.text().equals("*"); // SELECT * FROM
        };
    }

    /** The terms with each long group of {@code column = literal} replaced by one IN at its first member's place. */
    private static List<String> equalitiesToIn(List<SqlTokens.Token> tokens, String sql, List<String> terms,
                                               int start, List<Integer> ors, int end) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        String[] columns = new String[terms.size()];
        String[] values = new String[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            int from = i == 0 ? start : ors.get(i - 1) + 1;
            int to = i < ors.size() ? ors.get(i) : end;
            String kind = equality(tokens, sql, from, to, columns, values, i);
            if (kind != null) {
                groups.computeIfAbsent(kind + ":" + columns[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            }
        }
        String[] out = terms.toArray(new String[0]);
        boolean changed = false;
        for (List<Integer> group : groups.values()) {
            if (group.size() < MIN_EQUALITIES) {
                continue;
            }
            StringBuilder in = new StringBuilder(columns[group.get(0)]).append(" IN (");
            for (int k = 0; k < group.size(); k++) {
                in.append(k == 0 ? "" : ", ").append(values[group.get(k)]);
                out[group.get(k)] = null;
            }
            out[group.get(0)] = in.append(')').toString();
            changed = true;
        }
        if (!changed) {
            return terms;
        }
        List<String> result = new ArrayList<>();
        for (String term : out) {
            if (term != null) {
                result.add(term);
            }
        }
        return result;
    }

    /**
     * For a term {@code column = literal} (a column name, qualified or not; a number, signed or not, or a plain
     * string): "n" or "s", with the column's and the literal's text stored at {@code i}; else null.
     */
    private static String equality(List<SqlTokens.Token> tokens, String sql, int from, int to, String[] columns,
                                   String[] values, int i) {
        int at = from;
        while (at < to && isName(tokens.get(at)) && at + 1 < to && tokens.get(at + 1).kind() == SqlTokens.Kind.DOT) {
            at += 2;
        }
        if (at + 2 >= to || !isName(tokens.get(at)) || !tokens.get(at + 1).text().equals("=")) {
            return null;
        }
        int literal = at + 2;
        String kind;
        if (literal == to - 1 && decimal(tokens.get(literal))) {
            kind = "n";
        } else if (literal == to - 2 && tokens.get(literal).text().equals("-") && decimal(tokens.get(literal + 1))) {
            kind = "n";
        } else if (literal == to - 1 && tokens.get(literal).kind() == SqlTokens.Kind.STRING) {
            kind = "s";
        } else {
            return null;
        }
        columns[i] = sql.substring(tokens.get(from).start(), tokens.get(at).end());
        values[i] = sql.substring(tokens.get(literal).start(), tokens.get(to - 1).end());
        return kind;
    }

    /** A decimal number; 0x.. and 0b.. are binary strings in MySQL. */
    private static boolean decimal(SqlTokens.Token t) {
        return t.kind() == SqlTokens.Kind.NUMBER && !(t.text().length() > 1 && t.text().charAt(0) == '0'
            && Character.isLetter(t.text().charAt(1)));
    }

    private static boolean isName(SqlTokens.Token t) {
        return t.kind() == SqlTokens.Kind.QUOTED_NAME
            || t.kind() == SqlTokens.Kind.WORD && !NOT_COLUMNS.contains(t.upper()) && !CLAUSES.contains(t.upper())
            && !t.is("OR") && !t.is("AND") && !t.is("XOR");
    }

    /** The terms joined by OR, in groups of {@link #GROUP} in parentheses, groups of groups and so on. */
    private static String grouped(List<String> terms) {
        List<String> level = terms;
        while (level.size() > GROUP) {
            List<String> next = new ArrayList<>(level.size() / GROUP + 1);
            for (int i = 0; i < level.size(); i += GROUP) {
                next.add("(" + String.join(" OR ", level.subList(i, Math.min(level.size(), i + GROUP))) + ")");
            }
            level = next;
        }
        return String.join(" OR ", level);
    }
}
