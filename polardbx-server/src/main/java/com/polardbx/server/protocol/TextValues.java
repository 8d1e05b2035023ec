package com.polardbx.server.protocol;

import com.polardbx.common.sql.ByteStrings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Converts result values to the bytes of a text-protocol row, as MySQL prints them. */
public final class TextValues {
    /** MySQL's decimals value of a floating-point column printed in its shortest form. */
    private static final int NOT_FIXED_DECIMALS = 31;

    private TextValues() {
    }

    /** The text form of a non-null value. */
    public static byte[] toBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return ByteStrings.encodeUtf8(toText(value)); // raw bytes of a string go back as they came
    }

    /**
     * The text form of a non-null value in a column with {@code decimals} decimals: a DOUBLE or FLOAT column with
     * fixed decimals (below 31, e.g. STD of a DECIMAL) prints exactly that many, as MySQL does ({@code 0.000000}).
     */
    public static byte[] toBytes(Object value, int decimals) {
        if ((value instanceof Double || value instanceof Float) && decimals < NOT_FIXED_DECIMALS) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                return new BigDecimal(d).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString()
                    .getBytes(StandardCharsets.US_ASCII);
            }
        }
        return toBytes(value);
    }

    public static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double d) {
            return FloatingPointFormat.formatDouble(d);
        }
        if (value instanceof Float f) {
            return FloatingPointFormat.formatFloat(f);
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof byte[] bytes) {
            return ByteStrings.decodeUtf8(bytes);
        }
        // Long, Integer, BigInteger and anything else print with their own toString
        return String.valueOf(value);
    }
}
