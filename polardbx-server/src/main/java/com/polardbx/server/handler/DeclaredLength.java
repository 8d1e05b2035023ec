package com.polardbx.server.handler;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column length MariaDB puts in a column definition for a table column of a declared type, for a client whose
 * result character set takes up to 4 bytes a character (utf8mb4): integers their display width, DECIMAL its digits
 * plus point and sign, strings their characters times 4, temporal types their text width. The driver the CN reads
 * DNs through reports adjusted lengths (precision rather than width), so the CN derives them from the declaration.
 */
final class DeclaredLength {
    private static final Pattern TYPE = Pattern.compile("([a-z]+)(?:\\((\\d+)(?:,(\\d+))?\\))?(.*)");
    private static final int BYTES_PER_CHAR = 4;

    private DeclaredLength() {
    }

    /** The length for {@code sqlType} as SHOW COLUMNS prints it ({@code int(11)}, {@code varchar(20)}), or -1. */
    static long of(String sqlType, String collation) {
        Matcher m = TYPE.matcher(sqlType.toLowerCase(Locale.ROOT).trim());
        if (!m.matches()) {
            return -1;
        }
        String base = m.group(1);
        Long n = m.group(2) == null ? null : Long.valueOf(m.group(2));
        int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        boolean unsigned = m.group(4).contains("unsigned");
        boolean binary = collation == null || collation.isEmpty() || collation.equals("binary");
        int perChar = binary ? 1 : BYTES_PER_CHAR;
        return switch (base) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> n != null ? n : -1;
            case "decimal", "numeric" -> n == null ? -1 : n + (scale > 0 ? 1 : 0) + (unsigned ? 0 : 1);
            case "float" -> n == null ? 12 : n + 2;
            case "double", "real" -> n == null ? 22 : n + 2;
            case "char", "varchar" -> n == null ? -1 : n * perChar;
            case "binary", "varbinary", "bit" -> n == null ? -1 : n;
            case "tinytext" -> 255L * perChar;
            case "text" -> 65535L * perChar;
            case "mediumtext" -> 16777215L * perChar;
            case "longtext" -> 4294967295L;
            case "tinyblob" -> 255;
            case "blob" -> 65535;
            case "mediumblob" -> 16777215;
            case "longblob" -> 4294967295L;
            case "date" -> 10;
            case "year" -> 4;
            case "time" -> 10 + fraction(n);
            case "datetime", "timestamp" -> 19 + fraction(n);
            default -> -1;
        };
    }

    private static long fraction(Long digits) {
        return digits == null || digits == 0 ? 0 : digits + 1;
    }
}
