package com.polardbx.gms.partition;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.PartitionInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts SQL literal values to the canonical form of a column type, so that equal values route alike, and compares
 * canonical values.
 *
 * <p>Canonical forms: INTEGER/YEAR {@link Long} (or {@link BigInteger} beyond its range), DECIMAL {@link BigDecimal}
 * without trailing zeros, FLOAT {@link Double}, strings a collation key {@link String}, binary {@link ByteKey}, DATE
 * {@link LocalDate}, DATETIME/TIMESTAMP {@link LocalDateTime}, TIME {@link Duration}; NULL stays {@code null}.
 */
public final class PartitionValues {
    private static final Pattern NUMBER_PREFIX = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern DATE_TIME = Pattern.compile(
        "^\\s*(\\d{1,4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?\\s*$");
    private static final Pattern COMPACT_DATE = Pattern.compile("^\\s*(\\d{4})(\\d{2})(\\d{2})(\\d{6})?\\s*$");
    private static final Pattern TIME = Pattern.compile("^\\s*(-)?(\\d+):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?\\s*$");

    private PartitionValues() {
    }

    /** The canonical value of {@code raw} under version 1 of the partition function. */
    public static Object normalize(Object raw, ColumnType type) {
        return normalize(raw, type, PartitionInfo.LEGACY_FUNCTION);
    }

    /**
     * The canonical value of {@code raw} for a column of {@code type} under partition function {@code version}
     * ({@link PartitionInfo#functionVersion()}); {@code SqlError} 1292 if it cannot convert. Version 2 changes strings
     * (the exact weights of the column's collation) and BINARY(n) (zero-padded to n, as stored); other types are
     * the same in both versions.
     */
    public static Object normalize(Object raw, ColumnType type, int version) {
        if (raw != null && version >= 2) {
            Object exact = exactString(raw, type);
            if (exact != null) {
                return exact;
            }
        }
        if (raw == null) {
            return null;
        }
        try {
            return switch (type.family()) {
                case INTEGER -> toInteger(raw);
                case YEAR -> toYear(raw);
                case DECIMAL -> stripZeros(toDecimal(raw).setScale(type.scale(), RoundingMode.HALF_UP));
                case FLOAT -> toDecimalOrDouble(raw);
                case STRING, TEXT, OTHER -> collationKey(asText(raw), type.caseInsensitive());
                case BINARY, BLOB -> new ByteKey(raw instanceof byte[] b ? b.clone()
                    : asText(raw).getBytes(StandardCharsets.UTF_8));
                case DATE -> toDateTime(raw).toLocalDate();
                case DATETIME, TIMESTAMP -> toDateTime(raw);
                case TIME -> toTime(raw);
            };
        } catch (NumberFormatException | java.time.DateTimeException | ArithmeticException e) {
            throw new SqlError(e, ErrorCode.ER_TRUNCATED_WRONG_VALUE, type.baseName(), String.valueOf(raw));
        }
    }

    /** The version 2 value of a string or BINARY(n) column, {@code null} for other types. */
    private static Object exactString(Object raw, ColumnType type) {
        switch (type.family()) {
            case STRING, TEXT -> {
                StringCollation collation = StringCollation.of(type.collation());
                return collation == null ? null : collation.key(asText(raw), type.isFixedChar());
            }
            case BINARY -> {
                byte[] b = raw instanceof byte[] bytes ? bytes : asText(raw).getBytes(StandardCharsets.UTF_8);
                boolean fixed = type.baseName().equals("binary") && b.length < type.length();
                return new ByteKey(fixed ? java.util.Arrays.copyOf(b, type.length()) : b.clone());
            }
            default -> {
                return null;
            }
        }
    }

    private static String asText(Object raw) {
        if (raw instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (raw instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return raw.toString();
    }

    /** The comparison key of a string: trailing spaces dropped (PAD SPACE); case and accents folded for _ci. */
    static String collationKey(String s, boolean caseInsensitive) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        String trimmed = s.substring(0, end);
        if (!caseInsensitive) {
            return trimmed;
        }
        String folded = Normalizer.normalize(trimmed, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return folded.toUpperCase(Locale.ROOT);
    }

    private static BigDecimal toDecimal(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (raw instanceof Double || raw instanceof Float) {
            return BigDecimal.valueOf(((Number) raw).doubleValue());
        }
        if (raw instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        Matcher m = NUMBER_PREFIX.matcher(asText(raw));
        if (!m.find()) {
            throw new NumberFormatException("not a number: " + raw);
        }
        return new BigDecimal(m.group().trim());
    }

    private static Object toInteger(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        BigInteger i = toDecimal(raw).setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
        return i.bitLength() < 64 ? (Object) i.longValue() : i;
    }

    private static Object toYear(Object raw) {
        if (raw instanceof LocalDate d) {
            return (long) d.getYear();
        }
        Object v = toInteger(raw);
        long y = v instanceof Long l ? l : 0;
        if (y > 0 && y < 70) {
            y += 2000;
        } else if (y >= 70 && y < 100) {
            y += 1900;
        }
        return y;
    }

    private static Object toDecimalOrDouble(Object raw) {
        return raw instanceof Double d ? d : toDecimal(raw).doubleValue();
    }

    private static BigDecimal stripZeros(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static LocalDateTime toDateTime(Object raw) {
        if (raw instanceof LocalDateTime t) {
            return t;
        }
        if (raw instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (raw instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (raw instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay();
        }
        String s = asText(raw);
        Matcher m = DATE_TIME.matcher(s);
        if (m.matches()) {
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), intOr0(m.group(4)), intOr0(m.group(5)), intOr0(m.group(6)), nanos);
        }
        m = COMPACT_DATE.matcher(s);
        if (m.matches()) {
            String hms = m.group(4) == null ? "000000" : m.group(4);
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(hms.substring(0, 2)),
                Integer.parseInt(hms.substring(2, 4)), Integer.parseInt(hms.substring(4, 6)));
        }
        throw new DateTimeParseException("not a date", s, 0);
    }

    private static int intOr0(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    private static Duration toTime(Object raw) {
        if (raw instanceof LocalTime t) {
            return Duration.ofNanos(t.toNanoOfDay());
        }
        if (raw instanceof Duration d) {
            return d;
        }
        String s = asText(raw);
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw new DateTimeParseException("not a time", s, 0);
        }
        Duration d = Duration.ofHours(Long.parseLong(m.group(2))).plusMinutes(Long.parseLong(m.group(3)))
            .plusSeconds(intOr0(m.group(4)));
        if (m.group(5) != null) {
            d = d.plusNanos(Long.parseLong((m.group(5) + "000000000").substring(0, 9)));
        }
        return m.group(1) != null ? d.negated() : d;
    }

    /**
     * Orders canonical values: {@code null} first, {@link PartitionBounds#MAXVALUE} last, numbers by value across
     * representations.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == PartitionBounds.MAXVALUE) {
            return -1;
        }
        if (b == null || a == PartitionBounds.MAXVALUE) {
            return 1;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return toDecimal(x).compareTo(toDecimal(y));
        }
        return ((Comparable) a).compareTo(b);
    }

    /** Lexicographic comparison of tuples of canonical values. */
    public static int compareTuples(java.util.List<Object> a, java.util.List<Object> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
