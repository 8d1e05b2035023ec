package com.polardbx.server.protocol;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.type.MysqlType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One row with a column of each common type, shared by the protocol tests. */
final class TypesRow {
    static final List<ColumnMeta> COLUMNS = List.of(
        column("i", MysqlType.LONG, 0),
        column("bi", MysqlType.LONGLONG, 0),
        column("ubi", MysqlType.LONGLONG, ColumnMeta.UNSIGNED_FLAG),
        column("dec", MysqlType.NEWDECIMAL, 0),
        column("d", MysqlType.DOUBLE, 0),
        column("f", MysqlType.FLOAT, 0),
        column("s", MysqlType.VAR_STRING, 0),
        column("b", MysqlType.BLOB, ColumnMeta.BINARY_FLAG),
        column("n", MysqlType.VAR_STRING, 0),
        column("dt", MysqlType.DATE, 0),
        column("ts", MysqlType.DATETIME, 0),
        column("tm", MysqlType.TIME, 0),
        column("big", MysqlType.DOUBLE, 0),
        column("ti", MysqlType.TINY, 0),
        column("si", MysqlType.SHORT, 0));

    static final Object[] VALUES = {
        -7L, 9007199254740993L, new BigInteger("18446744073709551615"), new BigDecimal("12345.6700"), 1.5, 0.1f,
        "héllo wörld", new byte[] {0, 1, 2, (byte) 0xFF}, null, "2024-01-31", "2024-01-31 10:20:30.123456",
        "-838:59:59", 1e20, 100L, -300L};

    private TypesRow() {
    }

    private static ColumnMeta column(String name, MysqlType type, int flags) {
        ColumnMeta c = ColumnMeta.computed(name, type);
        int charset = type == MysqlType.BLOB ? ColumnMeta.CHARSET_BINARY : c.charset();
        return new ColumnMeta("", "", "", name, name, charset, c.length(), type, flags, type == MysqlType.NEWDECIMAL
            ? 4 : type == MysqlType.DATETIME ? 6 : c.decimals());
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
