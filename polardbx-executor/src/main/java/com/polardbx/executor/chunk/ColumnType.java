package com.polardbx.executor.chunk;

import com.polardbx.common.type.MysqlType;

/**
 * The type of one executor column: how values are held ({@link ExecType}), the MySQL type reported to clients, the
 * collation strings compare under, and the decimal scale.
 */
public record ColumnType(ExecType execType, MysqlType mysqlType, Collation collation, int scale, boolean unsigned) {
    public static final ColumnType BIGINT = new ColumnType(ExecType.LONG, MysqlType.LONGLONG, Collation.BINARY, 0, false);
    public static final ColumnType BIGINT_UNSIGNED =
        new ColumnType(ExecType.BIG_INTEGER, MysqlType.LONGLONG, Collation.BINARY, 0, true);
    public static final ColumnType DOUBLE = new ColumnType(ExecType.DOUBLE, MysqlType.DOUBLE, Collation.BINARY, 31, false);
    public static final ColumnType VARCHAR =
        new ColumnType(ExecType.STRING, MysqlType.VAR_STRING, Collation.GENERAL_CI, 0, false);
    public static final ColumnType VARBINARY =
        new ColumnType(ExecType.BYTES, MysqlType.VAR_STRING, Collation.BINARY, 0, false);
    public static final ColumnType DATE = new ColumnType(ExecType.STRING, MysqlType.DATE, Collation.BINARY, 0, false);
    public static final ColumnType DATETIME =
        new ColumnType(ExecType.STRING, MysqlType.DATETIME, Collation.BINARY, 0, false);
    public static final ColumnType NULL = new ColumnType(ExecType.STRING, MysqlType.NULL, Collation.BINARY, 0, false);

    /** A DECIMAL column with the given scale. */
    public static ColumnType decimal(int scale) {
        return new ColumnType(ExecType.DECIMAL, MysqlType.NEWDECIMAL, Collation.BINARY, scale, false);
    }

    /** A DATETIME column with {@code digits} fractional digits of seconds (0-6). */
    public static ColumnType datetime(int digits) {
        return digits == 0 ? DATETIME : new ColumnType(ExecType.STRING, MysqlType.DATETIME, Collation.BINARY, digits,
            false);
    }

    /** A character string column under the given collation. */
    public static ColumnType varchar(Collation collation) {
        return new ColumnType(ExecType.STRING, MysqlType.VAR_STRING, collation, 0, false);
    }

    public boolean isNumeric() {
        return execType == ExecType.LONG || execType == ExecType.BIG_INTEGER || execType == ExecType.DOUBLE
            || execType == ExecType.DECIMAL;
    }

    /** True for exact integer types (LONG and BIG_INTEGER). */
    public boolean isInteger() {
        return execType == ExecType.LONG || execType == ExecType.BIG_INTEGER;
    }
}
