package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Values;
import java.time.LocalDate;
import java.time.DateTimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and canonical text of DATE and DATETIME values, kept as MySQL text ('2024-01-31 10:00:00'). */
final class TemporalText {
    private static final Pattern DATE_TIME = Pattern.compile(
        "\\s*(\\d{1,4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,6}))?)?)?\\s*");
    private static final Pattern COMPACT = Pattern.compile("\\s*(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})(\\d{2}))?\\s*");

    private TemporalText() {
    }

    /** The DATE text of a value, or {@code null} if it is not a valid date. */
    static String toDate(Object value) {
        int[] parts = parse(value);
        return parts == null ? null : String.format("%04d-%02d-%02d", parts[0], parts[1], parts[2]);
    }

    /** The DATETIME text of a value with {@code fractionDigits} fractional digits, or {@code null} if invalid. */
    static String toDateTime(Object value, int fractionDigits) {
        int[] parts = parse(value);
        if (parts == null) {
            return null;
        }
        String text = String.format("%04d-%02d-%02d %02d:%02d:%02d", parts[0], parts[1], parts[2], parts[3], parts[4],
            parts[5]);
        if (fractionDigits > 0) {
            String micros = String.format("%06d", parts[6]);
            text += "." + micros.substring(0, Math.min(6, fractionDigits));
        }
        return text;
    }

    /** A form in which temporal values compare correctly as text: full DATETIME with microseconds, else the value. */
    static Object toComparable(Object value) {
        if (value instanceof String || value instanceof byte[]) {
            String dt = toDateTime(value, 6);
            return dt != null ? dt : value;
        }
        return value;
    }

    /** year, month, day, hour, minute, second, microsecond of a DATE/DATETIME value; null when invalid. */
    static int[] parse(Object value) {
        String text = Values.toText(value);
        int[] p = new int[7];
        Matcher m = DATE_TIME.matcher(text);
        if (m.matches()) {
            for (int i = 0; i < 6; i++) {
                p[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
            }
            if (m.group(7) != null) {
                p[6] = Integer.parseInt((m.group(7) + "00000").substring(0, 6));
            }
        } else {
            Matcher c = COMPACT.matcher(text.contains(".") ? text.substring(0, text.indexOf('.')) : text);
            if (!c.matches()) {
                return null;
            }
            for (int i = 0; i < 6; i++) {
                p[i] = c.group(i + 1) == null ? 0 : Integer.parseInt(c.group(i + 1));
            }
        }
        return valid(p) ? p : null;
    }

    private static boolean valid(int[] p) {
        if (p[3] > 23 || p[4] > 59 || p[5] > 59) {
            return false;
        }
        if (p[0] == 0 && p[1] == 0 && p[2] == 0) {
            return true;
        }
        try {
            LocalDate.of(p[0], p[1], p[2]);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
