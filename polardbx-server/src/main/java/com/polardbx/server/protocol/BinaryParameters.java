package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.ByteStrings;
import com.polardbx.common.type.MysqlType;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Decodes the parameter block of COM_STMT_EXECUTE: NULL bitmap, the new-params-bound flag with type list (or the
 * types of the previous execution), and the binary values, into the value classes of {@code RowCursor}.
 */
final class BinaryParameters {
    private static final int UNSIGNED = 0x80;

    private BinaryParameters() {
    }

    /**
     * Fills {@code values}; returns the parameter types now in force.
     *
     * @param previousTypes types bound by an earlier execution, or null
     * @param longData      values sent with COM_STMT_SEND_LONG_DATA, by parameter index
     */
    static int[] decode(ByteBuf p, Object[] values, int[] previousTypes, Map<Integer, ByteArrayOutputStream> longData) {
        try {
            return decodeAll(p, values, previousTypes, longData);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // fewer values than markers, or a value cut short: what MySQL answers to a malformed execute
            throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "mysqld_stmt_execute");
        }
    }

    private static int[] decodeAll(ByteBuf p, Object[] values, int[] previousTypes,
                                   Map<Integer, ByteArrayOutputStream> longData) {
        int n = values.length;
        byte[] nulls = new byte[(n + 7) / 8];
        p.readBytes(nulls);
        int[] types = previousTypes;
        if (p.readUnsignedByte() == 1) {
            types = new int[n];
            for (int i = 0; i < n; i++) {
                types[i] = p.readUnsignedShortLE();
            }
        }
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream data = longData.get(i);
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            if (types == null && !isNull) {
                // only values need types: Connector/J sends none on a first execution with every parameter NULL
                throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "mysqld_stmt_execute");
            }
            int type = types == null ? MysqlType.NULL.code() : types[i] & 0xFF;
            boolean unsigned = types != null && (types[i] >> 8 & UNSIGNED) != 0;
            if (data != null) {
                values[i] = isBinary(type) ? data.toByteArray() : ByteStrings.decodeUtf8(data.toByteArray());
            } else if (isNull) {
                values[i] = null;
            } else {
                values[i] = readValue(p, type, unsigned);
            }
        }
        return types;
    }

    private static Object readValue(ByteBuf p, int typeCode, boolean unsigned) {
        MysqlType type = MysqlType.ofCode(typeCode);
        return switch (type) {
            case NULL -> null;
            case TINY -> unsigned ? (long) p.readUnsignedByte() : (long) p.readByte();
            case SHORT, YEAR -> unsigned ? (long) p.readUnsignedShortLE() : (long) p.readShortLE();
            case LONG, INT24 -> unsigned ? p.readUnsignedIntLE() : (long) p.readIntLE();
            case LONGLONG -> {
                long v = p.readLongLE();
                yield unsigned && v < 0 ? new BigInteger(Long.toUnsignedString(v)) : (Object) v;
            }
            case FLOAT -> p.readFloatLE();
            case DOUBLE -> p.readDoubleLE();
            case DECIMAL, NEWDECIMAL -> new BigDecimal(new String(WireFormat.readLenencBytes(p),
                StandardCharsets.US_ASCII));
            case DATE -> TemporalBinary.readDateTime(p, true);
            case DATETIME, TIMESTAMP -> TemporalBinary.readDateTime(p, false);
            case TIME -> TemporalBinary.readTime(p);
            default -> {
                byte[] bytes = WireFormat.readLenencBytes(p);
                yield isBinary(typeCode) ? bytes : ByteStrings.decodeUtf8(bytes); // bytes that are not UTF-8 stay as they are
            }
        };
    }

    private static boolean isBinary(int typeCode) {
        return typeCode == MysqlType.TINY_BLOB.code() || typeCode == MysqlType.MEDIUM_BLOB.code()
            || typeCode == MysqlType.LONG_BLOB.code() || typeCode == MysqlType.BLOB.code()
            || typeCode == MysqlType.GEOMETRY.code() || typeCode == MysqlType.BIT.code();
    }
}
