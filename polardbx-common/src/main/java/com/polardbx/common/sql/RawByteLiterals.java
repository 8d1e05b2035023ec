package com.polardbx.common.sql;

/**
 * Rewrites the quoted string literals of statement text that hold raw bytes (see {@link ByteStrings}) as hexadecimal
 * literals, so the text can travel to a DN through a JDBC driver that encodes it as UTF-8: {@code '\xFF\xFE'} becomes
 * {@code X'FFFE'} and {@code _binary'\xFF'} becomes {@code _binary X'FF'}, which MariaDB reads as the same bytes.
 * Literals without raw bytes, identifiers and comments are left as they are. Stateless.
 */
public final class RawByteLiterals {
    private RawByteLiterals() {
    }

    /** {@code sql} with every literal holding raw bytes in hexadecimal; {@code sql} itself when there is none. */
    public static String toHex(String sql) {
        if (sql == null || !ByteStrings.hasRawBytes(sql)) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = SqlText.skipQuoteOrComment(sql, i);
            if (end < 0) {
                out.append(c);
                i++;
                continue;
            }
            String token = sql.substring(i, end);
            if ((c == '\'' || c == '"') && ByteStrings.hasRawBytes(token)) {
                // an introducer needs a space before X'...'; a bare literal gets one too, harmlessly
                out.append(needsSpace(out) ? " " : "").append(hexLiteral(token));
            } else {
                out.append(token);
            }
            i = end;
        }
        return out.toString();
    }

    /** The hexadecimal literal {@code X'...'} of the bytes a quoted string literal stands for. */
    public static String hexLiteral(String quotedToken) {
        StringBuilder out = new StringBuilder(quotedToken.length() * 2 + 3).append("X'");
        appendHex(out, ByteStrings.encodeUtf8(unquote(quotedToken, quotedToken.charAt(0))));
        return out.append('\'').toString();
    }

    private static boolean needsSpace(StringBuilder out) {
        return out.length() > 0 && (Character.isLetterOrDigit(out.charAt(out.length() - 1))
            || out.charAt(out.length() - 1) == '_');
    }

    /** The value of a quoted literal such as {@code 'a\\'b'}: escapes and doubled quotes resolved. */
    public static String value(String quotedToken) {
        return unquote(quotedToken, quotedToken.charAt(0));
    }

    /** The value of a quoted literal: MySQL's backslash escapes and doubled quotes resolved. */
    static String unquote(String token, char quote) {
        int last = token.length() > 1 && token.charAt(token.length() - 1) == quote ? token.length() - 1
            : token.length();
        StringBuilder v = new StringBuilder(token.length());
        for (int i = 1; i < last; i++) {
            char c = token.charAt(i);
            if (c == '\\' && i + 1 < last) {
                char e = token.charAt(++i);
                switch (e) {
                    case '0' -> v.append('\0');
                    case 'b' -> v.append('\b');
                    case 'n' -> v.append('\n');
                    case 'r' -> v.append('\r');
                    case 't' -> v.append('\t');
                    case 'Z' -> v.append('\u001A');
                    case '%', '_' -> v.append('\\').append(e); // MySQL keeps the backslash of these two
                    default -> v.append(e);
                }
            } else if (c == quote && i + 1 < last && token.charAt(i + 1) == quote) {
                v.append(quote);
                i++;
            } else {
                v.append(c);
            }
        }
        return v.toString();
    }

    private static void appendHex(StringBuilder out, byte[] bytes) {
        final String digits = "0123456789ABCDEF";
        for (byte b : bytes) {
            out.append(digits.charAt((b >> 4) & 0xF)).append(digits.charAt(b & 0xF));
        }
    }
}
