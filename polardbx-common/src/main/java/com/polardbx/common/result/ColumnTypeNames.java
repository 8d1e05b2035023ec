package com.polardbx.common.result;

import com.polardbx.common.type.MysqlType;
import java.util.Locale;

/**
 * The SQL type, as {@code SHOW COLUMNS} prints it, of a result column that comes from no table column (a view's
 * computed column): derived from its wire metadata the way MariaDB derives a derived table's column types.
 */
public final class ColumnTypeNames {
    private ColumnTypeNames() {
    }

    public static String of(ColumnMeta c) {
        boolean unsigned = (c.flags() & ColumnMeta.UNSIGNED_FLAG) != 0;
        boolean binary = c.charset() == ColumnMeta.CHARSET_BINARY;
        String sign = unsigned ? " unsigned" : "";
        long chars = binary ? c.length() : c.length() / bytesPerChar(c.charset());
        String type = switch (c.type()) {
            // MariaDB's display widths of the integer types, not the wire length (which may be the digits only)
            case TINY -> "tinyint(" + (unsigned ? 3 : 4) + ")" + sign;
            case SHORT -> "smallint(" + (unsigned ? 5 : 6) + ")" + sign;
            case INT24 -> "mediumint(" + (unsigned ? 8 : 9) + ")" + sign;
            case LONG -> "int(" + (unsigned ? 10 : 11) + ")" + sign;
            case LONGLONG -> "bigint(" + (unsigned ? 20 : 21) + ")" + sign;
            case DECIMAL, NEWDECIMAL -> "decimal(" + Math.max(1, c.length() - (c.decimals() > 0 ? 1 : 0)
                - (unsigned ? 0 : 1)) + "," + c.decimals() + ")" + sign;
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIME -> "time" + fraction(c);
            case DATETIME -> "datetime" + fraction(c);
            case TIMESTAMP -> "timestamp" + fraction(c);
            case YEAR -> "year(4)";
            case BIT -> "bit(" + c.length() + ")";
            case NULL -> "binary(0)";
            case GEOMETRY -> "geometry";
            case JSON -> "longtext";
            case STRING -> (binary ? "binary(" : "char(") + chars + ")";
            case TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB -> lob(c.length(), binary);
            default -> (binary ? "varbinary(" : "varchar(") + chars + ")";
        };
        return type.toLowerCase(Locale.ROOT);
    }

    /** The collation of a textual result column from its collation id, null for binary and non-text columns. */
    public static String collation(ColumnMeta c) {
        return switch (c.charset()) {
            case 45 -> "utf8mb4_general_ci";
            case 46 -> "utf8mb4_bin";
            case 224 -> "utf8mb4_unicode_ci";
            case 33 -> "utf8mb3_general_ci";
            case 83 -> "utf8mb3_bin";
            case 8 -> "latin1_swedish_ci";
            case 47 -> "latin1_bin";
            default -> null;
        };
    }

    private static String fraction(ColumnMeta c) {
        return c.decimals() > 0 && c.decimals() <= 6 ? "(" + c.decimals() + ")" : "";
    }

    private static String lob(long length, boolean binary) {
        String size = length <= 255 ? "tiny" : length <= 65_535 ? "" : length <= 16_777_215 ? "medium" : "long";
        return size + (binary ? "blob" : "text");
    }

    /** The longest character of a collation id's character set, in bytes. */
    private static int bytesPerChar(int collationId) {
        if (collationId == 8 || collationId == 47 || collationId == 48 || collationId == 5 || collationId == 11) {
            return 1; // latin1, ascii
        }
        if (collationId == 33 || collationId == 83 || collationId >= 192 && collationId <= 215) {
            return 3; // utf8mb3
        }
        return 4;
    }
}
