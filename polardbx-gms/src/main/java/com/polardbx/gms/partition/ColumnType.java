package com.polardbx.gms.partition;

import com.polardbx.gms.meta.ColumnDef;
import java.util.Locale;

/**
 * What partitioning needs to know about a column's declared type: its family, scale and collation behaviour.
 *
 * @param scale digits after the point for DECIMAL, else 0
 * @param caseInsensitive string comparison ignores case (any collation not ending in {@code _bin} or {@code _cs})
 * @param collation the column's collation name in lower case, {@code ""} when it has none
 * @param length the declared length of CHAR/BINARY-like types, 0 when there is none
 */
public record ColumnType(Family family, String baseName, int scale, boolean unsigned, boolean caseInsensitive,
                         String collation, int length) {

    /** Type families that convert and compare alike. */
    public enum Family { INTEGER, DECIMAL, FLOAT, STRING, TEXT, BINARY, BLOB, DATE, DATETIME, TIMESTAMP, TIME, YEAR,
        OTHER }

    /** A type without a collation (numbers, temporal types). */
    public ColumnType(Family family, String baseName, int scale, boolean unsigned, boolean caseInsensitive) {
        this(family, baseName, scale, unsigned, caseInsensitive, "", 0);
    }

    public static ColumnType of(ColumnDef column) {
        String t = column.sqlType().trim().toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        int space = t.indexOf(' ');
        int end = paren >= 0 ? paren : space >= 0 ? space : t.length();
        String base = t.substring(0, end);
        int scale = 0;
        int length = 0;
        if (paren >= 0) {
            int close = t.indexOf(')', paren);
            String[] args = t.substring(paren + 1, close < 0 ? t.length() : close).split(",");
            if (args.length == 2 && args[1].trim().matches("\\d+")) { // not ENUM('x','y')
                scale = Integer.parseInt(args[1].trim());
            } else if (args.length == 1 && args[0].trim().matches("\\d+")) {
                length = Integer.parseInt(args[0].trim());
            }
        }
        String collation = column.collation() == null ? "" : column.collation().toLowerCase(Locale.ROOT);
        boolean ci = !(collation.endsWith("_bin") || collation.endsWith("_cs") || t.contains(" binary"));
        if (t.contains(" binary") && !collation.isEmpty() && !collation.endsWith("_bin")) {
            collation = collation.substring(0, collation.indexOf('_') + 1) + "bin"; // VARCHAR(n) BINARY
        }
        return new ColumnType(family(base), base, scale, t.contains("unsigned"), ci, collation, length);
    }

    private static Family family(String base) {
        return switch (base) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "bool", "boolean", "bit",
                 "serial" -> Family.INTEGER;
            case "decimal", "dec", "numeric", "fixed" -> Family.DECIMAL;
            case "float", "double", "real" -> Family.FLOAT;
            case "char", "varchar", "nchar", "nvarchar", "enum", "set" -> Family.STRING;
            case "tinytext", "text", "mediumtext", "longtext" -> Family.TEXT;
            case "binary", "varbinary" -> Family.BINARY;
            case "tinyblob", "blob", "mediumblob", "longblob" -> Family.BLOB;
            case "date" -> Family.DATE;
            case "datetime" -> Family.DATETIME;
            case "timestamp" -> Family.TIMESTAMP;
            case "time" -> Family.TIME;
            case "year" -> Family.YEAR;
            default -> Family.OTHER;
        };
    }

    /**
     * The column's type as its table group signature shows it: string and binary columns, which partition function
     * versions route differently, add their collation and the version, so that only tables whose equal keys route
     * alike share a group.
     */
    public static String groupSignature(ColumnDef column, int functionVersion) {
        ColumnType t = of(column);
        boolean versioned = t.family == Family.STRING || t.family == Family.TEXT || t.family == Family.BINARY;
        return versioned && functionVersion >= 2
            ? column.sqlType() + " collate " + t.collation + " function " + functionVersion : column.sqlType();
    }

    /** CHAR and NCHAR: the data node drops trailing spaces when it stores a value. */
    public boolean isFixedChar() {
        return baseName.equals("char") || baseName.equals("nchar");
    }

    public boolean isIntegral() {
        return family == Family.INTEGER || family == Family.YEAR;
    }

    public boolean isTemporalDate() {
        return family == Family.DATE || family == Family.DATETIME || family == Family.TIMESTAMP;
    }
}
