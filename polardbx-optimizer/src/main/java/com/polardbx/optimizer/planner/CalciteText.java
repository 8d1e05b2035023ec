package com.polardbx.optimizer.planner;

import com.polardbx.common.sql.ByteStrings;
import com.polardbx.common.sql.RawByteLiterals;
import com.polardbx.optimizer.planner.SqlTokens.Kind;
import com.polardbx.optimizer.planner.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Adapts MySQL query text to Calcite's parser without changing its meaning, and remembers where each piece came
 * from so that column labels can still be cut from the original text. Rewrites:
 * <ul>
 * <li>words Calcite reserves but MySQL lets a query use as names ({@code SUM(x) AS value}, {@code b.year}) are
 * quoted;</li>
 * <li>{@code DAY(x)}, {@code SUBSTR(x FROM n)}, {@code INSERT(s, p, n, t)}, {@code JSON_OBJECT(k, v, ...)}, {@code JSON_ARRAY(...)}, {@code CONVERT(x, type)}, {@code CAST(x AS SIGNED|UNSIGNED|DATETIME|
 * CHAR)} and {@code STRAIGHT_JOIN} become their Calcite spellings;</li>
 * <li>MySQL operators Calcite's parser lacks ({@code DIV MOD XOR REGEXP RLIKE <=> & | ^ << >> ~}) become function
 * calls ({@code SOUNDS LIKE} becomes {@code SOUNDEX(a) = SOUNDEX(b)}) ({@link MySqlFunctions} prints them back as operators), but only where both operands are simple (a name,
 * literal, call or parenthesized expression) and the neighbouring operators bind more loosely, so precedence can't
 * change; otherwise the text stays as it is and Calcite refuses it.</li>
 * </ul>
 * Stateless.
 */
final class CalciteText {
    /** Words Calcite reserves that MySQL queries use only as names (quoting a name changes nothing). */
    private static final Set<String> CALCITE_ONLY_RESERVED = Set.of("value", "one", "at", "result", "period",
        "member", "method", "module", "scope", "element", "absolute", "relative");
    /** Calcite keywords that MySQL accepts as column names after a qualifier ({@code b.year}). */
    private static final Set<String> QUALIFIED_NAME_KEYWORDS = Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE",
        "SECOND", "DATE", "TIME", "TIMESTAMP", "VALUE", "USER", "ONE", "LEVEL", "SESSION", "TYPE", "NAME", "RANK");
    /** Infix operators rewritten into calls: operator -> (function name, precedence level; lower binds tighter). */
    private static final Map<String, Object[]> INFIX = Map.ofEntries(
        Map.entry("^", new Object[] {"MYSQL_BITXOR", 1}),
        Map.entry("DIV", new Object[] {"MYSQL_DIV", 2}),
        Map.entry("MOD", new Object[] {"MOD", 2}),
        Map.entry("<<", new Object[] {"MYSQL_SHIFT_LEFT", 4}),
        Map.entry(">>", new Object[] {"MYSQL_SHIFT_RIGHT", 4}),
        Map.entry("&", new Object[] {"MYSQL_BITAND", 5}),
        Map.entry("|", new Object[] {"MYSQL_BITOR", 6}),
        Map.entry("<=>", new Object[] {"MYSQL_NULL_SAFE_EQUAL", 7}),
        Map.entry("REGEXP", new Object[] {"MYSQL_REGEXP", 7}),
        Map.entry("RLIKE", new Object[] {"MYSQL_REGEXP", 7}),
        Map.entry("XOR", new Object[] {"MYSQL_XOR", 10}));
    /** {@code a SOUNDS LIKE b}, a comparison: rewritten as {@code SOUNDEX(a) = SOUNDEX(b)}. */
    private static final Object[] SOUNDS_LIKE = {"SOUNDEX", 7};
    private static final int LOOSEST = 100;
    private static final Set<String> KEYWORDS_BEFORE_AN_OPERAND = Set.of("SELECT", "WHERE", "AND", "OR", "NOT",
        "WHEN", "THEN", "ELSE", "ON", "BY", "HAVING", "CASE", "DISTINCT", "ALL", "LIMIT", "SET", "VALUES", "RETURN");

    /** Rewritten text and the offsets it came from. */
    static final class Rewritten {
        private final String original;
        private final List<List<int[]>> passes = new ArrayList<>(); // edits per pass: {start, end, newLength}
        private String text;

        private Rewritten(String original) {
            this.original = original;
            this.text = original;
        }

        String text() {
            return text;
        }

        /** The original text of {@code text()[start, endInclusive]}. */
        String originalText(int start, int endInclusive) {
            int s = start;
            int e = endInclusive;
            for (int p = passes.size() - 1; p >= 0; p--) {
                s = map(passes.get(p), s, false);
                e = map(passes.get(p), e, true);
            }
            return original.substring(Math.max(0, s), Math.min(original.length(), e + 1));
        }

        private static int map(List<int[]> edits, int offset, boolean end) {
            int shift = 0;
            for (int[] edit : edits) {
                int newStart = edit[0] + shift;
                int newEnd = newStart + edit[2];
                if (offset < newStart) {
                    break;
                }
                if (offset < newEnd) {
                    return end ? edit[1] - 1 : edit[0];
                }
                shift += edit[2] - (edit[1] - edit[0]);
            }
            return offset - shift;
        }

        /** Applies sorted, non-overlapping replacements {start, end, text} to the current text. */
        private boolean apply(List<Object[]> replacements) {
            if (replacements.isEmpty()) {
                return false;
            }
            StringBuilder sb = new StringBuilder();
            List<int[]> edits = new ArrayList<>();
            int copied = 0;
            for (Object[] r : replacements) {
                int start = (int) r[0];
                int end = (int) r[1];
                String with = (String) r[2];
                sb.append(text, copied, start).append(with);
                edits.add(new int[] {start, end, with.length()});
                copied = end;
            }
            text = sb.append(text, copied, text.length()).toString();
            passes.add(edits);
            return true;
        }
    }

    private CalciteText() {
    }

    static String quoteIdentifiers(String sql) {
        return rewrite(sql).text();
    }

    static Rewritten rewrite(String sql) {
        Rewritten r = new Rewritten(sql);
        r.apply(doubleMinus(SqlTokens.of(r.text())));
        r.apply(intervalOperands(r.text()));
        r.apply(binaryStrings(SqlTokens.of(r.text())));
        r.apply(selectOptions(SqlTokens.of(r.text())));
        r.apply(convertToCast(SqlTokens.of(r.text())));
        r.apply(spellings(SqlTokens.of(r.text())));
        for (int i = 0; i < 50 && r.apply(CollateText.oneRewrite(r.text(), SqlTokens.of(r.text()))); i++) {
            // COLLATE and BINARY bind tighter than any operator: rewritten first, one per pass
        }
        r.apply(unitCalls(SqlTokens.of(r.text())));
        r.apply(timeOfCalls(SqlTokens.of(r.text())));
        for (int i = 0; i < 50 && r.apply(oneInfix(r.text(), SqlTokens.of(r.text()))); i++) {
            // one operator per pass: each rewrite changes the operands' neighbours
        }
        return r;
    }

    /** {@code INTERVAL (a) * 2 DAY} -> {@code INTERVAL ((a) * 2) DAY}: Calcite too ends the operand at its parentheses. */
    private static List<Object[]> intervalOperands(String text) {
        List<Object[]> out = new ArrayList<>();
        for (int[] span : com.polardbx.optimizer.parse.IntervalOperands.operands(text)) {
            out.add(new Object[] {span[0], span[1], "(" + text.substring(span[0], span[1]) + ")"});
        }
        return out;
    }

    /**
     * {@code TIME(x)} -> {@code CAST(x AS TIME)}: MySQL's time part of x, where Calcite's TIME takes hours, minutes
     * and seconds.
     */
    private static List<Object[]> timeOfCalls(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < t.size(); i++) {
            boolean qualified = i > 0 && t.get(i - 1).kind() == Kind.DOT;
            if (!t.get(i).is("TIME") || qualified || t.get(i + 1).kind() != Kind.OPEN) {
                continue;
            }
            int close = matching(t, i + 1);
            boolean oneArgument = close > i + 2;
            int depth = 0;
            for (int k = i + 2; k < close && oneArgument; k++) {
                Kind kind = t.get(k).kind();
                depth += kind == Kind.OPEN ? 1 : kind == Kind.CLOSE ? -1 : 0;
                oneArgument = depth > 0 || kind != Kind.COMMA;
            }
            if (oneArgument) {
                out.add(new Object[] {t.get(i).start(), t.get(i).end(), "CAST"});
                out.add(new Object[] {t.get(close).start(), t.get(close).end(), " AS TIME)"});
            }
        }
        out.sort(java.util.Comparator.comparingInt(r -> (int) r[0]));
        return out;
    }

    /**
     * {@code _binary'...'} and a literal holding bytes that are no UTF-8 -> {@code X'...'}: Calcite knows no binary
     * character set, and its strings must be valid text.
     */
    private static List<Object[]> binaryStrings(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            boolean introducer = tok.is("_binary") && i + 1 < t.size() && t.get(i + 1).kind() == Kind.STRING;
            if (introducer) {
                Token literal = t.get(++i);
                out.add(new Object[] {tok.start(), literal.end(), RawByteLiterals.hexLiteral(literal.text())});
            } else if (tok.kind() == Kind.STRING && ByteStrings.hasRawBytes(tok.text())) {
                out.add(new Object[] {tok.start(), tok.end(), RawByteLiterals.hexLiteral(tok.text())});
            }
        }
        return out;
    }

    /** Select options that only tune MySQL's own execution; Calcite would read them as column names. */
    private static final Set<String> SELECT_OPTIONS = Set.of("SQL_NO_CACHE", "SQL_CACHE", "SQL_BUFFER_RESULT",
        "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "HIGH_PRIORITY");

    /** {@code SELECT SQL_NO_CACHE a} -> {@code SELECT a} (mariadb-dump sends it). */
    private static List<Object[]> selectOptions(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        boolean afterSelect = false;
        for (Token tok : t) {
            if (tok.kind() == Kind.WORD && SELECT_OPTIONS.contains(tok.upper()) && afterSelect) {
                out.add(new Object[] {tok.start(), tok.end(), ""});
                continue;
            }
            afterSelect = tok.kind() == Kind.WORD && (tok.is("SELECT") || tok.is("DISTINCT") || tok.is("ALL")
                || tok.is("DISTINCTROW") || tok.is("STRAIGHT_JOIN")) || afterSelect && tok.kind() == Kind.WORD
                && SELECT_OPTIONS.contains(tok.upper());
        }
        return out;
    }

    /**
     * {@code --x} -> {@code - -x}: MySQL starts a comment only at {@code -- } with a space, Calcite at any {@code --},
     * so {@code SELECT --0.5} (0.5 on MySQL) lost its end to a comment.
     */
    private static List<Object[]> doubleMinus(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).is("-") && t.get(i + 1).is("-") && t.get(i).end() == t.get(i + 1).start()) {
                out.add(new Object[] {t.get(i).start(), t.get(i).end(), "- "});
            }
        }
        return out;
    }

    /** {@code CONVERT(x, type)} -> {@code CAST(x AS type)}. */
    private static List<Object[]> convertToCast(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < t.size(); i++) {
            if (t.get(i).is("CONVERT") && t.get(i + 1).kind() == Kind.OPEN) {
                int close = matching(t, i + 1);
                int comma = -1;
                int depth = 0;
                for (int k = i + 2; k < close; k++) {
                    Kind kind = t.get(k).kind();
                    depth += kind == Kind.OPEN ? 1 : kind == Kind.CLOSE ? -1 : 0;
                    if (depth == 0 && kind == Kind.COMMA) {
                        comma = k;
                    }
                }
                if (close > 0 && comma > 0 && t.get(comma + 1).kind() == Kind.WORD) {
                    out.add(new Object[] {t.get(i).start(), t.get(i).end(), "CAST"});
                    out.add(new Object[] {t.get(comma).start(), t.get(comma).end(), " AS"});
                }
            }
        }
        return out;
    }

    private static List<Object[]> spellings(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        List<String> owners = new ArrayList<>(); // the word before each open parenthesis
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            Token prev = i > 0 ? t.get(i - 1) : null;
            Token next = i + 1 < t.size() ? t.get(i + 1) : null;
            if (tok.kind() == Kind.OPEN) {
                owners.add(prev != null && prev.kind() == Kind.WORD ? prev.upper() : "");
                continue;
            }
            if (tok.kind() == Kind.CLOSE && !owners.isEmpty()) {
                owners.remove(owners.size() - 1);
                continue;
            }
            if (tok.kind() != Kind.WORD) {
                continue;
            }
            boolean call = next != null && next.kind() == Kind.OPEN;
            boolean qualified = prev != null && prev.kind() == Kind.DOT;
            String word = tok.upper();
            String with = null;
            boolean calciteOnly = CALCITE_ONLY_RESERVED.contains(tok.text().toLowerCase(Locale.ROOT));
            if (qualified && (QUALIFIED_NAME_KEYWORDS.contains(word) || calciteOnly)
                || !qualified && !call && calciteOnly) {
                with = "`" + tok.text() + "`";
            } else if (call && word.equals("DAY")) {
                with = "DAYOFMONTH";
            } else if (call && word.equals("SUBSTR")) {
                with = "SUBSTRING";
            } else if (call && (word.equals("INSERT") || word.equals("JSON_OBJECT") || word.equals("JSON_ARRAY"))) {
                with = "MYSQL_" + word;
            } else if (word.equals("STRAIGHT_JOIN") && prev != null && !prev.is("SELECT")) {
                with = "JOIN";
            } else if (prev != null && prev.is("AS") && !owners.isEmpty() && owners.get(owners.size() - 1)
                .equals("CAST") && (!call || word.equals("CHAR") || word.equals("DATETIME"))) { // MySQL's CHAR(n) result is not padded
                int end = tok.end();
                boolean integerWord = next != null && (next.is("INTEGER") || next.is("INT"));
                with = switch (word) {
                    case "SIGNED" -> "BIGINT";
                    case "UNSIGNED" -> "BIGINT UNSIGNED";
                    case "DATETIME" -> "TIMESTAMP";
                    case "CHAR" -> "VARCHAR";
                    default -> null;
                };
                if (with != null && integerWord && (word.equals("SIGNED") || word.equals("UNSIGNED"))) {
                    end = next.end();
                    i++;
                }
                if (with != null) {
                    out.add(new Object[] {tok.start(), end, with});
                    continue;
                }
            }
            if (with != null) {
                out.add(new Object[] {tok.start(), tok.end(), with});
            }
        }
        return out;
    }

    /** Units of INTERVAL Calcite's parser can't read (compound ones); EXTRACT takes only Calcite's simple ones. */
    private static final Set<String> COMPOUND_UNITS = Set.of("YEAR_MONTH", "DAY_HOUR", "DAY_MINUTE", "DAY_SECOND",
        "HOUR_MINUTE", "HOUR_SECOND", "MINUTE_SECOND", "DAY_MICROSECOND", "HOUR_MICROSECOND", "MINUTE_MICROSECOND",
        "SECOND_MICROSECOND", "MICROSECOND");
    private static final Set<String> CALCITE_EXTRACT_UNITS = Set.of("YEAR", "QUARTER", "MONTH", "DAY", "HOUR",
        "MINUTE", "SECOND", "MICROSECOND");

    /**
     * {@code INTERVAL x HOUR_MINUTE} -> {@code MYSQL_INTERVAL('HOUR_MINUTE', x)} (also {@code INTERVAL 1.5 SECOND}), {@code EXTRACT(YEAR_MONTH FROM x)}
     * -> {@code MYSQL_EXTRACT('YEAR_MONTH', x)}, {@code TIMESTAMPDIFF(DAY, ...)} -> {@code
     * MYSQL_TIMESTAMPDIFF('DAY', ...)}, {@code TIMESTAMPADD} likewise ({@link MySqlUnitCall}).
     */
    private static List<Object[]> unitCalls(List<Token> t) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i + 2 < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.is("INTERVAL")) {
                int end = operandEnd(t, i + 1);
                if (end > i && end + 1 < t.size() && t.get(end + 1).kind() == Kind.WORD
                    && (COMPOUND_UNITS.contains(t.get(end + 1).upper())
                    || t.get(end + 1).is("SECOND") && !isInteger(t, i + 1, end))) {
                    out.add(new Object[] {tok.start(), t.get(i + 1).start(),
                        "MYSQL_INTERVAL('" + t.get(end + 1).upper() + "', "});
                    out.add(new Object[] {t.get(end).end(), t.get(end + 1).end(), ")"});
                    i = end + 1;
                }
            } else if (t.get(i + 1).kind() == Kind.OPEN && t.get(i + 2).kind() == Kind.WORD && i + 3 < t.size()) {
                String unit = t.get(i + 2).upper();
                Token after = t.get(i + 3);
                boolean extract = tok.is("EXTRACT") && after.is("FROM") && !CALCITE_EXTRACT_UNITS.contains(unit);
                boolean unitFirst = (tok.is("TIMESTAMPDIFF") || tok.is("TIMESTAMPADD")) && after.kind() == Kind.COMMA;
                if (extract || unitFirst) {
                    out.add(new Object[] {tok.start(), after.end(),
                        "MYSQL_" + tok.upper() + "('" + unit.replaceFirst("^SQL_TSI_", "") + "',"});
                    i += 3;
                }
            }
        }
        return out;
    }

    /**
     * Whether tokens {@code [from, to]} are one integer literal: {@code INTERVAL 5 SECOND} stays Calcite's interval;
     * a fractional, string or computed count of seconds becomes MYSQL_INTERVAL, whose type carries the count's
     * fractional digits (MariaDB's DATETIME digits of the result: {@code '2.5'} 6, {@code 1.5} 1).
     */
    private static boolean isInteger(List<Token> t, int from, int to) {
        Token only = t.get(from);
        return from == to && only.kind() == Kind.NUMBER && only.text().chars().allMatch(Character::isDigit);
    }

    /** Rewrites the first infix operator whose operands are simple and whose neighbours bind more loosely. */
    private static List<Object[]> oneInfix(String sql, List<Token> t) {
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.SYMBOL && tok.is("~") && i + 1 < t.size()) {
                int end = operandEnd(t, i + 1);
                if (end > i) {
                    Object[] call = {tok.start(), t.get(end).end(), "MYSQL_BIT_NOT(" + slice(sql, t, i + 1, end) + ")"};
                    return List.<Object[]>of(call);
                }
            }
            if (tok.kind() == Kind.WORD && tok.is("XOR") && i > 0) {
                Object[] xor = xor(sql, t, i);
                if (xor != null) {
                    return List.<Object[]>of(xor);
                }
                continue;
            }
            boolean soundsLike = tok.is("SOUNDS") && i + 1 < t.size() && t.get(i + 1).is("LIKE");
            Object[] infix = soundsLike ? SOUNDS_LIKE
                : tok.kind() == Kind.SYMBOL || tok.kind() == Kind.WORD ? INFIX.get(tok.upper()) : null;
            if (infix == null || i == 0 || tok.kind() == Kind.WORD && !isOperand(t.get(i - 1))) {
                continue; // no left operand: a function call, as in SELECT DISTINCT MOD(a, 3)
            }
            int level = (int) infix[1];
            int rightStart = soundsLike ? i + 2 : i + 1;
            int leftStart = operandStart(t, i - 1);
            int rightEnd = operandEnd(t, rightStart);
            if (leftStart < 0 || rightEnd < 0) {
                continue;
            }
            // a sign belongs to the operand when what precedes it is not an operand (unary signs bind tightest)
            while (leftStart > 0 && isSign(t.get(leftStart - 1))
                && (leftStart == 1 || !isOperand(t.get(leftStart - 2)))) {
                leftStart--;
            }
            int before = leftStart - 1;
            int after = rightEnd + 1;
            boolean leftLoose = before < 0 || level(t.get(before)) > level;
            boolean rightLoose = after >= t.size() || level(t.get(after)) >= level;
            if (leftLoose && rightLoose) {
                String left = slice(sql, t, leftStart, i - 1);
                String right = slice(sql, t, rightStart, rightEnd);
                String call = soundsLike ? "(SOUNDEX(" + left + ") = SOUNDEX(" + right + "))" // MySQL's definition
                    : infix[0] + "(" + left + ", " + right + ")";
                return List.<Object[]>of(new Object[] {t.get(leftStart).start(), t.get(rightEnd).end(), call});
            }
        }
        return List.of();
    }

    /** Words that start or end a whole expression: an XOR operand never reaches over them. */
    private static final Set<String> EXPRESSION_BOUNDS = Set.of("SELECT", "WHERE", "ON", "HAVING", "WHEN", "THEN",
        "ELSE", "END", "FROM", "GROUP", "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "AS", "JOIN", "LEFT",
        "RIGHT", "INNER", "CROSS", "STRAIGHT_JOIN", "SET", "BY", "ASC", "DESC", "WINDOW", "RETURN", "INTO", "USING",
        "OFFSET", "FOR", "LOCK", "VALUES");

    /**
     * {@code a XOR b} as {@code MYSQL_XOR(a, b)}, its operands reaching as far as the operators that bind tighter
     * (everything but OR and XOR itself: {@code a > 1 XOR b AND c} is {@code (a > 1) XOR (b AND c)}); left-associative,
     * so the right operand stops at the next XOR. Null when an operand is empty.
     */
    private static Object[] xor(String sql, List<Token> t, int at) {
        int leftStart = at;
        int depth = 0;
        for (int k = at - 1; k >= 0; k--) {
            Token tok = t.get(k);
            if (tok.kind() == Kind.CLOSE) {
                depth++;
            } else if (tok.kind() == Kind.OPEN) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && bounds(tok)) {
                break;
            }
            leftStart = k;
        }
        int rightEnd = at;
        depth = 0;
        for (int k = at + 1; k < t.size(); k++) {
            Token tok = t.get(k);
            if (tok.kind() == Kind.OPEN) {
                depth++;
            } else if (tok.kind() == Kind.CLOSE) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (depth == 0 && (bounds(tok) || tok.is("XOR"))) {
                break;
            }
            rightEnd = k;
        }
        if (leftStart == at || rightEnd == at || depth != 0) {
            return null;
        }
        return new Object[] {t.get(leftStart).start(), t.get(rightEnd).end(),
            "MYSQL_XOR(" + grouped(sql, t, leftStart, at - 1) + ", " + grouped(sql, t, at + 1, rightEnd) + ")"};
    }

    /** Tokens [from, to] as one operand: in parentheses unless they are one token or one parenthesized group. */
    private static String grouped(String sql, List<Token> t, int from, int to) {
        boolean single = from == to || t.get(from).kind() == Kind.OPEN && matching(t, from) == to;
        return single ? slice(sql, t, from, to) : "(" + slice(sql, t, from, to) + ")";
    }

    /** Whether an XOR operand ends before this token (at the depth of the XOR). */
    private static boolean bounds(Token tok) {
        return tok.kind() == Kind.COMMA || tok.is(";") || tok.is("OR") || tok.is("||")
            || tok.kind() == Kind.WORD && EXPRESSION_BOUNDS.contains(tok.upper());
    }

    private static boolean isSign(Token tok) {
        return tok.kind() == Kind.SYMBOL && (tok.is("-") || tok.is("+"));
    }

    /** Whether a token can end an operand (then a following '-' subtracts rather than negates). */
    private static boolean isOperand(Token tok) {
        return switch (tok.kind()) {
            case NUMBER, STRING, QUOTED_NAME, CLOSE -> true;
            case WORD -> !KEYWORDS_BEFORE_AN_OPERAND.contains(tok.upper()) && level(tok) == LOOSEST;
            default -> false;
        };
    }

    /** How loosely a neighbouring token binds (MySQL operator precedence); names, keywords, brackets: loosest. */
    private static int level(Token tok) {
        Object[] infix = INFIX.get(tok.upper());
        if (infix != null) {
            return (int) infix[1];
        }
        return switch (tok.upper()) {
            case "*", "/", "%" -> 2;
            case "+", "-" -> 3;
            case "=", "<", ">", "<=", ">=", "<>", "!=", "LIKE", "IS", "IN", "BETWEEN", "COLLATE" -> 7;
            case "NOT", "!" -> 8;
            case "AND", "&&" -> 9;
            case "OR", "||" -> 11;
            default -> tok.kind() == Kind.SYMBOL ? 0 : LOOSEST;
        };
    }

    /** The first token of the simple operand ending at token {@code last}, or -1. */
    static int operandStart(List<Token> t, int last) {
        Token tok = t.get(last);
        int i = last;
        if (tok.kind() == Kind.CLOSE) {
            i = matchingBackwards(t, last);
            if (i < 0) {
                return -1;
            }
            if (i > 0 && t.get(i - 1).kind() == Kind.WORD && level(t.get(i - 1)) == LOOSEST
                && !KEYWORDS_BEFORE_AN_OPERAND.contains(t.get(i - 1).upper())) {
                i--; // a function call (not WHERE (a > 1) XOR ...)
            }
            return i;
        }
        if (tok.kind() == Kind.NUMBER || tok.kind() == Kind.STRING) {
            return i;
        }
        if (tok.kind() != Kind.WORD && tok.kind() != Kind.QUOTED_NAME) {
            return -1;
        }
        if (tok.kind() == Kind.WORD && level(tok) < LOOSEST) {
            return -1;
        }
        while (i >= 2 && t.get(i - 1).kind() == Kind.DOT
            && (t.get(i - 2).kind() == Kind.WORD || t.get(i - 2).kind() == Kind.QUOTED_NAME)) {
            i -= 2;
        }
        return i;
    }

    /** The last token of the simple operand starting at token {@code first}, or -1. */
    static int operandEnd(List<Token> t, int first) {
        if (first >= t.size()) {
            return -1;
        }
        Token tok = t.get(first);
        if (isSign(tok)) {
            return operandEnd(t, first + 1); // a unary sign binds tighter than any infix operator: - col, + 25
        }
        if (tok.kind() == Kind.OPEN) {
            return matching(t, first);
        }
        if (tok.kind() == Kind.NUMBER || tok.kind() == Kind.STRING) {
            return first;
        }
        if (tok.kind() != Kind.WORD && tok.kind() != Kind.QUOTED_NAME || tok.kind() == Kind.WORD
            && level(tok) < LOOSEST) {
            return -1;
        }
        int i = first;
        if (i + 1 < t.size() && t.get(i + 1).kind() == Kind.OPEN) {
            return matching(t, i + 1);
        }
        while (i + 2 < t.size() && t.get(i + 1).kind() == Kind.DOT
            && (t.get(i + 2).kind() == Kind.WORD || t.get(i + 2).kind() == Kind.QUOTED_NAME)) {
            i += 2;
        }
        return i;
    }

    private static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            depth += t.get(i).kind() == Kind.OPEN ? 1 : t.get(i).kind() == Kind.CLOSE ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int matchingBackwards(List<Token> t, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            depth += t.get(i).kind() == Kind.CLOSE ? 1 : t.get(i).kind() == Kind.OPEN ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The text of tokens [from, to] as written (the tokens' own text, whitespace between them kept). */
    static String slice(String sql, List<Token> t, int from, int to) {
        return sql.substring(t.get(from).start(), t.get(to).end());
    }
}
