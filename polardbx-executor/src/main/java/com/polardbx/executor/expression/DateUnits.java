package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * MySQL's time units beyond Calcite's: compound INTERVAL amounts ({@code '1:30' HOUR_MINUTE}), EXTRACT of compound
 * units and WEEK, TIMESTAMPDIFF and TIMESTAMPADD of any unit, all with MySQL's rules (see each method).
 */
final class DateUnits {
    static final long MICROS_PER_DAY = 86_400_000_000L;

    private DateUnits() {
    }

    /** An interval amount: months (YEAR_MONTH, MONTH, QUARTER, YEAR) or microseconds. */
    record Amount(boolean months, long value) {
    }

    /** Number of fields of a unit, from the largest: DAY_SECOND has day, hour, minute, second. */
    private static String[] fields(String unit) {
        return switch (unit) {
            case "YEAR_MONTH" -> new String[] {"YEAR", "MONTH"};
            case "DAY_HOUR" -> new String[] {"DAY", "HOUR"};
            case "DAY_MINUTE" -> new String[] {"DAY", "HOUR", "MINUTE"};
            case "DAY_SECOND" -> new String[] {"DAY", "HOUR", "MINUTE", "SECOND"};
            case "HOUR_MINUTE" -> new String[] {"HOUR", "MINUTE"};
            case "HOUR_SECOND" -> new String[] {"HOUR", "MINUTE", "SECOND"};
            case "MINUTE_SECOND" -> new String[] {"MINUTE", "SECOND"};
            case "DAY_MICROSECOND" -> new String[] {"DAY", "HOUR", "MINUTE", "SECOND", "MICROSECOND"};
            case "HOUR_MICROSECOND" -> new String[] {"HOUR", "MINUTE", "SECOND", "MICROSECOND"};
            case "MINUTE_MICROSECOND" -> new String[] {"MINUTE", "SECOND", "MICROSECOND"};
            case "SECOND_MICROSECOND" -> new String[] {"SECOND", "MICROSECOND"};
            default -> new String[] {unit};
        };
    }

    /** Whether {@code unit} is one this class knows. */
    static boolean known(String unit) {
        return fields(unit).length > 1 || switch (unit) {
            case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MICROSECOND" -> true;
            default -> false;
        };
    }

    /**
     * MySQL's reading of {@code INTERVAL value unit}: a simple unit takes the value as an integer (SECOND keeps a
     * fraction); a compound one takes the digit groups of its text, right-aligned to the unit's fields ('5'
     * HOUR_MINUTE is 5 minutes), a leading '-' negating all; a microsecond field written with fewer than 6 digits is a fraction ('1.5'
     * SECOND_MICROSECOND is 1.5 s). Null when the text has more groups than the unit has fields.
     */
    static Amount amount(Object value, String unit) {
        String[] fields = fields(unit);
        if (unit.equals("SECOND") && !(value instanceof Long || value instanceof java.math.BigInteger)) {
            return new Amount(false, secondsInMicros(value)); // 1.5 SECOND is 1.5 s, where 1.5 MINUTE is 2 min
        }
        if (fields.length == 1) {
            long n = value instanceof String || value instanceof byte[] ? CastFunction.toSigned(value)
                : Math.round(Values.toDouble(value)) == Values.toDouble(value) ? Values.toLong(value)
                : roundHalfUp(value);
            return scaled(n, unit);
        }
        String text = Values.toText(value).strip();
        boolean negative = text.startsWith("-");
        java.util.List<String> groups = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(text);
        while (m.find()) {
            groups.add(m.group());
        }
        if (groups.size() > fields.length) {
            return null;
        }
        long months = 0;
        long micros = 0;
        int offset = fields.length - groups.size();
        for (int i = 0; i < groups.size(); i++) {
            String field = fields[offset + i];
            String digits = groups.get(i);
            long n = parse(digits);
            if (field.equals("MICROSECOND") && digits.length() < 6 && groups.size() > 1) {
                n *= (long) Math.pow(10, 6 - digits.length());
            }
            Amount a = scaled(n, field);
            if (a.months()) {
                months += a.value();
            } else {
                micros += a.value();
            }
        }
        boolean inMonths = unit.equals("YEAR_MONTH");
        long total = inMonths ? months : micros;
        return new Amount(inMonths, negative ? -total : total);
    }

    /**
     * A number of seconds with its fraction in microseconds, digits beyond the sixth cut (MariaDB); saturated far out
     * of range, where the result is NULL anyway.
     */
    static long secondsInMicros(Object value) {
        java.math.BigDecimal micros = Values.toDecimal(value).movePointRight(6).setScale(0, java.math.RoundingMode.DOWN);
        return micros.abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0
            ? Long.MAX_VALUE / 2 * micros.signum() : micros.longValueExact();
    }

    private static long roundHalfUp(Object value) {
        return Values.toDecimal(value).setScale(0, java.math.RoundingMode.HALF_UP).longValue();
    }

    private static long parse(String digits) {
        return digits.length() > 18 ? Long.MAX_VALUE / 1_000_000_000L : Long.parseLong(digits);
    }

    /** n units as months or microseconds (overflow saturates: the result is then out of range, NULL). */
    static Amount scaled(long n, String unit) {
        return switch (unit) {
            case "YEAR" -> new Amount(true, Math.multiplyHigh(n, 12) == 0 || n < 0 ? n * 12 : Long.MAX_VALUE);
            case "QUARTER" -> new Amount(true, n * 3);
            case "MONTH" -> new Amount(true, n);
            case "WEEK" -> new Amount(false, saturated(n, 7 * MICROS_PER_DAY));
            case "DAY" -> new Amount(false, saturated(n, MICROS_PER_DAY));
            case "HOUR" -> new Amount(false, saturated(n, 3_600_000_000L));
            case "MINUTE" -> new Amount(false, saturated(n, 60_000_000L));
            case "SECOND" -> new Amount(false, saturated(n, 1_000_000L));
            default -> new Amount(false, n); // MICROSECOND
        };
    }

    private static long saturated(long n, long factor) {
        long high = Math.multiplyHigh(n, factor);
        long low = n * factor;
        return high == 0 && low >= 0 || high == -1 && low < 0 ? low : n < 0 ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }

    /** EXTRACT(unit FROM x) for WEEK and the compound units: the fields' values as digits (DAY_HOUR 2913). */
    static RowExpression extract(String unit, RowExpression arg) {
        String[] fields = fields(unit);
        if (!known(unit)) {
            throw ExpressionCompiler.unsupported("EXTRACT(" + unit + ")");
        }
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {arg}, v -> {
            if (unit.equals("WEEK")) {
                LocalDate d = DateFunctions.date(v[0]);
                return d == null ? null : (long) DateFunctions.calcWeek(d, DateFunctions.weekMode(0))[1];
            }
            int[] p = TemporalText.parse(v[0]);
            if (p == null) {
                return null;
            }
            long out = 0;
            for (String field : fields) {
                out = field.equals("MICROSECOND") ? out * 1_000_000 + p[6] : out * 100 + switch (field) {
                    case "YEAR" -> p[0];
                    case "MONTH" -> p[1];
                    case "DAY" -> p[2];
                    case "HOUR" -> p[3];
                    case "MINUTE" -> p[4];
                    default -> p[5];
                };
            }
            return out;
        });
    }

    /**
     * TIMESTAMPDIFF(unit, a, b): b - a in whole units, truncated toward zero. Months count as MySQL does: a month
     * is complete when the later value's day and time-of-day reach the earlier one's.
     */
    static RowExpression timestampDiff(String unit, RowExpression a, RowExpression b) {
        if (!known(unit) || fields(unit).length > 1) {
            throw ExpressionCompiler.unsupported("TIMESTAMPDIFF(" + unit + ")");
        }
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a, b}, v -> {
            LocalDateTime from = dateTime(v[0]);
            LocalDateTime to = dateTime(v[1]);
            if (from == null || to == null) {
                return null;
            }
            boolean negative = to.isBefore(from);
            LocalDateTime early = negative ? to : from;
            LocalDateTime late = negative ? from : to;
            long n;
            switch (unit) {
                case "YEAR", "QUARTER", "MONTH" -> {
                    long months = (late.getYear() - early.getYear()) * 12L + late.getMonthValue()
                        - early.getMonthValue();
                    boolean incomplete = late.getDayOfMonth() < early.getDayOfMonth()
                        || late.getDayOfMonth() == early.getDayOfMonth()
                        && late.toLocalTime().isBefore(early.toLocalTime());
                    months -= incomplete ? 1 : 0;
                    n = unit.equals("YEAR") ? months / 12 : unit.equals("QUARTER") ? months / 3 : months;
                }
                default -> {
                    long micros = ChronoUnit.MICROS.between(early, late);
                    n = micros / switch (unit) {
                        case "WEEK" -> 7 * MICROS_PER_DAY;
                        case "DAY" -> MICROS_PER_DAY;
                        case "HOUR" -> 3_600_000_000L;
                        case "MINUTE" -> 60_000_000L;
                        case "SECOND" -> 1_000_000L;
                        default -> 1L;
                    };
                }
            }
            return negative ? -n : n;
        });
    }

    /** A DATE/DATETIME value (or its text) as a LocalDateTime; null when invalid or a zero date. */
    static LocalDateTime dateTime(Object v) {
        int[] p = TemporalText.parse(v);
        if (p == null || p[1] == 0 || p[2] == 0) {
            return null;
        }
        return LocalDateTime.of(p[0], p[1], p[2], p[3], p[4], p[5], p[6] * 1000);
    }

    static String upper(String unit) {
        return unit.toUpperCase(Locale.ROOT);
    }
}
