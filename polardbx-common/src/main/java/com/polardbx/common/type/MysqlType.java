package com.polardbx.common.type;

/** MySQL wire-protocol column types (the {@code MYSQL_TYPE_*} codes of the column definition packet). */
public enum MysqlType {
    DECIMAL(0), TINY(1), SHORT(2), LONG(3), FLOAT(4), DOUBLE(5), NULL(6), TIMESTAMP(7), LONGLONG(8), INT24(9),
    DATE(10), TIME(11), DATETIME(12), YEAR(13), VARCHAR(15), BIT(16), JSON(245), NEWDECIMAL(246), ENUM(247),
    SET(248), TINY_BLOB(249), MEDIUM_BLOB(250), LONG_BLOB(251), BLOB(252), VAR_STRING(253), STRING(254),
    GEOMETRY(255);

    private final int code;

    MysqlType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MysqlType ofCode(int code) {
        for (MysqlType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown MySQL type code " + code);
    }

    public boolean isInteger() {
        return this == TINY || this == SHORT || this == LONG || this == LONGLONG || this == INT24 || this == YEAR;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIME || this == DATETIME || this == TIMESTAMP;
    }
}
