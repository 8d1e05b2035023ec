package com.polardbx.optimizer.planner;

import com.polardbx.common.type.MysqlType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What MariaDB knows of a value's width when it types an expression (its {@code Item}'s max_length, decimals and
 * unsigned flag): digits with sign and point for numbers, characters for strings, bytes for binary strings, text
 * width for temporal values. A result column's length is this width, for text in bytes of a 4-byte (utf8mb4) client.
 *
 * @param kind     how MariaDB computes with the value
 * @param chars    max_length in characters (bytes for binary strings)
 * @param decimals digits after the point; 39 ("not fixed") for most strings, 31 for floating point
 * @param unsigned whether a number is unsigned
 * @param signless whether a signed integer's width has no place for a sign (a positive integer literal: {@code 1}
 *                 is 1 wide, and has 1 digit)
 */
record ItemWidth(Kind kind, long chars, int decimals, boolean unsigned, boolean signless) {
    /**
     * MariaDB's result types, as far as widths go; CHAR is text of a fixed length (a CHAR column and its MIN/MAX,
     * typed STRING), BLOB_TEXT text in a BLOB-typed column or aggregate (a TEXT column, its MIN/MAX, GROUP_CONCAT).
     */
    enum Kind { INT, DECIMAL, REAL, TEXT, CHAR, BLOB_TEXT, BINARY, TEMPORAL, NULL }

    static final int NOT_FIXED_DECIMALS = 39;
    static final int FLOATING_DECIMALS = 31;
    static final long MAX_LENGTH = 4294967295L;
    static final int BYTES_PER_CHAR = 4;
    private static final int MAX_VARCHAR_BYTES = 65535;
    private static final long MAX_BLOB_CHARS = 1048576;
    private static final long MAX_MEDIUM_BLOB_BYTES = 16777215;
    private static final int DECIMAL_MAX_PRECISION = 65;
    private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\((\\d+)(?:,(\\d+))?\\))?(.*)");

    ItemWidth(Kind kind, long chars, int decimals, boolean unsigned) {
        this(kind, chars, decimals, unsigned, false);
    }

    /** An integer literal of {@code digits} digits, with a minus sign when negative. */
    static ItemWidth integerLiteral(long digits, boolean negative) {
        return new ItemWidth(Kind.INT, digits + (negative ? 1 : 0), 0, false, !negative);
    }

    static ItemWidth integer(long chars, boolean unsigned) {
        return new ItemWidth(Kind.INT, chars, 0, unsigned);
    }

    static ItemWidth text(long chars) {
        return new ItemWidth(Kind.TEXT, chars, NOT_FIXED_DECIMALS, false);
    }

    /** A number of {@code precision} digits, {@code decimals} of them after the point (DECIMAL, or INT when 0). */
    static ItemWidth number(long precision, int decimals, boolean unsigned, Kind kind) {
        long p = Math.min(precision, DECIMAL_MAX_PRECISION);
        return new ItemWidth(kind, p + (decimals > 0 ? 1 : 0) + (unsigned || p == 0 ? 0 : 1), decimals, unsigned);
    }

    /** A DOUBLE with {@code decimals} (31: not fixed), as wide as MariaDB prints it. */
    static ItemWidth real(int decimals) {
        return new ItemWidth(Kind.REAL, decimals >= FLOATING_DECIMALS ? 23 : 17 + decimals, decimals, false);
    }

    boolean numeric() {
        return kind == Kind.INT || kind == Kind.DECIMAL || kind == Kind.REAL;
    }

    boolean string() {
        return kind == Kind.TEXT || kind == Kind.CHAR || kind == Kind.BLOB_TEXT || kind == Kind.BINARY;
    }

    /** Whether MariaDB types this text a BLOB: longer than a VARCHAR can be (65,535 bytes). */
    boolean blob() {
        return kind == Kind.BLOB_TEXT || kind == Kind.TEXT && chars * BYTES_PER_CHAR > MAX_VARCHAR_BYTES;
    }

    /** This text as a function's result (UPPER(txt)): typed by its length, no longer a column's BLOB. */
    ItemWidth asComputedText() {
        return kind == Kind.BLOB_TEXT || kind == Kind.CHAR ? new ItemWidth(Kind.TEXT, chars, decimals, false) : this;
    }

    /**
     * The column type MariaDB gives where the CN executor's may differ: NULL for a NULL literal; for text too long
     * for a VARCHAR a BLOB (a column's or aggregate's up to 1M characters) or MEDIUM_BLOB/LONG_BLOB by length.
     */
    MysqlType type() {
        if (kind == Kind.NULL) {
            return MysqlType.NULL;
        }
        if (kind == Kind.CHAR) {
            return MysqlType.STRING;
        }
        if (!blob()) {
            return null;
        }
        long bytes = chars * BYTES_PER_CHAR;
        if (kind == Kind.BLOB_TEXT && chars <= MAX_BLOB_CHARS) {
            return MysqlType.BLOB;
        }
        return bytes <= MAX_MEDIUM_BLOB_BYTES ? MysqlType.MEDIUM_BLOB : MysqlType.LONG_BLOB;
    }

    /** MariaDB's decimal_precision: the digits of a number without sign and point. */
    long precision() {
        if (kind == Kind.REAL) {
            return Math.min(chars, DECIMAL_MAX_PRECISION); // MariaDB: the width of a float as a decimal
        }
        long point = decimals > 0 && decimals < NOT_FIXED_DECIMALS ? 1 : 0;
        long p = chars - point - (unsigned || signless || chars == 0 ? 0 : 1);
        return Math.max(0, Math.min(p, DECIMAL_MAX_PRECISION));
    }

    /** The digits before the point. */
    long integerDigits() {
        return Math.max(0, precision() - scale());
    }

    /** The digits after the point of an exact number. */
    int scale() {
        return kind == Kind.DECIMAL ? decimals : 0;
    }

    /** The width as characters of text (a number or date converted to a string). */
    long textChars() {
        return chars;
    }

    /** The column length sent to a utf8mb4 client. */
    long clientLength() {
        // a BLOB's length counts its bytes as characters, converted to the client's 4 bytes each once more
        long perChar = blob() ? BYTES_PER_CHAR * BYTES_PER_CHAR
            : kind == Kind.TEXT || kind == Kind.CHAR ? BYTES_PER_CHAR : 1;
        return chars >= MAX_LENGTH ? MAX_LENGTH : Math.min(chars * perChar, MAX_LENGTH);
    }

    /** The width of a table column of declared type {@code sqlType} ({@code int(11)}, {@code enum('x','y')}). */
    static ItemWidth declared(String sqlType, String collation) {
        String t = sqlType.toLowerCase(Locale.ROOT).trim();
        if (t.startsWith("enum(") || t.startsWith("set(")) {
            return new ItemWidth(Kind.TEXT, elements(t), 0, false); // MIN/MAX keep its 0 decimals
        }
        Matcher m = TYPE.matcher(t);
        if (!m.matches()) {
            return null;
        }
        String base = m.group(1);
        Long n = m.group(2) == null ? null : Long.valueOf(m.group(2));
        int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        boolean unsigned = m.group(4).contains("unsigned");
        boolean binary = collation == null || collation.isEmpty() || collation.equals("binary");
        Kind string = binary ? Kind.BINARY : Kind.TEXT;
        return switch (base) {
            case "tinyint", "bool", "boolean" -> integer(n != null ? n : unsigned ? 3 : 4, unsigned);
            case "smallint" -> integer(n != null ? n : unsigned ? 5 : 6, unsigned);
            case "mediumint" -> integer(n != null ? n : unsigned ? 8 : 9, unsigned);
            case "int", "integer" -> integer(n != null ? n : unsigned ? 10 : 11, unsigned);
            case "bigint" -> integer(n != null ? n : 20, unsigned);
            case "year" -> integer(4, true);
            case "decimal", "numeric", "dec", "fixed" -> number(n == null ? 10 : n, scale, unsigned, Kind.DECIMAL);
            case "float" -> new ItemWidth(Kind.REAL, n == null ? 12 : n + 2, n == null ? FLOATING_DECIMALS : scale,
                unsigned);
            case "double", "real" -> new ItemWidth(Kind.REAL, n == null ? 22 : n + 2,
                n == null ? FLOATING_DECIMALS : scale, unsigned);
            case "char" -> new ItemWidth(binary ? Kind.BINARY : Kind.CHAR, n == null ? 1 : n, NOT_FIXED_DECIMALS,
                false);
            case "varchar" -> new ItemWidth(string, n == null ? 1 : n, NOT_FIXED_DECIMALS, false);
            case "binary", "varbinary" -> new ItemWidth(Kind.BINARY, n == null ? 1 : n, NOT_FIXED_DECIMALS, false);
            case "bit" -> new ItemWidth(Kind.BINARY, n == null ? 1 : n, 0, true);
            case "tinytext", "tinyblob" -> new ItemWidth(blob(string), 255, NOT_FIXED_DECIMALS, false);
            case "text", "blob" -> new ItemWidth(blob(string), 65535, NOT_FIXED_DECIMALS, false);
            case "mediumtext", "mediumblob" -> new ItemWidth(blob(string), 16777215, NOT_FIXED_DECIMALS, false);
            case "longtext", "longblob", "json" -> new ItemWidth(blob(string), MAX_LENGTH, NOT_FIXED_DECIMALS,
                false);
            case "date" -> new ItemWidth(Kind.TEMPORAL, 10, 0, false);
            case "time" -> new ItemWidth(Kind.TEMPORAL, 10 + fraction(n), n == null ? 0 : n.intValue(), false);
            case "datetime", "timestamp" -> new ItemWidth(Kind.TEMPORAL, 19 + fraction(n),
                n == null ? 0 : n.intValue(), false);
            default -> null;
        };
    }

    private static Kind blob(Kind string) {
        return string == Kind.TEXT ? Kind.BLOB_TEXT : string;
    }

    /** ENUM: its longest element; SET: all elements and their commas. */
    private static long elements(String t) {
        String body = t.substring(t.indexOf('(') + 1, t.lastIndexOf(')'));
        long longest = 0;
        long all = 0;
        int count = 0;
        for (String e : body.split("','")) {
            long len = e.replace("'", "").length();
            longest = Math.max(longest, len);
            all += len;
            count++;
        }
        return t.startsWith("set(") ? all + Math.max(0, count - 1) : longest;
    }

    private static long fraction(Long digits) {
        return digits == null || digits == 0 ? 0 : digits + 1;
    }
}
