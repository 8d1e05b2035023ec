package com.polardbx.executor.expression;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;

/** MySQL's DATE_FORMAT specifiers over {year, month, day, hour, minute, second, microsecond}. */
final class DateFormat {
    private DateFormat() {
    }

    static String format(int[] p, String format) {
        StringBuilder out = new StringBuilder();
        LocalDate date = p[0] == 0 || p[1] == 0 || p[2] == 0 ? null : LocalDate.of(p[0], p[1], p[2]);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char spec = format.charAt(++i);
            String piece = specifier(spec, p, date);
            if (piece == null) {
                return null; // a day-name specifier of a zero date
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static String specifier(char spec, int[] p, LocalDate date) {
        int hour12 = p[3] % 12 == 0 ? 12 : p[3] % 12;
        return switch (spec) {
            case 'Y' -> pad(p[0], 4);
            case 'y' -> pad(p[0] % 100, 2);
            case 'm' -> pad(p[1], 2);
            case 'c' -> Integer.toString(p[1]);
            case 'd' -> pad(p[2], 2);
            case 'e' -> Integer.toString(p[2]);
            case 'D' -> p[2] + ordinalSuffix(p[2]);
            case 'H' -> pad(p[3], 2);
            case 'k' -> Integer.toString(p[3]);
            case 'h', 'I' -> pad(hour12, 2);
            case 'l' -> Integer.toString(hour12);
            case 'i' -> pad(p[4], 2);
            case 's', 'S' -> pad(p[5], 2);
            case 'f' -> pad(p[6], 6);
            case 'p' -> p[3] < 12 ? "AM" : "PM";
            case 'r' -> pad(hour12, 2) + ":" + pad(p[4], 2) + ":" + pad(p[5], 2) + (p[3] < 12 ? " AM" : " PM");
            case 'T' -> pad(p[3], 2) + ":" + pad(p[4], 2) + ":" + pad(p[5], 2);
            case 'M' -> p[1] == 0 ? null : java.time.Month.of(p[1]).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b' -> p[1] == 0 ? null : java.time.Month.of(p[1]).getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'W' -> date == null ? null : date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'a' -> date == null ? null : date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'w' -> date == null ? null : Integer.toString(date.getDayOfWeek().getValue() % 7);
            case 'j' -> date == null ? null : pad(date.getDayOfYear(), 3);
            case 'U' -> week(date, 4, false);
            case 'u' -> week(date, 1, false);
            case 'V' -> week(date, 6, false);
            case 'v' -> week(date, 3, false);
            case 'X' -> week(date, 6, true);
            case 'x' -> week(date, 3, true);
            default -> String.valueOf(spec); // %% and unknown specifiers print the character
        };
    }

    private static String week(LocalDate date, int flags, boolean year) {
        if (date == null) {
            return null;
        }
        int[] yw = DateFunctions.calcWeek(date, flags);
        return year ? pad(yw[0], 4) : pad(yw[1], 2);
    }

    private static String ordinalSuffix(int day) {
        if (day / 10 == 1) {
            return "th";
        }
        return switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
