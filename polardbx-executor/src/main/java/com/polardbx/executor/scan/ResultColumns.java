package com.polardbx.executor.scan;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** Maps JDBC result metadata from a DN to protocol column metadata and executor column types. */
public final class ResultColumns {
    private ResultColumns() {
    }

    public static ColumnMeta meta(ResultSetMetaData md, int column) throws SQLException {
        MysqlType type = mysqlType(md, column);
        boolean unsigned = !md.isSigned(column) && isNumeric(type);
        int flags = (md.isNullable(column) == ResultSetMetaData.columnNoNulls ? ColumnMeta.NOT_NULL_FLAG : 0)
            | (unsigned ? ColumnMeta.UNSIGNED_FLAG : 0) | (isNumeric(type) ? ColumnMeta.NUM_FLAG : 0)
            | (md.isAutoIncrement(column) ? 512 : 0);
        String typeName = md.getColumnTypeName(column).toUpperCase(Locale.ROOT);
        boolean binary = typeName.contains("BLOB") || typeName.contains("BINARY") || typeName.equals("BIT");
        int charset = isText(type) && !binary ? ColumnMeta.CHARSET_UTF8MB4 : ColumnMeta.CHARSET_BINARY;
        if (binary) {
            flags |= ColumnMeta.BINARY_FLAG;
        }
        long length = Math.max(md.getPrecision(column), md.getColumnDisplaySize(column));
        if (charset == ColumnMeta.CHARSET_UTF8MB4) {
            length = (long) md.getColumnDisplaySize(column) * 4;
        }
        int decimals = type == MysqlType.DOUBLE || type == MysqlType.FLOAT ? 31 : Math.max(0, md.getScale(column));
        return new ColumnMeta(nullToEmpty(md.getCatalogName(column)), nullToEmpty(md.getTableName(column)),
            nullToEmpty(md.getTableName(column)), md.getColumnLabel(column), md.getColumnName(column), charset, length,
            type, flags, decimals);
    }

    public static ColumnType type(ColumnMeta meta) {
        MysqlType t = meta.type();
        boolean unsigned = (meta.flags() & ColumnMeta.UNSIGNED_FLAG) != 0;
        ExecType exec = switch (t) {
            case TINY, SHORT, LONG, INT24, YEAR -> ExecType.LONG;
            case LONGLONG -> unsigned ? ExecType.BIG_INTEGER : ExecType.LONG;
            case FLOAT, DOUBLE -> ExecType.DOUBLE;
            case DECIMAL, NEWDECIMAL -> ExecType.DECIMAL;
            case BIT, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB, GEOMETRY -> ExecType.BYTES;
            default -> meta.charset() == ColumnMeta.CHARSET_BINARY && isText(t) ? ExecType.BYTES : ExecType.STRING;
        };
        Collation collation = exec == ExecType.STRING && !t.isTemporal() ? Collation.GENERAL_CI : Collation.BINARY;
        return new ColumnType(exec, t, collation, meta.decimals(), unsigned);
    }

    private static MysqlType mysqlType(ResultSetMetaData md, int column) throws SQLException {
        String name = md.getColumnTypeName(column).toUpperCase(Locale.ROOT).replace(" UNSIGNED", "");
        return switch (name) {
            case "TINYINT", "BOOLEAN" -> MysqlType.TINY;
            case "SMALLINT" -> MysqlType.SHORT;
            case "MEDIUMINT" -> MysqlType.INT24;
            case "INT", "INTEGER" -> MysqlType.LONG;
            case "BIGINT" -> MysqlType.LONGLONG;
            case "FLOAT" -> MysqlType.FLOAT;
            case "DOUBLE" -> MysqlType.DOUBLE;
            case "DECIMAL" -> MysqlType.NEWDECIMAL;
            case "DATE" -> MysqlType.DATE;
            case "TIME" -> MysqlType.TIME;
            case "DATETIME" -> MysqlType.DATETIME;
            case "TIMESTAMP" -> MysqlType.TIMESTAMP;
            case "YEAR" -> MysqlType.YEAR;
            case "BIT" -> MysqlType.BIT;
            case "JSON" -> MysqlType.JSON;
            case "ENUM", "SET", "CHAR", "BINARY" -> MysqlType.STRING;
            case "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT" ->
                MysqlType.BLOB;
            case "NULL" -> MysqlType.NULL;
            case "GEOMETRY" -> MysqlType.GEOMETRY;
            default -> md.getColumnType(column) == Types.NULL ? MysqlType.NULL : MysqlType.VAR_STRING;
        };
    }

    private static boolean isNumeric(MysqlType t) {
        return t.isInteger() || t == MysqlType.FLOAT || t == MysqlType.DOUBLE || t == MysqlType.NEWDECIMAL
            || t == MysqlType.DECIMAL;
    }

    private static boolean isText(MysqlType t) {
        return t == MysqlType.VAR_STRING || t == MysqlType.STRING || t == MysqlType.VARCHAR || t == MysqlType.BLOB
            || t == MysqlType.TINY_BLOB || t == MysqlType.MEDIUM_BLOB || t == MysqlType.LONG_BLOB;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
