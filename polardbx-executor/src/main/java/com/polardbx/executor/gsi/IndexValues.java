package com.polardbx.executor.gsi;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumberExpr;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.partition.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A column value as a DN's text protocol returns it (raw bytes), turned back into SQL for another DN. Copying the
 * bytes keeps every type exact: numbers and dates travel as the DN printed them, strings as the bytes stored in the
 * column's own character set (read with {@code CAST(... AS BINARY)}, whatever the connection's result character
 * set) and binary columns as hex.
 */
public final class IndexValues {
    private IndexValues() {
    }

    /** The select-list item reading a column's value as {@link #literal} expects it. */
    public static String selectItem(ColumnDef column) {
        String name = com.polardbx.common.sql.SqlLiterals.identifier(column.name());
        ColumnType.Family f = ColumnType.of(column).family();
        return f == ColumnType.Family.STRING || f == ColumnType.Family.TEXT
            ? "CAST(" + name + " AS BINARY) AS " + name : name;
    }

    /** The character set of a string column, from its collation (utf8mb4 when it has none). */
    private static String charset(ColumnDef column) {
        String collation = column.collation();
        if (collation == null || collation.isEmpty() || collation.indexOf('_') < 0) {
            return "utf8mb4";
        }
        return collation.substring(0, collation.indexOf('_'));
    }

    /** The Java decoding of a string column's bytes, for the partition router. */
    private static java.nio.charset.Charset javaCharset(ColumnDef column) {
        return switch (charset(column)) {
            case "latin1" -> java.nio.charset.Charset.forName("windows-1252");
            case "ascii" -> StandardCharsets.US_ASCII;
            default -> StandardCharsets.UTF_8;
        };
    }

    /** The SQL literal that stores the same value into a column of the same type. */
    static String literal(byte[] raw, ColumnDef column) {
        if (raw == null) {
            return "NULL";
        }
        ColumnType type = ColumnType.of(column);
        if (isBinary(type)) {
            return "_binary X'" + HexFormat.of().formatHex(raw) + "'";
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        return switch (type.family()) {
            case INTEGER, DECIMAL -> text.matches("[-+]?[0-9]+(\\.[0-9]+)?") ? text : quoted(raw);
            case FLOAT -> text.matches("[-+]?[0-9.]+(e[-+]?[0-9]+)?") ? text + (text.contains("e") ? "" : "E0")
                : quoted(raw);
            case STRING, TEXT -> "_" + charset(column) + " X'" + HexFormat.of().formatHex(raw) + "'";
            default -> quoted(raw);
        };
    }

    /** The value as the partition router evaluates a literal of it. */
    static SQLExpr routingExpr(byte[] raw, ColumnDef column) {
        if (raw == null) {
            return new SQLNullExpr();
        }
        ColumnType type = ColumnType.of(column);
        if (isBinary(type)) {
            return new SQLHexExpr(HexFormat.of().withUpperCase().formatHex(raw));
        }
        String text = new String(raw, javaCharset(column));
        try {
            return switch (type.family()) {
                case INTEGER -> new SQLIntegerExpr(new BigInteger(text));
                case DECIMAL, FLOAT -> new SQLNumberExpr(new BigDecimal(text));
                default -> new SQLCharExpr(text);
            };
        } catch (NumberFormatException e) {
            return new SQLCharExpr(text);
        }
    }

    private static boolean isBinary(ColumnType type) {
        return type.family() == ColumnType.Family.BINARY || type.family() == ColumnType.Family.BLOB
            || type.baseName().equals("bit") || "binary".equals(type.collation());
    }

    /** A utf8mb4 string literal holding exactly these bytes (no escaping questions). */
    private static String quoted(byte[] raw) {
        return "_utf8mb4 X'" + HexFormat.of().formatHex(raw) + "'";
    }
}
