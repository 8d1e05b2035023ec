package com.polardbx.server.protocol;

/**
 * The text of a DATETIME, TIMESTAMP or TIME value with as many fractional digits as its column declares, as MariaDB
 * prints it: a DATETIME(6) value of a whole second is {@code 2024-01-01 10:00:00.000000}. Digits are only added,
 * never cut (a value with more digits than its column says is printed as it is). Stateless.
 */
final class TemporalFraction {
    /** MariaDB's most fractional digits of a temporal value. */
    private static final int MAX_DIGITS = 6;

    private TemporalFraction() {
    }

    /** {@code value} with at least {@code decimals} (at most 6) digits after the point; a DATE is left alone. */
    static String padded(String value, int decimals) {
        int digits = Math.min(decimals, MAX_DIGITS);
        if (digits <= 0 || value.indexOf(':') < 0) {
            return value;
        }
        int dot = value.lastIndexOf('.');
        int have = dot < 0 ? 0 : value.length() - dot - 1;
        if (have >= digits) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + digits + 1).append(value);
        if (dot < 0) {
            out.append('.');
        }
        out.append("0".repeat(digits - have));
        return out.toString();
    }
}
