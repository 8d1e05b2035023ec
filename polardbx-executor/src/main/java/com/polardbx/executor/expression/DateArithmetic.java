package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * {@code d + INTERVAL n unit}, {@code d - INTERVAL ...}, DATE_ADD/DATE_SUB/ADDDATE/SUBDATE with MySQL's results:
 * months clamp to the month's last day, a date-only value plus whole days stays a date ('YYYY-MM-DD'), anything
 * else is a DATETIME (with 6 fractional digits when the argument was a string, as MariaDB prints it); an invalid
 * date or a result outside years 0-9999 is NULL. A DATETIME result has MariaDB's fractional digits: the base's, or
 * more when the interval counts microseconds (6) or fractional seconds (the amount's digits, at most 6), printed
 * exactly so ({@code 2024-01-01 00:00:00.000000}). A TIME base is left to the DNs.
 */
final class DateArithmetic {
    /** MariaDB's most fractional digits of a temporal value. */
    static final int MAX_DIGITS = 6;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private DateArithmetic() {
    }

    /** The compiled arithmetic, or null when the call is not of a form handled here. */
    static RowExpression compile(RexCall call, Function<RexNode, RowExpression> compiler) {
        List<RexNode> ops = call.getOperands();
        if (ops.size() != 2) {
            return null;
        }
        boolean subtract = call.getKind() == SqlKind.MINUS;
        int intervalAt = SqlTypeUtil.isInterval(ops.get(1).getType()) ? 1
            : !subtract && SqlTypeUtil.isInterval(ops.get(0).getType()) ? 0 : -1;
        if (intervalAt < 0) {
            return null;
        }
        return interval(compiler.apply(ops.get(1 - intervalAt)), ops.get(intervalAt), compiler, subtract);
    }

    /** DATE_ADD(base, interval) or DATE_SUB: {@code subtract} negates the interval. */
    static RowExpression interval(RowExpression base, RexNode interval, Function<RexNode, RowExpression> compiler,
                                  boolean subtract) {
        if (interval instanceof RexCall call && call.getOperator().getName().equals("MYSQL_INTERVAL")
            && call.getOperands().get(0) instanceof RexLiteral unitName) {
            return byUnit(base, compiler.apply(call.getOperands().get(1)),
                DateUnits.upper(unitName.getValueAs(String.class)), subtract);
        }
        RexLiteral unit;
        RowExpression count;
        int digits;
        if (interval instanceof RexLiteral literal) {
            unit = literal;
            count = new Constant(1L, ColumnType.BIGINT);
            // INTERVAL '1.5' SECOND: a string amount of seconds may carry any fraction
            digits = literal.getType().getSqlTypeName().getEndUnit() == org.apache.calcite.avatica.util.TimeUnit.SECOND
                ? MAX_DIGITS : 0;
        } else if (interval instanceof RexCall times && times.getOperands().size() == 2
            && (times.getKind() == SqlKind.TIMES || times.getKind() == SqlKind.CHECKED_TIMES)) {
            int at = times.getOperands().get(0) instanceof RexLiteral l && SqlTypeUtil.isInterval(l.getType()) ? 0 : 1;
            if (!(times.getOperands().get(at) instanceof RexLiteral l) || !SqlTypeUtil.isInterval(l.getType())) {
                return null;
            }
            unit = l;
            count = compiler.apply(times.getOperands().get(1 - at));
            digits = l.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.INTERVAL_SECOND
                ? amountDigits(count.type()) : 0;
        } else {
            return null;
        }
        BigDecimal amount = unit.getValueAs(BigDecimal.class);
        if (amount == null) {
            return null;
        }
        boolean months = unit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
        long perUnit = amount.longValueExact() * (subtract ? -1 : 1) * (months ? 1 : 1000); // months or micros
        boolean wholeDays = months || perUnit % DateUnits.MICROS_PER_DAY == 0;
        boolean text = isText(base);
        boolean seconds = !months && Math.abs(perUnit) == MICROS_PER_SECOND && !count.type().isInteger();
        ColumnType type = resultType(base, wholeDays, digits);
        return new StrictCall(type, new RowExpression[] {base, count},
            v -> {
                long total;
                try {
                    total = seconds ? Math.multiplyExact(DateUnits.secondsInMicros(v[1]), Long.signum(perUnit))
                        : Math.multiplyExact(Values.toLong(v[1]), perUnit);
                } catch (ArithmeticException e) {
                    return null; // far outside years 0-9999
                }
                return add(v[0], total, months, text, true, type.scale());
            });
    }

    /**
     * {@code base + INTERVAL value unit} for any MySQL unit, compound ones included ({@link DateUnits#amount}); a
     * DATE stays a DATE only for units of whole days or more. TIMESTAMPADD(unit, n, d) is this with d as base.
     */
    static RowExpression byUnit(RowExpression base, RowExpression value, String unit, boolean subtract) {
        if (!DateUnits.known(unit)) {
            throw ExpressionCompiler.unsupported("INTERVAL ... " + unit);
        }
        boolean wholeDays = switch (unit) {
            case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "YEAR_MONTH" -> true;
            default -> false;
        };
        boolean text = isText(base);
        int digits = unit.endsWith("MICROSECOND") ? MAX_DIGITS : unit.equals("SECOND") ? amountDigits(value.type()) : 0;
        ColumnType type = resultType(base, wholeDays, digits);
        return new StrictCall(type, new RowExpression[] {base, value}, v -> {
            DateUnits.Amount a = DateUnits.amount(v[1], unit);
            if (a == null) {
                return null;
            }
            return add(v[0], subtract ? -a.value() : a.value(), a.months(), text, wholeDays, type.scale());
        });
    }

    /** ADDDATE(d, n) / SUBDATE(d, n): n days. */
    static RowExpression days(RowExpression base, RowExpression days, boolean subtract) {
        boolean text = isText(base);
        ColumnType type = resultType(base, true, 0);
        return new StrictCall(type, new RowExpression[] {base, days}, v -> add(v[0],
            Values.toLong(v[1]) * DateUnits.MICROS_PER_DAY * (subtract ? -1 : 1), false, text, true, type.scale()));
    }

    private static boolean isText(RowExpression base) {
        return !base.type().mysqlType().isTemporal();
    }

    /**
     * The fractional digits MariaDB gives a count of seconds: an integer's none, a DECIMAL's own (at most 6), a
     * string's or a DOUBLE's 6.
     */
    static int amountDigits(ColumnType amount) {
        if (amount.isInteger()) {
            return 0;
        }
        return amount.execType() == com.polardbx.executor.chunk.ExecType.DECIMAL ? Math.min(amount.scale(), MAX_DIGITS)
            : MAX_DIGITS;
    }

    /**
     * MySQL's type: text for a string argument, DATE for a date plus whole days, else DATETIME with the base's
     * fractional digits or the interval's {@code digits}, whichever are more.
     */
    private static ColumnType resultType(RowExpression base, boolean wholeDays, int digits) {
        if (isText(base)) {
            return ColumnType.VARCHAR;
        }
        com.polardbx.common.type.MysqlType baseType = base.type().mysqlType();
        if (baseType == com.polardbx.common.type.MysqlType.TIME) {
            throw ExpressionCompiler.unsupported("TIME plus an interval"); // MariaDB's TIME results: left to the DNs
        }
        if (baseType == com.polardbx.common.type.MysqlType.DATE && wholeDays) {
            return ColumnType.DATE;
        }
        int scale = Math.min(MAX_DIGITS, Math.max(digits,
            baseType == com.polardbx.common.type.MysqlType.DATE ? 0 : base.type().scale()));
        return ColumnType.datetime(scale);
    }

    /**
     * {@code amount}: months or microseconds. {@code textBase}: a string argument, whose DATETIME results show 6
     * fractional digits (MariaDB). {@code dateAllowed}: a date-only value plus whole days may stay a date.
     * {@code digits}: the fractional digits of the result's type, printed always when above 0.
     */
    private static Object add(Object base, long amount, boolean months, boolean textBase, boolean dateAllowed,
                              int digits) {
        int[] p = TemporalText.parse(base);
        if (p == null || p[1] == 0 || p[2] == 0) {
            return null;
        }
        String text = Values.toText(base).strip();
        boolean dateOnly = dateAllowed && text.length() <= 10 && !text.contains(":")
            && (months || amount % DateUnits.MICROS_PER_DAY == 0);
        LocalDateTime t = LocalDateTime.of(p[0], p[1], p[2], p[3], p[4], p[5], p[6] * 1000);
        try {
            t = months ? t.plusMonths(amount) : t.plus(amount, java.time.temporal.ChronoUnit.MICROS);
            if (months && t.getYear() == 0 && t.getMonthValue() == 2 && t.getDayOfMonth() == 29) {
                t = t.withDayOfMonth(28); // MySQL's year 0 is no leap year
            }
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return null; // far outside years 0-9999
        }
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return null;
        }
        String date = String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", t.getYear(), t.getMonthValue(),
            t.getDayOfMonth());
        if (dateOnly) {
            return date;
        }
        String time = String.format(java.util.Locale.ROOT, "%s %02d:%02d:%02d", date, t.getHour(), t.getMinute(),
            t.getSecond());
        String fraction = String.format(java.util.Locale.ROOT, ".%06d", t.getNano() / 1000);
        if (digits > 0 && !textBase) {
            return time + fraction.substring(0, 1 + digits);
        }
        return textBase || p[6] != 0 || t.getNano() != 0 ? time + fraction : time;
    }
}
