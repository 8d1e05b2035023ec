package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.function.Function;

/**
 * DATEDIFF, LAST_DAY, TO_DAYS, DAYOFWEEK, WEEKDAY, DAYOFYEAR, DAYNAME, MONTHNAME, WEEK, YEARWEEK and DATE_FORMAT.
 * Arguments are DATE/DATETIME values or text in MySQL's formats; an invalid or zero date gives NULL.
 */
final class DateFunctions {
    /** TO_DAYS('1970-01-01'): days from year 0 to the epoch. */
    private static final long DAYS_TO_EPOCH = 719_528;
    /** MySQL's calc_week() flags. */
    private static final int MONDAY_FIRST = 1;
    private static final int WEEK_YEAR = 2;
    private static final int FIRST_WEEKDAY = 4;

    private DateFunctions() {
    }

    static RowExpression datediff(RowExpression a, RowExpression b) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a, b}, v -> {
            LocalDate x = date(v[0]);
            LocalDate y = date(v[1]);
            return x == null || y == null ? null : x.toEpochDay() - y.toEpochDay();
        });
    }

    static RowExpression lastDay(RowExpression a) {
        return onDate(ColumnType.DATE, a, d -> d.withDayOfMonth(d.lengthOfMonth()).toString());
    }

    static RowExpression toDays(RowExpression a) {
        return onDate(ColumnType.BIGINT, a, d -> d.toEpochDay() + DAYS_TO_EPOCH);
    }

    /** DAYOFWEEK: 1 = Sunday ... 7 = Saturday. */
    static RowExpression dayOfWeek(RowExpression a) {
        return onDate(ColumnType.BIGINT, a, d -> (long) (d.getDayOfWeek().getValue() % 7 + 1));
    }

    /** WEEKDAY: 0 = Monday ... 6 = Sunday. */
    static RowExpression weekday(RowExpression a) {
        return onDate(ColumnType.BIGINT, a, d -> (long) (d.getDayOfWeek().getValue() - 1));
    }

    static RowExpression dayOfYear(RowExpression a) {
        return onDate(ColumnType.BIGINT, a, d -> (long) d.getDayOfYear());
    }

    static RowExpression dayName(RowExpression a) {
        return onDate(ColumnType.VARCHAR, a, d -> d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }

    static RowExpression monthName(RowExpression a) {
        return onDate(ColumnType.VARCHAR, a, d -> d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
    }

    /** WEEK(d [, mode]) with MySQL's week modes (default 0). */
    static RowExpression week(RowExpression[] a, boolean withYear) {
        return new StrictCall(ColumnType.BIGINT, a, v -> {
            LocalDate d = date(v[0]);
            if (d == null) {
                return null;
            }
            int mode = weekMode(v.length > 1 ? (int) Values.toLong(v[1]) : 0);
            int[] yearWeek = calcWeek(d, withYear ? mode | WEEK_YEAR : mode);
            return withYear ? (long) yearWeek[0] * 100 + yearWeek[1] : (long) yearWeek[1];
        });
    }

    static RowExpression dateFormat(RowExpression a, RowExpression format) {
        return new StrictCall(ColumnType.VARCHAR, new RowExpression[] {a, format}, v -> {
            int[] p = TemporalText.parse(v[0]);
            return p == null ? null : DateFormat.format(p, Values.toText(v[1]));
        });
    }

    private static RowExpression onDate(ColumnType type, RowExpression a, Function<LocalDate, Object> f) {
        return new StrictCall(type, new RowExpression[] {a}, v -> {
            LocalDate d = date(v[0]);
            return d == null ? null : f.apply(d);
        });
    }

    static LocalDate date(Object v) {
        int[] p = TemporalText.parse(v);
        if (p == null || p[0] == 0 || p[1] == 0 || p[2] == 0) {
            return null;
        }
        return LocalDate.of(p[0], p[1], p[2]);
    }

    /** MySQL's week_mode(): the calc_week() flags of a WEEK() mode. */
    static int weekMode(int mode) {
        int format = mode & 7;
        return (format & MONDAY_FIRST) == 0 ? format ^ FIRST_WEEKDAY : format;
    }

    /** MySQL's calc_week(): {year, week} of a date under the given flags. */
    static int[] calcWeek(LocalDate d, int flags) {
        boolean mondayFirst = (flags & MONDAY_FIRST) != 0;
        boolean weekYear = (flags & WEEK_YEAR) != 0;
        boolean firstWeekday = (flags & FIRST_WEEKDAY) != 0;
        long dayNr = d.toEpochDay();
        long firstDayNr = LocalDate.of(d.getYear(), 1, 1).toEpochDay();
        int weekday = weekdayOf(firstDayNr, !mondayFirst);
        int year = d.getYear();
        if (d.getMonthValue() == 1 && d.getDayOfMonth() <= 7 - weekday) {
            if (!weekYear && (firstWeekday && weekday != 0 || !firstWeekday && weekday >= 4)) {
                return new int[] {year, 0};
            }
            weekYear = true;
            year--;
            int days = LocalDate.of(year, 1, 1).lengthOfYear();
            firstDayNr -= days;
            weekday = (weekday + 53 * 7 - days) % 7;
        }
        long days = firstWeekday && weekday != 0 || !firstWeekday && weekday >= 4
            ? dayNr - (firstDayNr + (7 - weekday)) : dayNr - (firstDayNr - weekday);
        if (weekYear && days >= 52 * 7) {
            weekday = (weekday + LocalDate.of(year, 1, 1).lengthOfYear()) % 7;
            if (!firstWeekday && weekday < 4 || firstWeekday && weekday == 0) {
                return new int[] {year + 1, 1};
            }
        }
        return new int[] {year, (int) (days / 7 + 1)};
    }

    /** 0 = Monday (or Sunday when {@code sundayFirst}) for a day number counted from 1970-01-01 (a Thursday). */
    private static int weekdayOf(long epochDay, boolean sundayFirst) {
        return (int) Math.floorMod(epochDay + (sundayFirst ? 4 : 3), 7L);
    }
}
