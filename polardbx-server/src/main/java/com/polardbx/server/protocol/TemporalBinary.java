package com.polardbx.server.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * Converts DATE/DATETIME/TIMESTAMP/TIME values between MySQL's text form ({@code 2024-01-31 10:00:00.5},
 * {@code -838:59:59}) and the binary protocol's length-prefixed encoding.
 */
public final class TemporalBinary {
    private TemporalBinary() {
    }

    /** Writes a date or datetime given in text form; length 0, 4, 7 or 11. */
    public static void writeDateTime(ByteBuf out, String text) {
        String s = text.trim();
        int year = num(s, 0, 4);
        int month = num(s, 5, 7);
        int day = num(s, 8, 10);
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micros = 0;
        if (s.length() >= 19) {
            hour = num(s, 11, 13);
            minute = num(s, 14, 16);
            second = num(s, 17, 19);
            micros = fraction(s, 19);
        }
        if (micros != 0) {
            out.writeByte(11);
        } else if (hour != 0 || minute != 0 || second != 0) {
            out.writeByte(7);
        } else if (year != 0 || month != 0 || day != 0) {
            out.writeByte(4);
        } else {
            out.writeByte(0);
            return;
        }
        out.writeShortLE(year);
        out.writeByte(month);
        out.writeByte(day);
        if (micros != 0 || hour != 0 || minute != 0 || second != 0) {
            out.writeByte(hour);
            out.writeByte(minute);
            out.writeByte(second);
            if (micros != 0) {
                out.writeIntLE(micros);
            }
        }
    }

    /** Writes a time given in text form ({@code [-]H+:MM:SS[.ffffff]}); length 0, 8 or 12. */
    public static void writeTime(ByteBuf out, String text) {
        String s = text.trim();
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        int firstColon = s.indexOf(':');
        long hours = Long.parseLong(s.substring(0, firstColon));
        int minute = num(s, firstColon + 1, firstColon + 3);
        int second = num(s, firstColon + 4, firstColon + 6);
        int micros = fraction(s, firstColon + 6);
        if (hours == 0 && minute == 0 && second == 0 && micros == 0) {
            out.writeByte(0);
            return;
        }
        out.writeByte(micros != 0 ? 12 : 8);
        out.writeByte(negative ? 1 : 0);
        out.writeIntLE((int) (hours / 24));
        out.writeByte((int) (hours % 24));
        out.writeByte(minute);
        out.writeByte(second);
        if (micros != 0) {
            out.writeIntLE(micros);
        }
    }

    /** Reads a binary DATE/DATETIME/TIMESTAMP parameter into text form. */
    public static String readDateTime(ByteBuf in, boolean dateOnly) {
        int len = in.readUnsignedByte();
        int year = 0;
        int month = 0;
        int day = 0;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micros = 0;
        if (len >= 4) {
            year = in.readUnsignedShortLE();
            month = in.readUnsignedByte();
            day = in.readUnsignedByte();
        }
        if (len >= 7) {
            hour = in.readUnsignedByte();
            minute = in.readUnsignedByte();
            second = in.readUnsignedByte();
        }
        if (len >= 11) {
            micros = (int) in.readUnsignedIntLE();
        }
        String date = String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
        if (dateOnly) {
            return date;
        }
        return date + String.format(Locale.ROOT, " %02d:%02d:%02d", hour, minute, second) + micros(micros);
    }

    /** Reads a binary TIME parameter into text form. */
    public static String readTime(ByteBuf in) {
        int len = in.readUnsignedByte();
        if (len == 0) {
            return "00:00:00";
        }
        boolean negative = in.readUnsignedByte() != 0;
        long days = in.readUnsignedIntLE();
        int hour = in.readUnsignedByte();
        int minute = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        int micros = len >= 12 ? (int) in.readUnsignedIntLE() : 0;
        return (negative ? "-" : "") + String.format(Locale.ROOT, "%02d:%02d:%02d", days * 24 + hour, minute, second)
            + micros(micros);
    }

    private static String micros(int micros) {
        return micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros);
    }

    private static int num(String s, int from, int to) {
        if (to > s.length()) {
            throw new IllegalArgumentException("not a temporal value: '" + s + "'");
        }
        return Integer.parseInt(s, from, to, 10);
    }

    /** Microseconds of an optional {@code .f+} suffix starting at {@code dot}. */
    private static int fraction(String s, int dot) {
        if (dot >= s.length() || s.charAt(dot) != '.') {
            return 0;
        }
        String digits = s.substring(dot + 1);
        if (digits.isEmpty()) {
            return 0;
        }
        String six = (digits + "000000").substring(0, 6);
        return Integer.parseInt(six);
    }
}
