package com.polardbx.common.digest;

import java.util.Arrays;
import java.util.Locale;

/**
 * MySQL 8's normalised statement text (performance_schema's DIGEST_TEXT, {@code STATEMENT_DIGEST_TEXT()}): the
 * statement's tokens one space apart, comments dropped (optimizer hints {@code /*+ ... *}{@code /} after a
 * statement's or query block's first keyword are kept as tokens, as MySQL 8 keeps them), keywords in upper case, identifiers in backquotes, every
 * literal a {@code ?}. Lists of literals collapse as MySQL folds them while lexing: {@code ?, ...} for a list,
 * {@code (?)} and {@code (...)} for a parenthesised value or list, {@code (...) /* , ... *}{@code /} for several
 * rows of VALUES, {@code IN (...)} for an IN list. A folding never looks back past an identifier, which keeps
 * {@code a - 1} from becoming {@code a ?}. Like MySQL, only the first {@link #MAX_DIGEST_BYTES} bytes of the
 * token stream are kept; a longer statement's text ends with {@code ...}.
 *
 * <p>One pass over the characters, on the statement path of every statement: tokens are kept as offsets into the
 * text (a name is copied only when printed), keywords and operators are shared constants found without building a
 * string, and each thread reuses one lexer's arrays and output buffer. Thread-safe through that per-thread state.
 */
public final class DigestText {
    /** MySQL's default max_digest_length: bytes of token stream kept per statement. */
    public static final int MAX_DIGEST_BYTES = 1024;

    private static final int VALUE = 1;
    private static final int VALUE_LIST = 2;
    private static final int ROW_SINGLE = 3;
    private static final int ROW_SINGLE_LIST = 4;
    private static final int ROW_MULTI = 5;
    private static final int ROW_MULTI_LIST = 6;
    private static final int IN_VALUES = 7;
    /** A name: {@code texts} holds it, or null when it is {@code sql[starts..ends)} as written. */
    private static final int IDENT = 8;
    private static final int KEYWORD = 9;
    private static final int PUNCT = 10;
    /** {@code @}: printed without the space that follows every other token. */
    private static final int AT = 11;
    private static final String[] FOLDED = {null, "?", "?, ...", "(?)", "(?) /* , ... */", "(...)",
        "(...) /* , ... */", "IN (...)"};

    /** Operators of more than one character, longest first. */
    private static final String[] OPERATORS = {"<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "||", "&&", ":=",
        "->"};
    /** Every one-character token as a shared string (operators, parentheses, commas, dots ...). */
    private static final String[] SINGLE = new String[128];

    static {
        for (int c = 0; c < SINGLE.length; c++) {
            SINGLE[c] = String.valueOf((char) c).intern();
        }
    }

    private static final String DOT = SINGLE['.'];
    private static final String COMMA = SINGLE[','];
    private static final String OPEN = SINGLE['('];
    private static final String CLOSE = SINGLE[')'];
    private static final String MINUS = SINGLE['-'];
    private static final String PLUS = SINGLE['+'];
    private static final String AT_SIGN = SINGLE['@'];
    private static final String NOT_EQUAL = "!=";
    private static final String HINT_OPEN = "/*+";
    private static final String HINT_CLOSE = "*/";
    /** MySQL 8's optimizer hint names and strategy words: the hint lexer's keywords. */
    private static final java.util.Set<String> HINT_KEYWORDS = java.util.Set.of("BKA", "NO_BKA", "BNL", "NO_BNL",
        "HASH_JOIN", "NO_HASH_JOIN", "JOIN_FIXED_ORDER", "JOIN_ORDER", "JOIN_PREFIX", "JOIN_SUFFIX", "MERGE",
        "NO_MERGE", "DERIVED_CONDITION_PUSHDOWN", "NO_DERIVED_CONDITION_PUSHDOWN", "GROUP_INDEX", "NO_GROUP_INDEX",
        "INDEX", "NO_INDEX", "INDEX_MERGE", "NO_INDEX_MERGE", "JOIN_INDEX", "NO_JOIN_INDEX", "MRR", "NO_MRR",
        "NO_ICP", "NO_RANGE_OPTIMIZATION", "ORDER_INDEX", "NO_ORDER_INDEX", "SKIP_SCAN", "NO_SKIP_SCAN", "SEMIJOIN",
        "NO_SEMIJOIN", "SUBQUERY", "FIRSTMATCH", "LOOSESCAN", "MATERIALIZATION", "DUPSWEEDOUT", "INTOEXISTS",
        "MAX_EXECUTION_TIME", "RESOURCE_GROUP", "SET_VAR", "QB_NAME");

    private static final ThreadLocal<DigestText> LEXER = ThreadLocal.withInitial(DigestText::new);
    /** Past this many tokens a lexer's arrays are not kept for the thread's next statement. */
    private static final int KEPT_TOKENS = 1024;

    private String sql;
    private int[] kinds = new int[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private String[] texts = new String[64];
    private int size;
    /** Index just past the last identifier: foldings look no further back (MySQL's last_id_index). */
    private int barrier;
    private int bytes;
    private boolean full;
    /** Inside a {@code /*+ ... *}{@code /} optimizer hint comment. */
    private boolean inHint;
    private final StringBuilder out = new StringBuilder(256);

    private DigestText() {
    }

    /** The digest text of one statement. */
    public static String of(String sql) {
        DigestText d = LEXER.get();
        try {
            d.lex(sql);
            return d.print();
        } finally {
            d.reset();
        }
    }

    private void reset() {
        sql = null;
        if (kinds.length > KEPT_TOKENS) {
            kinds = new int[64];
            starts = new int[64];
            ends = new int[64];
            texts = new String[64];
        } else {
            Arrays.fill(texts, 0, size, null);
        }
        size = 0;
        barrier = 0;
        bytes = 0;
        full = false;
        if (out.capacity() > 4 * MAX_DIGEST_BYTES) {
            out.setLength(0);
            out.trimToSize();
        }
    }

    private void lex(String text) {
        this.sql = text;
        int n = text.length();
        int i = 0;
        boolean inExecutableComment = false;
        boolean lastWasString = false;
        inHint = false;
        while (i < n && !full) {
            char c = text.charAt(i);
            if (c == ' ' || (c < 0x80 ? c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f
                : Character.isWhitespace(c))) {
                i++;
                continue;
            }
            if (c == '#' || c == '-' && i + 1 < n && text.charAt(i + 1) == '-'
                && (i + 2 == n || Character.isWhitespace(text.charAt(i + 2)))) {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                if (i + 2 < n && text.charAt(i + 2) == '+' && !inHint && startsHintable()) {
                    punct(HINT_OPEN); // MySQL 8 digests optimizer hints as tokens: they change the plan
                    inHint = true;
                    i += 3;
                } else if (i + 2 < n && text.charAt(i + 2) == '!') {
                    i += 3;
                    while (i < n && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    inExecutableComment = true; // its content is SQL, as for MySQL
                } else {
                    int end = text.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                }
                continue;
            }
            if (c == '*' && inHint && i + 1 < n && text.charAt(i + 1) == '/') {
                inHint = false;
                if (lastIs(PUNCT, HINT_OPEN)) {
                    pop(1); // a comment without hints leaves nothing, as in MySQL
                } else {
                    punct(HINT_CLOSE);
                }
                i += 2;
                continue;
            }
            if (c == '*' && inExecutableComment && i + 1 < n && text.charAt(i + 1) == '/') {
                inExecutableComment = false;
                i += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                i = closing(text, i, c);
                if (!lastWasString) { // 'a' 'b' is one string
                    value();
                }
                lastWasString = true;
                continue;
            }
            if (c == '`') {
                int end = closing(text, i, c);
                boolean closed = end - 1 > i && text.charAt(end - 1) == '`';
                int nameEnd = closed ? end - 1 : end; // an unterminated name runs to the end
                int quote = text.indexOf('`', i + 1);
                if (quote >= 0 && quote < nameEnd) {
                    identifier(text.substring(i + 1, nameEnd).replace("``", "`"), 0, 0);
                } else {
                    identifier(null, i + 1, nameEnd);
                }
                i = end;
            } else if (c >= '0' && c <= '9' || c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                && !(size > 0 && kinds[size - 1] == IDENT) || c > 0x7f && Character.isDigit(c)) {
                int end = wordEnd(text, i, true);
                if (isNumber(text, i, end)) {
                    number();
                } else {
                    identifier(null, i, end);
                }
                i = end;
            } else if (isWordStart(c)) {
                int end = wordEnd(text, i, false);
                if (end < n && text.charAt(end) == '\'' && isStringPrefix(text, i, end)) {
                    if (c == '_') {
                        punct(text.substring(i, end).toLowerCase(Locale.ROOT)); // a character set introducer
                    }
                    i = closing(text, end, '\'');
                    value();
                    lastWasString = true;
                    continue;
                }
                if (inHint) {
                    hintWord(i, end);
                } else {
                    word(i, end, end < n && text.charAt(end) == '(');
                }
                i = end;
            } else if (c == '?') {
                value();
                i++;
            } else if (c == '@') {
                push(AT, AT_SIGN, 0, 0);
                i++;
            } else {
                String op = operator(text, i);
                if (op == CLOSE) {
                    closeParen();
                } else {
                    punct(op.equals("<>") ? NOT_EQUAL : op);
                }
                i += op.length();
            }
            lastWasString = false;
        }
    }

    /** An optimizer hint comment may follow the first keyword of a query block or data change statement only. */
    private boolean startsHintable() {
        if (size == 0 || kinds[size - 1] != KEYWORD) {
            return false;
        }
        String k = texts[size - 1];
        return k.equals("SELECT") || k.equals("INSERT") || k.equals("REPLACE") || k.equals("UPDATE")
            || k.equals("DELETE");
    }

    /** Inside a hint comment a word is a hint name (upper case) or a name (table, index, query block ...). */
    private void hintWord(int start, int end) {
        String upper = sql.substring(start, end).toUpperCase(Locale.ROOT);
        if (HINT_KEYWORDS.contains(upper)) {
            push(KEYWORD, upper, 0, 0);
        } else {
            identifier(null, start, end);
        }
    }

    private void word(int start, int end, boolean call) {
        if (lastIs(PUNCT, DOT) || lastIs(AT, AT_SIGN) && !(size >= 2 && kinds[size - 2] == AT)) {
            identifier(null, start, end); // t.select and @var are names whatever their spelling
            return;
        }
        if (end - start == 4 && sql.regionMatches(true, start, "NULL", 0, 4) && !lastIs(KEYWORD, "IS")
            && !lastIs(KEYWORD, "NOT")) {
            value(); // NULL as a literal folds like any value, not in IS [NOT] NULL or NOT NULL
            return;
        }
        String keyword = MysqlKeywords.keyword(sql, start, end, call);
        if (keyword != null) {
            push(KEYWORD, keyword, 0, 0);
        } else {
            identifier(null, start, end);
        }
    }

    /** A number: a sign right after a token that starts an expression belongs to it ({@code = -1} is {@code = ?}). */
    private void number() {
        while (size > barrier && (lastIs(PUNCT, MINUS) || lastIs(PUNCT, PLUS)) && startsExpression(size - 2)) {
            pop(1);
        }
        value();
    }

    private boolean startsExpression(int index) {
        if (index < barrier || index < 0) {
            return false;
        }
        int kind = kinds[index];
        if (kind == PUNCT) {
            return !texts[index].equals(CLOSE);
        }
        return kind == KEYWORD && !texts[index].equals("TRUE") && !texts[index].equals("FALSE");
    }

    private void value() {
        if (peek(1) == PUNCT && texts[size - 1].equals(COMMA) && (peek(2) == VALUE || peek(2) == VALUE_LIST)) {
            pop(2);
            push(VALUE_LIST, null, 0, 0);
        } else {
            push(VALUE, null, 0, 0);
        }
    }

    private void closeParen() {
        int last = peek(1);
        boolean open = peek(2) == PUNCT && texts[size - 2].equals(OPEN);
        if (open && (last == VALUE || last == VALUE_LIST)) {
            boolean single = last == VALUE;
            pop(2);
            int row = single ? ROW_SINGLE : ROW_MULTI;
            int list = single ? ROW_SINGLE_LIST : ROW_MULTI_LIST;
            if (peek(1) == PUNCT && texts[size - 1].equals(COMMA) && (peek(2) == row || peek(2) == list)) {
                pop(2);
                push(list, null, 0, 0);
            } else if (peek(1) == KEYWORD && texts[size - 1].equals("IN")) {
                pop(1);
                push(IN_VALUES, null, 0, 0);
            } else {
                push(row, null, 0, 0);
            }
            return;
        }
        punct(CLOSE);
    }

    /** A name: {@code name}, or {@code sql[start..end)} when {@code name} is null. */
    private void identifier(String name, int start, int end) {
        push(IDENT, name, start, end);
        barrier = size;
    }

    private void punct(String text) {
        push(PUNCT, text, 0, 0);
    }

    /** The kind of the {@code k}-th last token, or 0 when there is none after the last identifier. */
    private int peek(int k) {
        return size - k >= barrier && size - k >= 0 ? kinds[size - k] : 0;
    }

    private boolean lastIs(int kind, String text) {
        return size > 0 && kinds[size - 1] == kind && text.equals(texts[size - 1]);
    }

    private void push(int kind, String text, int start, int end) {
        int cost = kind == IDENT ? 4 + nameLength(text, start, end) : 2; // MySQL's token stream: names with length
        if (bytes + cost > MAX_DIGEST_BYTES) {
            full = true;
            return;
        }
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            texts = Arrays.copyOf(texts, size * 2);
        }
        kinds[size] = kind;
        texts[size] = text;
        starts[size] = start;
        ends[size] = end;
        size++;
        bytes += cost;
    }

    private static int nameLength(String text, int start, int end) {
        return text != null ? text.length() : end - start;
    }

    private void pop(int count) {
        for (int k = 0; k < count; k++) {
            size--;
            bytes -= kinds[size] == IDENT ? 4 + nameLength(texts[size], starts[size], ends[size]) : 2;
            texts[size] = null;
        }
    }

    private String print() {
        StringBuilder b = out;
        b.setLength(0);
        for (int k = 0; k < size; k++) {
            int kind = kinds[k];
            if (kind == IDENT) {
                b.append('`');
                if (texts[k] != null) {
                    b.append(texts[k]);
                } else {
                    b.append(sql, starts[k], ends[k]);
                }
                b.append('`');
            } else if (kind <= IN_VALUES) {
                b.append(FOLDED[kind]);
            } else {
                b.append(texts[k]);
            }
            if (kind != AT && k + 1 < size) {
                b.append(' ');
            }
        }
        if (full) {
            b.append(" ...");
        }
        return b.toString();
    }

    private static int closing(String sql, int open, char quote) {
        return com.polardbx.common.sql.SqlText.closingQuote(sql, open, quote);
    }

    private static boolean isWordStart(char c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
        }
        return true;
    }

    private static int wordEnd(String sql, int i, boolean number) {
        int end = i + 1;
        int n = sql.length();
        while (end < n) {
            char ch = sql.charAt(end);
            if (ch < 0x80) {
                boolean part = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                    || ch == '_' || ch == '$' || number && (ch == '.' || (ch == '+' || ch == '-')
                    && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E'));
                if (!part) {
                    break;
                }
            }
            end++;
        }
        return end;
    }

    /** Decimal, exponent, {@code 0x..} and {@code 0b..} numbers; {@code 1abc} is a name in MySQL. */
    private static boolean isNumber(String sql, int start, int end) {
        if (end - start > 2 && sql.charAt(start) == '0'
            && (sql.charAt(start + 1) == 'x' || sql.charAt(start + 1) == 'b')) {
            return true;
        }
        int i = start;
        while (i < end && Character.isDigit(sql.charAt(i))) {
            i++;
        }
        if (i < end && sql.charAt(i) == '.') {
            i++;
            while (i < end && Character.isDigit(sql.charAt(i))) {
                i++;
            }
        }
        if (i < end && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            i++;
            if (i < end && (sql.charAt(i) == '+' || sql.charAt(i) == '-')) {
                i++;
            }
            while (i < end && Character.isDigit(sql.charAt(i))) {
                i++;
            }
        }
        return i == end;
    }

    /** {@code N'..'}, {@code X'..'}, {@code B'..'} and {@code _charset'..'} are string literals. */
    private static boolean isStringPrefix(String sql, int start, int end) {
        if (end - start == 1) {
            char p = Character.toUpperCase(sql.charAt(start));
            return p == 'N' || p == 'X' || p == 'B';
        }
        return sql.charAt(start) == '_';
    }

    /** The operator at {@code i}: a shared constant. */
    private static String operator(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '<' || c == '>' || c == '-' || c == '!' || c == '|' || c == '&' || c == ':') {
            for (String op : OPERATORS) {
                if (sql.startsWith(op, i)) {
                    return op;
                }
            }
        }
        return c < SINGLE.length ? SINGLE[c] : String.valueOf(c);
    }
}
