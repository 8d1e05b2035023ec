package com.polardbx.common.sql;

import java.util.Locale;
import java.util.Set;

/**
 * Rewrites string literals with a character set introducer ({@code _binary'...'}, {@code _latin1 X'E9'}) into forms
 * with the same value that every later stage prints back faithfully: {@code X'...'} for {@code _binary}, and
 * {@code CONVERT(X'...' USING cs)} for any other character set. The parser we use prints an introduced literal
 * without escaping its quotes and drops the {@code X} of an introduced hexadecimal literal, so the text sent to a DN
 * could differ from what the client wrote. Stateless.
 */
public final class CharsetIntroducers {
    /** The character sets MariaDB accepts after an underscore. */
    private static final Set<String> CHARSETS = Set.of("binary", "utf8", "utf8mb3", "utf8mb4", "latin1", "latin2",
        "latin5", "latin7", "ascii", "ucs2", "utf16", "utf16le", "utf32", "gbk", "gb2312", "gb18030", "big5", "sjis",
        "ujis", "cp932", "eucjpms", "euckr", "cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852", "cp866",
        "koi8r", "koi8u", "greek", "hebrew", "tis620", "armscii8", "dec8", "hp8", "keybcs2", "macce", "macroman",
        "swe7", "geostd8");

    private CharsetIntroducers() {
    }

    /** {@code sql} with every introduced literal rewritten; {@code sql} itself when it has none. */
    public static String rewrite(String sql) {
        if (sql == null || sql.indexOf('_') < 0) {
            return sql;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < sql.length()) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (!isWordChar(c)) {
                i++;
                continue;
            }
            int end = i;
            while (end < sql.length() && isWordChar(sql.charAt(end))) {
                end++;
            }
            String charset = c == '_' && (i == 0 || sql.charAt(i - 1) != '.')
                ? sql.substring(i + 1, end).toLowerCase(Locale.ROOT) : null;
            int[] literal = charset != null && CHARSETS.contains(charset) ? literalAfter(sql, end) : null;
            if (literal == null) {
                i = end;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(sql.length() + 32);
            }
            String hex = hexOf(sql.substring(literal[0], literal[1]));
            out.append(sql, copied, i);
            out.append(charset.equals("binary") ? hex : "CONVERT(" + hex + " USING " + charset + ")");
            copied = literal[1];
            i = literal[1];
        }
        return out == null ? sql : out.append(sql, copied, sql.length()).toString();
    }

    /** {start, end} of the quoted or hexadecimal literal after optional spaces at {@code from}, or null. */
    private static int[] literalAfter(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        if (i >= sql.length()) {
            return null;
        }
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            return new int[] {i, SqlText.closingQuote(sql, i, c)};
        }
        if ((c == 'x' || c == 'X') && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
            return new int[] {i, SqlText.closingQuote(sql, i + 1, '\'')};
        }
        if (c == '0' && i + 1 < sql.length() && (sql.charAt(i + 1) == 'x')) {
            int end = i + 2;
            while (end < sql.length() && Character.digit(sql.charAt(end), 16) >= 0) {
                end++;
            }
            return end > i + 2 && (end == sql.length() || !isWordChar(sql.charAt(end))) ? new int[] {i, end} : null;
        }
        return null;
    }

    /** A literal as {@code X'...'}: a quoted string's bytes, or a hexadecimal literal's digits as they are. */
    private static String hexOf(String literal) {
        char c = literal.charAt(0);
        if (c == '\'' || c == '"') {
            return RawByteLiterals.hexLiteral(literal);
        }
        String digits = c == '0' ? literal.substring(2) : literal.substring(2, literal.length() - 1);
        return "X'" + (digits.length() % 2 == 1 ? "0" : "") + digits + "'";
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
