package com.polardbx.executor.scan;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of a DN result set, described twice: as {@link ColumnMeta} for the protocol layer (MySQL type code,
 * length, decimals, flags, charset) and as executor {@link ColumnType}s deciding how values are read and compared.
 *
 * <p>String collation comes from mysql-connector-j's {@code isCaseSensitive}: true for {@code _bin} collations,
 * false for {@code _ci} ones.
 */
public record DataNodeColumns(List<ColumnMeta> metas, List<ColumnType> types) {
    /** The column's collation by its id when the driver tells it (NO PAD and UCA collations differ), else by case. */
    private static Collation collation(ResultSetMetaData md, int column) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            int id = md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields()[column - 1]
                .getCollationIndex();
            if (id > 0) {
                return Collation.ofId(id);
            }
        }
        return md.isCaseSensitive(column) ? Collation.BIN : Collation.GENERAL_CI;
    }

    private static final int BLOB_FLAG = 16;
    private static final int ENUM_FLAG = 256;
    private static final int AUTO_INCREMENT_FLAG = 512;
    private static final int SET_FLAG = 2048;
    private static final int MAX_BYTES_PER_CHAR = 4;
    private static final int UNSPECIFIED_DOUBLE_DECIMALS = 31;

    /** Reads the metadata of a JDBC (mysql-connector-j) result set. */
    public static DataNodeColumns of(ResultSetMetaData md) throws SQLException {
        List<ColumnMeta> metas = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String typeName = md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
            boolean unsigned = typeName.contains("UNSIGNED");
            String base = typeName.replace(" UNSIGNED", "").replace(" ZEROFILL", "").trim();
            MysqlType mysqlType = mysqlType(base);
            boolean text = isText(base);
            Collation collation = text ? collation(md, i) : Collation.BINARY;
            int scale = Math.max(0, isTemporal(base) ? temporalDecimals(md, i) : md.getScale(i));
            ExecType execType = execType(base, unsigned);
            // a DOUBLE's scale is its declared decimals (31: none), which CN results computed from it report
            int typeScale = execType == ExecType.DECIMAL || isTemporal(base) ? scale
                : execType == ExecType.DOUBLE ? decimals(base, scale) : 0;
            types.add(new ColumnType(execType, mysqlType, collation, typeScale, unsigned));
            String orgName = originalName(md, i);
            com.mysql.cj.result.Field field = field(md, i);
            long length = length(md, i, base, text, unsigned, scale);
            // the table as the query names it (an alias) and the table itself; JDBC's getTableName is the latter
            String orgTable = nullToEmpty(md.getTableName(i));
            String table = field != null && field.getTableName() != null ? field.getTableName() : orgTable;
            int decimals = decimals(base, scale);
            metas.add(new ColumnMeta(nullToEmpty(md.getCatalogName(i)), table, orgTable, md.getColumnLabel(i),
                orgName, text ? collation.id() : ColumnMeta.CHARSET_BINARY, length, mysqlType,
                flags(md, i, base, unsigned), decimals));
        }
        return new DataNodeColumns(List.copyOf(metas), List.copyOf(types));
    }

    /** The driver's record of the column definition the DN sent, or null with another driver. */
    private static com.mysql.cj.result.Field field(ResultSetMetaData md, int i) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            return md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields()[i - 1];
        }
        return null;
    }

    /** The column's own name, empty for an expression (JDBC's getColumnName gives the label instead). */
    private static String originalName(ResultSetMetaData md, int i) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            return nullToEmpty(md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields()[i - 1]
                .getOriginalName());
        }
        return nullToEmpty(md.getColumnName(i));
    }

    static MysqlType mysqlType(String base) {
        return switch (base) {
            case "TINYINT", "BOOLEAN", "BOOL" -> MysqlType.TINY;
            case "SMALLINT" -> MysqlType.SHORT;
            case "MEDIUMINT" -> MysqlType.INT24;
            case "INT", "INTEGER" -> MysqlType.LONG;
            case "BIGINT" -> MysqlType.LONGLONG;
            case "DECIMAL", "NUMERIC" -> MysqlType.NEWDECIMAL;
            case "FLOAT" -> MysqlType.FLOAT;
            case "DOUBLE", "REAL" -> MysqlType.DOUBLE;
            case "DATE" -> MysqlType.DATE;
            case "TIME" -> MysqlType.TIME;
            case "DATETIME" -> MysqlType.DATETIME;
            case "TIMESTAMP" -> MysqlType.TIMESTAMP;
            case "YEAR" -> MysqlType.YEAR;
            case "BIT" -> MysqlType.BIT;
            case "CHAR", "BINARY", "ENUM", "SET" -> MysqlType.STRING;
            case "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT" ->
                MysqlType.BLOB;
            case "JSON" -> MysqlType.JSON;
            case "GEOMETRY" -> MysqlType.GEOMETRY;
            case "NULL" -> MysqlType.NULL;
            default -> MysqlType.VAR_STRING;
        };
    }

    private static ExecType execType(String base, boolean unsigned) {
        return switch (base) {
            case "TINYINT", "BOOLEAN", "BOOL", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "YEAR" -> ExecType.LONG;
            case "BIGINT" -> unsigned ? ExecType.BIG_INTEGER : ExecType.LONG;
            case "DECIMAL", "NUMERIC" -> ExecType.DECIMAL;
            case "FLOAT", "DOUBLE", "REAL" -> ExecType.DOUBLE;
            default -> isBinary(base) ? ExecType.BYTES : ExecType.STRING;
        };
    }

    private static boolean isBinary(String base) {
        return base.equals("BINARY") || base.equals("VARBINARY") || base.endsWith("BLOB") || base.equals("BIT")
            || base.equals("GEOMETRY");
    }

    private static boolean isText(String base) {
        return base.equals("CHAR") || base.equals("VARCHAR") || base.endsWith("TEXT") || base.equals("ENUM")
            || base.equals("SET") || base.equals("JSON");
    }

    private static boolean isNumeric(String base) {
        ExecType t = execType(base, false);
        return t != ExecType.STRING && t != ExecType.BYTES;
    }

    private static long length(ResultSetMetaData md, int i, String base, boolean text, boolean unsigned, int scale)
        throws SQLException {
        long precision = Math.max(0, md.getPrecision(i));
        if (text && !base.endsWith("TEXT") && !base.equals("JSON")) {
            return precision * MAX_BYTES_PER_CHAR;
        }
        if (base.equals("DECIMAL") || base.equals("NUMERIC")) {
            return precision + (scale > 0 ? 1 : 0) + (unsigned ? 0 : 1);
        }
        return precision;
    }

    private static int flags(ResultSetMetaData md, int i, String base, boolean unsigned) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            // the flags the DN sent (PRI_KEY, UNIQUE_KEY, NO_DEFAULT_VALUE ... which JDBC has no getter for)
            return md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields()[i - 1].getFlags() & 0xFFFF;
        }
        int flags = 0;
        if (md.isNullable(i) == ResultSetMetaData.columnNoNulls) {
            flags |= ColumnMeta.NOT_NULL_FLAG;
        }
        if (unsigned) {
            flags |= ColumnMeta.UNSIGNED_FLAG;
        }
        if (isBinary(base) || (!isText(base) && !isNumeric(base))) {
            flags |= ColumnMeta.BINARY_FLAG;
        }
        if (isNumeric(base)) {
            flags |= ColumnMeta.NUM_FLAG;
        }
        if (base.endsWith("BLOB") || base.endsWith("TEXT")) {
            flags |= BLOB_FLAG;
        }
        if (base.equals("ENUM")) {
            flags |= ENUM_FLAG;
        }
        if (base.equals("SET")) {
            flags |= SET_FLAG;
        }
        if (md.isAutoIncrement(i)) {
            flags |= AUTO_INCREMENT_FLAG;
        }
        return flags;
    }

    private static boolean isTemporal(String base) {
        return base.equals("DATETIME") || base.equals("TIMESTAMP") || base.equals("TIME");
    }

    /** The fractional digits of a DATETIME/TIMESTAMP/TIME column, which JDBC's getScale reports as 0. */
    private static int temporalDecimals(ResultSetMetaData md, int i) throws SQLException {
        if (md.isWrapperFor(com.mysql.cj.jdbc.result.ResultSetMetaData.class)) {
            return md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class).getFields()[i - 1].getDecimals();
        }
        return 0;
    }

    private static int decimals(String base, int scale) {
        return switch (base) {
            case "DECIMAL", "NUMERIC", "DATETIME", "TIMESTAMP", "TIME" -> scale;
            case "FLOAT", "DOUBLE", "REAL" -> scale == 0 ? UNSPECIFIED_DOUBLE_DECIMALS : scale;
            default -> 0;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
