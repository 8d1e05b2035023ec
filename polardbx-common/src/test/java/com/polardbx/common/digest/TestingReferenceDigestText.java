package com.polardbx.common.digest;

import java.util.Arrays;
import java.util.Locale;

/**
 * The first implementation of {@link DigestText} (one token string per word, a keyword set of upper-cased words),
 * kept as the reference the faster one must agree with. MySQL 8's normalised statement text (performance_schema's DIGEST_TEXT, {@code STATEMENT_DIGEST_TEXT()}): the
 * statement's tokens one space apart, comments dropped, keywords in upper case, identifiers in backquotes, every
 * literal a {@code ?}. Lists of literals collapse as MySQL folds them while lexing: {@code ?, ...} for a list,
 * {@code (?)} and {@code (...)} for a parenthesised value or list, {@code (...) /* , ... *}{@code /} for several
 * rows of VALUES, {@code IN (...)} for an IN list. A folding never looks back past an identifier, which keeps
 * {@code a - 1} from becoming {@code a ?}. Like MySQL, only the first {@code MAX_DIGEST_BYTES} bytes of the
 * token stream are kept; a longer statement's text ends with {@code ...}. Stateless; one pass over the text.
 */
public final class TestingReferenceDigestText {
    /** MySQL's default max_digest_length: bytes of token stream kept per statement. */
    public static final int MAX_DIGEST_BYTES = 1024;

    private static final int VALUE = 1;
    private static final int VALUE_LIST = 2;
    private static final int ROW_SINGLE = 3;
    private static final int ROW_SINGLE_LIST = 4;
    private static final int ROW_MULTI = 5;
    private static final int ROW_MULTI_LIST = 6;
    private static final int IN_VALUES = 7;
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

    private int[] kinds = new int[32];
    private String[] texts = new String[32];
    private int size;
    /** Index just past the last identifier: foldings look no further back (MySQL's last_id_index). */
    private int barrier;
    private int bytes;
    private boolean full;

    private TestingReferenceDigestText() {
    }

    /** The digest text of one statement. */
    public static String of(String sql) {
        TestingReferenceDigestText d = new TestingReferenceDigestText();
        d.lex(sql);
        return d.print();
    }

    private void lex(String sql) {
        int n = sql.length();
        int i = 0;
        boolean inExecutableComment = false;
        boolean lastWasString = false;
        while (i < n && !full) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#' || c == '-' && sql.startsWith("--", i)
                && (i + 2 == n || Character.isWhitespace(sql.charAt(i + 2)))) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
                continue;
            }
            if (c == '/' && sql.startsWith("/*!", i)) {
                i += 3;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                inExecutableComment = true; // its content is SQL, as for MySQL
                continue;
            }
            if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == '*' && inExecutableComment && sql.startsWith("*/", i)) {
                inExecutableComment = false;
                i += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                i = closing(sql, i, c);
                if (!lastWasString) { // 'a' 'b' is one string
                    value();
                }
                lastWasString = true;
                continue;
            }
            if (c == '`') {
                int end = closing(sql, i, c);
                identifier(sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("``", "`"));
                i = end;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                && !(size > 0 && kinds[size - 1] == IDENT)) {
                int end = wordEnd(sql, i, true);
                String token = sql.substring(i, end);
                if (isNumber(token)) {
                    number();
                } else {
                    identifier(token);
                }
                i = end;
            } else if (isWordStart(c)) {
                int end = wordEnd(sql, i, false);
                if (end < n && sql.charAt(end) == '\'' && isStringPrefix(sql, i, end)) {
                    if (c == '_') {
                        punct(sql.substring(i, end).toLowerCase(Locale.ROOT)); // a character set introducer
                    }
                    i = closing(sql, end, '\'');
                    value();
                    lastWasString = true;
                    continue;
                }
                word(sql.substring(i, end), end < n && sql.charAt(end) == '(');
                i = end;
            } else if (c == '?') {
                value();
                i++;
            } else if (c == '@') {
                push(AT, "@");
                i++;
            } else {
                int end = operatorEnd(sql, i);
                String op = sql.substring(i, end);
                if (op.equals(")")) {
                    closeParen();
                } else {
                    punct(op.equals("<>") ? "!=" : op);
                }
                i = end;
            }
            lastWasString = false;
        }
    }

    private void word(String word, boolean call) {
        if (lastIs(PUNCT, ".") || lastIs(AT, "@") && !(size >= 2 && kinds[size - 2] == AT)) {
            identifier(word); // t.select and @var are names whatever their spelling
            return;
        }
        String upper = word.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL") && !lastIs(KEYWORD, "IS") && !lastIs(KEYWORD, "NOT")) {
            value(); // NULL as a literal folds like any value, not in IS [NOT] NULL or NOT NULL
            return;
        }
        if (MysqlKeywords.keyword(upper, 0, upper.length(), call) != null) {
            push(KEYWORD, upper);
        } else {
            identifier(word);
        }
    }

    /** A number: a sign right after a token that starts an expression belongs to it ({@code = -1} is {@code = ?}). */
    private void number() {
        while (size > barrier && (lastIs(PUNCT, "-") || lastIs(PUNCT, "+")) && startsExpression(size - 2)) {
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
            return !texts[index].equals(")");
        }
        return kind == KEYWORD && !texts[index].equals("TRUE") && !texts[index].equals("FALSE");
    }

    private void value() {
        if (peek(1) == PUNCT && texts[size - 1].equals(",") && (peek(2) == VALUE || peek(2) == VALUE_LIST)) {
            pop(2);
            push(VALUE_LIST, null);
        } else {
            push(VALUE, null);
        }
    }

    private void closeParen() {
        int last = peek(1);
        boolean open = peek(2) == PUNCT && texts[size - 2].equals("(");
        if (open && (last == VALUE || last == VALUE_LIST)) {
            boolean single = last == VALUE;
            pop(2);
            int row = single ? ROW_SINGLE : ROW_MULTI;
            int list = single ? ROW_SINGLE_LIST : ROW_MULTI_LIST;
            if (peek(1) == PUNCT && texts[size - 1].equals(",") && (peek(2) == row || peek(2) == list)) {
                pop(2);
                push(list, null);
            } else if (peek(1) == KEYWORD && texts[size - 1].equals("IN")) {
                pop(1);
                push(IN_VALUES, null);
            } else {
                push(row, null);
            }
            return;
        }
        punct(")");
    }

    private void identifier(String name) {
        push(IDENT, name);
        barrier = size;
    }

    private void punct(String text) {
        push(PUNCT, text);
    }

    /** The kind of the {@code k}-th last token, or 0 when there is none after the last identifier. */
    private int peek(int k) {
        return size - k >= barrier && size - k >= 0 ? kinds[size - k] : 0;
    }

    private boolean lastIs(int kind, String text) {
        return size > 0 && kinds[size - 1] == kind && text.equals(texts[size - 1]);
    }

    private void push(int kind, String text) {
        int cost = kind == IDENT ? 4 + text.length() : 2; // MySQL's token stream: 2 bytes, names with length + text
        if (bytes + cost > MAX_DIGEST_BYTES) {
            full = true;
            return;
        }
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            texts = Arrays.copyOf(texts, size * 2);
        }
        kinds[size] = kind;
        texts[size] = text;
        size++;
        bytes += cost;
    }

    private void pop(int count) {
        for (int k = 0; k < count; k++) {
            size--;
            bytes -= kinds[size] == IDENT ? 4 + texts[size].length() : 2;
        }
    }

    private String print() {
        StringBuilder out = new StringBuilder(size * 6);
        for (int k = 0; k < size; k++) {
            int kind = kinds[k];
            if (kind == IDENT) {
                out.append('`').append(texts[k]).append('`');
            } else if (kind <= IN_VALUES) {
                out.append(FOLDED[kind]);
            } else {
                out.append(texts[k]);
            }
            if (kind != AT && k + 1 < size) {
                out.append(' ');
            }
        }
        if (full) {
            out.append(" ...");
        }
        return out.toString();
    }

    private static int closing(String sql, int open, char quote) {
        return com.polardbx.common.sql.SqlText.closingQuote(sql, open, quote);
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c > 0x7f;
    }

    private static int wordEnd(String sql, int i, boolean number) {
        int end = i + 1;
        while (end < sql.length()) {
            char ch = sql.charAt(end);
            boolean exponentSign = number && (ch == '+' || ch == '-')
                && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E');
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch > 0x7f || number && ch == '.'
                || exponentSign)) {
                break;
            }
            end++;
        }
        return end;
    }

    /** Decimal, exponent, {@code 0x..} and {@code 0b..} numbers; {@code 1abc} is a name in MySQL. */
    private static boolean isNumber(String token) {
        if (token.length() > 2 && token.charAt(0) == '0' && (token.charAt(1) == 'x' || token.charAt(1) == 'b')) {
            return true;
        }
        int i = 0;
        int n = token.length();
        while (i < n && Character.isDigit(token.charAt(i))) {
            i++;
        }
        if (i < n && token.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(token.charAt(i))) {
                i++;
            }
        }
        if (i < n && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
            i++;
            if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
                i++;
            }
            while (i < n && Character.isDigit(token.charAt(i))) {
                i++;
            }
        }
        return i == n;
    }

    /** {@code N'..'}, {@code X'..'}, {@code B'..'} and {@code _charset'..'} are string literals. */
    private static boolean isStringPrefix(String sql, int start, int end) {
        if (end - start == 1) {
            char p = Character.toUpperCase(sql.charAt(start));
            return p == 'N' || p == 'X' || p == 'B';
        }
        return sql.charAt(start) == '_';
    }

    private static int operatorEnd(String sql, int i) {
        for (String op : OPERATORS) {
            if (sql.startsWith(op, i)) {
                return i + op.length();
            }
        }
        return i + 1;
    }
}
