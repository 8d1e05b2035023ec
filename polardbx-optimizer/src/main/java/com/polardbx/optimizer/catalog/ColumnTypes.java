package com.polardbx.optimizer.catalog;

import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Maps MySQL column type strings (as {@code SHOW COLUMNS} prints them) to Calcite types. */
public final class ColumnTypes {
    private ColumnTypes() {
    }

    public static RelDataType toRelType(RelDataTypeFactory factory, String mysqlType, boolean nullable) {
        return factory.createTypeWithNullability(baseType(factory, mysqlType), nullable);
    }

    private static RelDataType baseType(RelDataTypeFactory factory, String mysqlType) {
        String t = mysqlType.toLowerCase(Locale.ROOT).trim();
        String name = t.replaceAll("[ (].*", "");
        int[] args = args(t);
        boolean unsigned = t.contains("unsigned");
        return switch (name) {
            case "tinyint", "bool", "boolean" -> factory.createSqlType(unsigned ? SqlTypeName.SMALLINT : SqlTypeName.TINYINT);
            case "smallint" -> factory.createSqlType(unsigned ? SqlTypeName.INTEGER : SqlTypeName.SMALLINT);
            case "mediumint", "int", "integer" -> factory.createSqlType(unsigned ? SqlTypeName.BIGINT : SqlTypeName.INTEGER);
            case "bigint" -> unsigned ? factory.createSqlType(SqlTypeName.DECIMAL, 20, 0) : factory.createSqlType(SqlTypeName.BIGINT);
            case "decimal", "numeric", "dec", "fixed" -> factory.createSqlType(SqlTypeName.DECIMAL,
                args.length > 0 ? args[0] : 10, args.length > 1 ? args[1] : 0);
            case "float" -> factory.createSqlType(SqlTypeName.FLOAT);
            case "double", "real" -> factory.createSqlType(SqlTypeName.DOUBLE);
            case "date" -> factory.createSqlType(SqlTypeName.DATE);
            case "datetime", "timestamp" -> factory.createSqlType(SqlTypeName.TIMESTAMP, args.length > 0 ? args[0] : 0);
            case "time" -> factory.createSqlType(SqlTypeName.TIME, args.length > 0 ? args[0] : 0);
            case "year" -> factory.createSqlType(SqlTypeName.SMALLINT);
            case "char" -> factory.createSqlType(SqlTypeName.CHAR, args.length > 0 ? args[0] : 1);
            case "varchar" -> factory.createSqlType(SqlTypeName.VARCHAR, args.length > 0 ? args[0] : 255);
            case "binary" -> factory.createSqlType(SqlTypeName.BINARY, args.length > 0 ? args[0] : 1);
            case "varbinary" -> factory.createSqlType(SqlTypeName.VARBINARY, args.length > 0 ? args[0] : 255);
            case "tinyblob", "blob", "mediumblob", "longblob" -> factory.createSqlType(SqlTypeName.VARBINARY);
            case "bit" -> factory.createSqlType(SqlTypeName.BIGINT);
            default -> factory.createSqlType(SqlTypeName.VARCHAR); // text, json, enum, set, ...
        };
    }

    private static int[] args(String t) {
        int open = t.indexOf('(');
        int close = t.indexOf(')');
        if (open < 0 || close < open || t.startsWith("enum") || t.startsWith("set")) {
            return new int[0];
        }
        String[] parts = t.substring(open + 1, close).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                return new int[0];
            }
        }
        return out;
    }
}
