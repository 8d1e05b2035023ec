package com.polardbx.gms.partition;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Parses the textual bound of a {@link com.polardbx.gms.meta.PartitionDef}: the {@code VALUES LESS THAN} tuple of a
 * RANGE partition or the {@code VALUES IN} list of a LIST partition.
 *
 * <p>Literals become Java values as they come from SQL: {@link Long}, {@link BigDecimal}, {@link String},
 * {@code byte[]} (for {@code x'..'}), {@code null}, or {@link #MAXVALUE}. Calls of {@code YEAR}, {@code MONTH} and
 * {@code TO_DAYS} on a literal are evaluated.
 */
public final class PartitionBounds {
    /** The {@code MAXVALUE} marker; compares greater than every value. */
    public static final Object MAXVALUE = new Object() {
        @Override
        public String toString() {
            return "MAXVALUE";
        }
    };

    private final String text;
    private int pos;

    private PartitionBounds(String text) {
        this.text = text;
    }

    /** The values of a RANGE bound such as {@code 100}, {@code (10,'a')} or {@code MAXVALUE}. */
    public static List<Object> parseRange(String bound) {
        List<Object> items = new PartitionBounds(requireText(bound)).items();
        if (items.size() == 1 && items.get(0) instanceof Tuple t) {
            items = t.values();
        }
        for (Object o : items) {
            if (o instanceof Tuple) {
                throw syntax(bound);
            }
        }
        return items;
    }

    /**
     * The value tuples of a LIST bound: for one column {@code 1,2,NULL} or {@code (1,2)}; for several columns
     * {@code (1,'a'),(2,'b')}. Each returned tuple has {@code columnCount} values.
     */
    public static List<List<Object>> parseList(String bound, int columnCount) {
        List<Object> items = new PartitionBounds(requireText(bound)).items();
        if (items.size() == 1 && items.get(0) instanceof Tuple t
            && (columnCount == 1 || t.values().stream().allMatch(v -> v instanceof Tuple))) {
            items = t.values();
        }
        List<List<Object>> out = new ArrayList<>();
        for (Object item : items) {
            List<Object> tuple = item instanceof Tuple t ? t.values() : Arrays.asList(item);
            if (columnCount == 1 && item instanceof Tuple t) {
                for (Object v : t.values()) {
                    out.add(Arrays.asList(v));
                }
                continue;
            }
            if (tuple.size() != columnCount || tuple.stream().anyMatch(v -> v instanceof Tuple || v == MAXVALUE)) {
                throw syntax(bound);
            }
            out.add(tuple);
        }
        return out;
    }

    private static String requireText(String bound) {
        if (bound == null || bound.isBlank()) {
            throw syntax(bound);
        }
        return bound;
    }

    private static SqlError syntax(String bound) {
        return new SqlError(ErrorCode.ER_PARSE, "bad partition bound '" + bound + "'");
    }

    /** A parenthesized group of values. */
    private record Tuple(List<Object> values) {
    }

    private List<Object> items() {
        List<Object> out = new ArrayList<>();
        out.add(item());
        skipSpaces();
        while (pos < text.length() && text.charAt(pos) == ',') {
            pos++;
            out.add(item());
            skipSpaces();
        }
        if (pos != text.length()) {
            throw syntax(text);
        }
        return out;
    }

    private Object item() {
        skipSpaces();
        if (pos >= text.length()) {
            throw syntax(text);
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            List<Object> values = new ArrayList<>();
            values.add(item());
            skipSpaces();
            while (peek() == ',') {
                pos++;
                values.add(item());
                skipSpaces();
            }
            expect(')');
            return new Tuple(values);
        }
        if (c == '\'' || c == '"') {
            return quoted(c);
        }
        if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
            return number();
        }
        return word();
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        skipSpaces();
        if (peek() != c) {
            throw syntax(text);
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String quoted(char quote) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                char n = text.charAt(pos++);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> n;
                });
            } else if (c == quote) {
                if (peek() == quote) {
                    sb.append(quote);
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        throw syntax(text);
    }

    private Object number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (pos < text.length() && (Character.isDigit(peek()) || peek() == '.' || peek() == 'e' || peek() == 'E'
            || (pos > start && (peek() == '-' || peek() == '+') && "eE".indexOf(text.charAt(pos - 1)) >= 0))) {
            pos++;
        }
        String s = text.substring(start, pos);
        try {
            if (s.matches("[+-]?\\d+")) {
                BigInteger i = new BigInteger(s);
                return i.bitLength() < 64 ? (Object) i.longValue() : i;
            }
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw syntax(text);
        }
    }

    private Object word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            pos++;
        }
        String w = text.substring(start, pos).toUpperCase(Locale.ROOT);
        if (w.isEmpty()) {
            throw syntax(text);
        }
        if ((w.equals("X") || w.equals("_BINARY")) && peek() == '\'') {
            String hex = quoted('\'');
            return w.equals("X") ? HexFormat.of().parseHex(hex) : hex.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (w.startsWith("_") && peek() == '\'') {
            return quoted('\'');
        }
        switch (w) {
            case "MAXVALUE":
                return MAXVALUE;
            case "NULL":
                return null;
            case "TRUE":
                return 1L;
            case "FALSE":
                return 0L;
            default:
                break;
        }
        skipSpaces();
        if (peek() != '(') {
            throw syntax(text);
        }
        pos++;
        Object arg = item();
        expect(')');
        PartitionExpression fn = PartitionExpression.parse(w + "(c)", List.of("c"));
        return fn.apply(arg);
    }
}
