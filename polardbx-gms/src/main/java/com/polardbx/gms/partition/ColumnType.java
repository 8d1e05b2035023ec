package com.polardbx.gms.partition;

import com.polardbx.gms.meta.ColumnDef;
import java.util.Locale;

/**
 * What partitioning needs to know about a column's declared type: its family, scale and collation behaviour.
 *
 * @param scale digits after the point for DECIMAL, else 0
 * @param caseInsensitive string comparison ignores case (any collation not ending in {@code _bin} or {@code _cs})
 */
public record ColumnType(Family family, String baseName, int scale, boolean unsigned, boolean caseInsensitive) {

    /** Type families that convert and compare alike. */
    public enum Family { INTEGER, DECIMAL, FLOAT, STRING, TEXT, BINARY, BLOB, DATE, DATETIME, TIMESTAMP, TIME, YEAR,
        OTHER }

    public static ColumnType of(ColumnDef column) {
        String t = column.sqlType().trim().toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        int space = t.indexOf(' ');
        int end = paren >= 0 ? paren : space >= 0 ? space : t.length();
        String base = t.substring(0, end);
        int scale = 0;
        if (paren >= 0) {
            int close = t.indexOf(')', paren);
            String[] args = t.substring(paren + 1, close < 0 ? t.length() : close).split(",");
            if (args.length == 2) {
                scale = Integer.parseInt(args[1].trim());
            }
        }
        String collation = column.collation() == null ? "" : column.collation().toLowerCase(Locale.ROOT);
        boolean ci = !(collation.endsWith("_bin") || collation.endsWith("_cs") || t.contains(" binary"));
        return new ColumnType(family(base), base, scale, t.contains("unsigned"), ci);
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

    public boolean isIntegral() {
        return family == Family.INTEGER || family == Family.YEAR;
    }

    public boolean isTemporalDate() {
        return family == Family.DATE || family == Family.DATETIME || family == Family.TIMESTAMP;
    }
}
