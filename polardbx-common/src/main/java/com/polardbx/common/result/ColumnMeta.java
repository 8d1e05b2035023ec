package com.polardbx.common.result;

import com.polardbx.common.type.MysqlType;

/**
 * Metadata of one result column, as the MySQL column definition packet carries it.
 *
 * @param charset collation id: 63 for binary/numeric, 45 for utf8mb4_general_ci, 33 for utf8_general_ci
 * @param flags   MySQL column flags (NOT_NULL=1, PRI_KEY=2, UNIQUE_KEY=4, MULTIPLE_KEY=8, BLOB=16, UNSIGNED=32,
 *                ZEROFILL=64, BINARY=128, ENUM=256, AUTO_INCREMENT=512, TIMESTAMP=1024, SET=2048, NUM=32768)
 */
public record ColumnMeta(String schema, String table, String orgTable, String name, String orgName, int charset,
                         long length, MysqlType type, int flags, int decimals) {
    public static final int NOT_NULL_FLAG = 1;
    public static final int PRI_KEY_FLAG = 2;
    public static final int UNSIGNED_FLAG = 32;
    public static final int BINARY_FLAG = 128;
    public static final int NUM_FLAG = 32768;
    public static final int CHARSET_BINARY = 63;
    public static final int CHARSET_UTF8MB4 = 45;

    /** A computed (non-table) column of the given type, e.g. for {@code SELECT 1} or {@code SHOW} output. */
    public static ColumnMeta computed(String name, MysqlType type) {
        boolean textual = type == MysqlType.VAR_STRING || type == MysqlType.STRING || type == MysqlType.VARCHAR
            || type == MysqlType.BLOB || type == MysqlType.JSON;
        int charset = textual ? CHARSET_UTF8MB4 : CHARSET_BINARY;
        long length = switch (type) {
            case LONGLONG -> 21;
            case LONG -> 11;
            case DOUBLE -> 22;
            case NEWDECIMAL -> 65;
            case DATETIME, TIMESTAMP -> 19;
            case DATE -> 10;
            case TIME -> 10;
            default -> 1024;
        };
        int decimals = type == MysqlType.DOUBLE || type == MysqlType.FLOAT ? 31 : 0;
        return new ColumnMeta("", "", "", name, "", charset, length, type, 0, decimals);
    }

    public ColumnMeta withName(String newName) {
        return new ColumnMeta(schema, table, orgTable, newName, orgName, charset, length, type, flags, decimals);
    }
}
