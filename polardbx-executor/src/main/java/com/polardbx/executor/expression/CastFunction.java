package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * CAST(x AS SIGNED | UNSIGNED | DECIMAL(p,s) | CHAR[(n)] | DOUBLE | DATE | DATETIME | BINARY) with MySQL's
 * conversions: strings convert by their numeric prefix, decimals round half away from zero and saturate at the
 * target precision, invalid dates become NULL.
 */
final class CastFunction {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private CastFunction() {
    }

    static RowExpression compile(RowExpression arg, RelDataType target) {
        ColumnType type = TypeMapping.of(target);
        if (arg.type().mysqlType().isTemporal() && (org.apache.calcite.sql.type.SqlTypeUtil.isNumeric(target))) {
            // MySQL's number of a date or time: its digits (2024-01-31 -> 20240131, -12:00:00 -> -120000)
            arg = new StrictCall(ColumnType.VARCHAR, new RowExpression[] {arg}, v -> temporalDigits(v[0]));
        }
        RowExpression[] args = {arg};
        return switch (target.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, BOOLEAN -> new StrictCall(ColumnType.BIGINT, args,
                v -> toSigned(v[0]));
            case UTINYINT, USMALLINT, UINTEGER, UBIGINT -> new StrictCall(ColumnType.BIGINT_UNSIGNED, args,
                v -> toUnsigned(v[0]));
            case DECIMAL -> new StrictCall(type, args,
                v -> toDecimal(v[0], target.getPrecision(), Math.max(0, target.getScale())));
            case FLOAT, REAL, DOUBLE -> new StrictCall(ColumnType.DOUBLE, args, v -> Values.toDouble(v[0]));
            case CHAR, VARCHAR -> {
                if (target.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.CHAR
                    && target.getPrecision() == 1) {
                    // Calcite types MySQL's unbounded CAST(x AS CHAR) as CHAR(1), like CAST(x AS CHAR(1))
                    throw ExpressionCompiler.unsupported("CAST AS CHAR without a length");
                }
                yield new StrictCall(type, args, v -> toChar(v[0], target.getPrecision()));
            }
            case BINARY, VARBINARY -> new StrictCall(ColumnType.VARBINARY, args, v -> Values.toBytes(v[0]));
            case DATE -> new StrictCall(ColumnType.DATE, args, v -> TemporalText.toDate(v[0]));
            case TIMESTAMP -> new StrictCall(type, args,
                v -> TemporalText.toDateTime(v[0], target.getPrecision() > 0 && target.getPrecision() <= 6
                    ? target.getPrecision() : 0));
            case TIME -> {
                if (!arg.type().mysqlType().isTemporal()) {
                    throw ExpressionCompiler.unsupported("CAST AS TIME of a string or number"); // left to the DNs
                }
                yield new StrictCall(type, args, v -> timeOf(Values.toText(v[0])));
            }
            default -> throw ExpressionCompiler.unsupported("CAST AS " + target.getSqlTypeName());
        };
    }

    /**
     * The time of a DATE, DATETIME or TIME text as CAST(.. AS TIME) gives it on MariaDB: a date's is 00:00:00, and
     * fractional seconds are cut (MariaDB truncates by default).
     */
    static String timeOf(String temporal) {
        String s = temporal.strip();
        int space = s.indexOf(' ');
        if (space < 0 && s.indexOf(':') < 0) {
            return "00:00:00"; // a DATE
        }
        String time = space < 0 ? s : s.substring(space + 1);
        int dot = time.indexOf('.');
        return dot < 0 ? time : time.substring(0, dot);
    }

    /** The digits of a DATE, DATETIME or TIME text, sign and fraction kept: '2024-01-31 12:00:00' -> 20240131120000. */
    static String temporalDigits(Object v) {
        String s = Values.toText(v).strip();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || c == '.' || c == '-' && i == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** CAST AS SIGNED: integer prefix of strings; decimals round half away from zero, doubles half to even. */
    static long toSigned(Object v) {
        if (v instanceof String || v instanceof byte[]) {
            String prefix = integerPrefix(Values.toText(v).strip());
            if (prefix.isEmpty()) {
                return 0;
            }
            BigInteger bi = new BigInteger(prefix);
            return bi.bitLength() < 64 ? bi.longValue() : (bi.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        if (v instanceof BigInteger bi) {
            return bi.longValue(); // wraps like MySQL's unsigned-to-signed cast
        }
        if (v instanceof Double d) {
            double r = Math.rint(d); // MariaDB: CAST(-2.5e0 AS SIGNED) is -2
            return r >= 0x1p63 ? Long.MAX_VALUE : r < -0x1p63 ? Long.MIN_VALUE : (long) r;
        }
        return Values.toLong(v);
    }

    /** CAST AS UNSIGNED: negative integers and strings wrap modulo 2^64, negative decimals and doubles are 0. */
    static BigInteger toUnsigned(Object v) {
        if ((v instanceof BigDecimal || v instanceof Double) && toSigned(v) < 0) {
            return BigInteger.ZERO;
        }
        BigInteger bi = v instanceof BigInteger b ? b : BigInteger.valueOf(toSigned(v));
        return bi.signum() < 0 ? bi.add(TWO_64) : bi;
    }

    static BigDecimal toDecimal(Object v, int precision, int scale) {
        BigDecimal d = Values.toDecimal(v).setScale(scale, RoundingMode.HALF_UP);
        if (precision > 0 && d.precision() - d.scale() > precision - scale) {
            // Saturate to the largest value of DECIMAL(p, s), as MySQL does (with a warning).
            BigDecimal max = BigDecimal.TEN.pow(precision - scale).subtract(BigDecimal.ONE.movePointLeft(scale));
            return d.signum() < 0 ? max.negate() : max;
        }
        return d;
    }

    private static String toChar(Object v, int length) {
        String s = Values.toText(v);
        if (length > 0 && s.codePointCount(0, s.length()) > length) {
            return s.substring(0, s.offsetByCodePoints(0, length));
        }
        return s;
    }

    private static String integerPrefix(String s) {
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == start ? "" : s.substring(s.charAt(0) == '+' ? 1 : 0, i);
    }
}
