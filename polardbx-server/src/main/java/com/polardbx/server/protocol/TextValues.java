package com.polardbx.server.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Converts result values to the bytes of a text-protocol row, as MySQL prints them. */
public final class TextValues {
    private TextValues() {
    }

    /** The text form of a non-null value. */
    public static byte[] toBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return toText(value).getBytes(StandardCharsets.UTF_8);
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
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // Long, Integer, BigInteger and anything else print with their own toString
        return String.valueOf(value);
    }
}
