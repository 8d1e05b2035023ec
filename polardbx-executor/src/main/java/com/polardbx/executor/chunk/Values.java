package com.polardbx.executor.chunk;

import com.polardbx.common.sql.ByteStrings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Conversions between the executor's Java value types with MySQL's implicit-conversion rules. */
public final class Values {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    public static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof BigDecimal || v instanceof BigInteger
            || v instanceof Integer || v instanceof Float;
    }

    /** The value as a double; strings convert by their longest numeric prefix (MySQL: 'abc' is 0, '12ab' is 12). */
    public static double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return parseDoublePrefix(s);
        }
        if (v instanceof byte[] b) {
            return parseDoublePrefix(new String(b, StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException("not convertible to a number: " + v);
    }

    /** The value as an exact decimal; doubles convert through their shortest decimal representation. */
    public static BigDecimal toDecimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.ZERO;
        }
        String s = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
        String prefix = numericPrefix(s.strip());
        return prefix.isEmpty() ? BigDecimal.ZERO : new BigDecimal(prefix);
    }

    /** The value as a signed long, rounding decimals half away from zero and saturating out-of-range values. */
    public static long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Double || v instanceof Float) {
            return Math.round(((Number) v).doubleValue());
        }
        BigDecimal d = toDecimal(v).setScale(0, java.math.RoundingMode.HALF_UP);
        if (d.compareTo(LONG_MIN) < 0) {
            return Long.MIN_VALUE;
        }
        if (d.compareTo(LONG_MAX) > 0) {
            return Long.MAX_VALUE;
        }
        return d.longValueExact();
    }

    /** MySQL's text form of a value (as CONCAT or CAST AS CHAR would print it). */
    public static String toText(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return ByteStrings.decodeUtf8(b); // bytes that are no UTF-8 survive a later toBytes
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        return v.toString();
    }

    /** The value as bytes (UTF-8 for strings, raw bytes in them as themselves). */
    public static byte[] toBytes(Object v) {
        return v instanceof byte[] b ? b : ByteStrings.encodeUtf8(toText(v));
    }

    /** Formats a double the way MySQL prints it: no trailing {@code .0}, exponent form only for extremes. */
    public static String formatDouble(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (s.contains("E")) {
            String[] parts = s.split("E");
            String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            int exp = Integer.parseInt(parts[1]);
            if (exp > -5 && exp < 15) {
                return new BigDecimal(s).toPlainString();
            }
            return mantissa + "e" + exp;
        }
        return s;
    }

    private static double parseDoublePrefix(String s) {
        String prefix = numericPrefix(s.strip());
        if (prefix.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(prefix);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The longest prefix of s that reads as a number: sign, digits, fraction, exponent. */
    static String numericPrefix(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i < n && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > i + 1 || i > digitsStart) {
                i = j;
            }
        }
        if (i == digitsStart) {
            return "";
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int expStart = j;
            while (j < n && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > expStart) {
                i = j;
            }
        }
        String prefix = s.substring(0, i);
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
