package com.polardbx.executor.expression;

import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCollation;

/** Maps Calcite's {@link RelDataType}s to executor {@link ColumnType}s. */
public final class TypeMapping {
    private TypeMapping() {
    }

    /** The executor type for a Calcite type. */
    public static ColumnType of(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> integer(MysqlType.TINY, false);
            case TINYINT -> integer(MysqlType.TINY, false);
            case SMALLINT -> integer(MysqlType.SHORT, false);
            case INTEGER -> integer(MysqlType.LONG, false);
            case BIGINT -> ColumnType.BIGINT;
            case UTINYINT -> integer(MysqlType.TINY, true);
            case USMALLINT -> integer(MysqlType.SHORT, true);
            case UINTEGER -> integer(MysqlType.LONG, true);
            case UBIGINT -> ColumnType.BIGINT_UNSIGNED;
            case DECIMAL -> ColumnType.decimal(Math.max(0, type.getScale()));
            case FLOAT, REAL -> new ColumnType(ExecType.DOUBLE, MysqlType.FLOAT, Collation.BINARY, 31, false);
            case DOUBLE -> ColumnType.DOUBLE;
            case DATE -> ColumnType.DATE;
            case TIME -> new ColumnType(ExecType.STRING, MysqlType.TIME, Collation.BINARY, fractionDigits(type), false);
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> ColumnType.datetime(fractionDigits(type));
            case CHAR -> new ColumnType(ExecType.STRING, MysqlType.STRING, collationOf(type), 0, false);
            case VARCHAR -> ColumnType.varchar(collationOf(type));
            case BINARY, VARBINARY -> ColumnType.VARBINARY;
            case NULL -> ColumnType.NULL;
            default -> ColumnType.VARCHAR;
        };
    }

    /** The fractional digits of seconds of a TIME or TIMESTAMP type (its precision, 0-6). */
    private static int fractionDigits(RelDataType type) {
        int p = type.getPrecision();
        return p > 0 && p <= 6 ? p : 0;
    }

    private static ColumnType integer(MysqlType mysqlType, boolean unsigned) {
        return new ColumnType(ExecType.LONG, mysqlType, Collation.BINARY, 0, unsigned);
    }

    /** The collation of a character type, by its MySQL name ({@link Collation#ofName}); none: general_ci. */
    static Collation collationOf(RelDataType type) {
        SqlCollation collation = type.getCollation();
        return collation == null ? Collation.GENERAL_CI : Collation.ofName(collation.getCollationName());
    }
}
