package com.polardbx.server.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prints DOUBLE and FLOAT values the way MariaDB 10.11 text results show them (checked against a real server): the
 * shortest digits that read back as the same value (FLOAT: at most 6 significant digits), in plain notation unless the
 * value is at least 1e15 or below 1e-15, where it switches to {@code 1.5e20} / {@code 1e-16} style.
 */
public final class FloatingPointFormat {
    private static final int FLOAT_DIGITS = 6;
    private static final int MAX_PLAIN_EXPONENT = 14;
    private static final int MIN_PLAIN_EXPONENT = -15;

    private FloatingPointFormat() {
    }

    public static String formatDouble(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        return layout(shortestDigits(value));
    }

    public static String formatFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return Float.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal shortest = new BigDecimal(Float.toString(value));
        BigDecimal rounded = shortest.round(new MathContext(FLOAT_DIGITS, RoundingMode.HALF_EVEN));
        return layout(rounded.stripTrailingZeros());
    }

    /** The shortest decimal that parses back to {@code value} (Double.toString on JDK 17 is sometimes 1 digit long). */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal best = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        while (best.precision() > 1) {
            BigDecimal shorter = best.round(new MathContext(best.precision() - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != value) {
                break;
            }
            best = shorter.stripTrailingZeros();
        }
        return best;
    }

    /** Lays out a non-zero decimal: {@code exponent} is the position of the decimal point after the first digit. */
    private static String layout(BigDecimal number) {
        String digits = number.unscaledValue().abs().toString();
        int exponent = digits.length() - number.scale() - 1;
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (number.signum() < 0) {
            sb.append('-');
        }
        if (exponent > MAX_PLAIN_EXPONENT || exponent < MIN_PLAIN_EXPONENT) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            return sb.append('e').append(exponent).toString();
        }
        if (exponent < 0) {
            sb.append("0.");
            sb.append("0".repeat(-exponent - 1));
            return sb.append(digits).toString();
        }
        if (digits.length() <= exponent + 1) {
            sb.append(digits);
            return sb.append("0".repeat(exponent + 1 - digits.length())).toString();
        }
        return sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length()).toString();
    }
}
