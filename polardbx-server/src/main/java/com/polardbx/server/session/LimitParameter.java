package com.polardbx.server.session;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter bound to {@code LIMIT ?} or {@code OFFSET ?}: whatever type the driver sent (mysql2 sends DOUBLE, PDO a
 * string), the statement needs an integer literal there, converted as MariaDB converts it (checked against a DN by
 * {@code PreparedStatementsIT}): NULL and non-numeric strings are 0, fractions round, a negative value is read as
 * unsigned, i.e. "no limit", and anything beyond BIGINT is clamped to it (the same "no limit").
 */
final class LimitParameter {
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*([+-]?\\d+(\\.\\d*)?([eE][+-]?\\d+)?)");
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private LimitParameter() {
    }

    static long value(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            return n < 0 ? Long.MAX_VALUE : n;
        }
        if (v instanceof BigInteger b) {
            return clamp(new BigDecimal(b));
        }
        if (v instanceof BigDecimal d) {
            return clamp(d.setScale(0, RoundingMode.HALF_UP));
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) ? 0 : clamp(BigDecimal.valueOf(Math.rint(d)));
        }
        String text = v instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : v.toString();
        Matcher m = LEADING_NUMBER.matcher(text);
        return m.find() ? clamp(new BigDecimal(m.group(1)).setScale(0, RoundingMode.HALF_UP)) : 0;
    }

    private static long clamp(BigDecimal integral) {
        return integral.signum() < 0 || integral.compareTo(MAX) > 0 ? Long.MAX_VALUE : integral.longValueExact();
    }
}
