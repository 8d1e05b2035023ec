package com.polardbx.server.protocol;

import com.polardbx.common.type.MysqlType;
import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Encodes result values in the binary protocol (COM_STMT_EXECUTE rows) by the column's wire type. */
public final class BinaryValues {
    private BinaryValues() {
    }

    /** Writes one non-null value of a column of type {@code type}. */
    public static void write(ByteBuf out, MysqlType type, Object value) {
        switch (type) {
            case TINY -> out.writeByte((int) toLong(value));
            case SHORT, YEAR -> out.writeShortLE((int) toLong(value));
            case LONG, INT24 -> out.writeIntLE((int) toLong(value));
            case LONGLONG -> out.writeLongLE(toLong(value));
            case FLOAT -> out.writeFloatLE(toNumber(value).floatValue());
            case DOUBLE -> out.writeDoubleLE(toNumber(value).doubleValue());
            case DATE, DATETIME, TIMESTAMP -> TemporalBinary.writeDateTime(out, TextValues.toText(value));
            case TIME -> TemporalBinary.writeTime(out, TextValues.toText(value));
            default -> WireFormat.writeLenencBytes(out, TextValues.toBytes(value));
        }
    }

    /** Integer value of a number or numeric string; unsigned BIGINT above 2^63 keeps its 64 bits. */
    static long toLong(Object value) {
        if (value instanceof BigInteger big) {
            return big.longValue();
        }
        if (value instanceof BigDecimal d) {
            return d.toBigInteger().longValue();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
        return new BigDecimal(text.trim()).toBigInteger().longValue();
    }

    private static Number toNumber(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
        return Double.parseDouble(text.trim());
    }
}
