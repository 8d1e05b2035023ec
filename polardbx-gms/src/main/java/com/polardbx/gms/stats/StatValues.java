package com.polardbx.gms.stats;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Maps column values to the numbers histograms are built on: numbers as themselves, dates as days since 1970-01-01,
 * date-times as (fractional) days. The optimizer maps predicate constants the same way, so both sides compare.
 */
public final class StatValues {
    private StatValues() {
    }

    /** Whether values of this MySQL column type ({@code int(11)}, {@code date}, ...) have a numeric image. */
    public static boolean ordered(String sqlType) {
        String t = sqlType.toLowerCase(Locale.ROOT);
        return t.startsWith("tinyint") || t.startsWith("smallint") || t.startsWith("mediumint") || t.startsWith("int")
            || t.startsWith("bigint") || t.startsWith("decimal") || t.startsWith("numeric") || t.startsWith("float")
            || t.startsWith("double") || t.startsWith("real") || t.startsWith("date") || t.startsWith("timestamp")
            || t.startsWith("year");
    }

    /** The numeric image of a value as a DN prints it; NaN when it has none. */
    public static double toDouble(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            // a temporal value
        }
        try {
            if (text.length() <= 10) {
                return LocalDate.parse(text).toEpochDay();
            }
            LocalDateTime t = LocalDateTime.parse(text.replace(' ', 'T'));
            return t.toLocalDate().toEpochDay() + t.toLocalTime().toNanoOfDay() / 86_400e9;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }
}
