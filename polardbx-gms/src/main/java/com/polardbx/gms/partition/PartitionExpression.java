package com.polardbx.gms.partition;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partition expression of HASH/RANGE/LIST over one column: the bare column, {@code YEAR(col)},
 * {@code TO_DAYS(col)} or {@code MONTH(col)}.
 */
public record PartitionExpression(Function function, String column) {
    private static final Pattern CALL = Pattern.compile("^([a-z_]+)\\(([^()]+)\\)$");
    /** MySQL's TO_DAYS('1970-01-01'). */
    private static final long TO_DAYS_EPOCH = 719528;

    /** The supported functions. */
    public enum Function {
        IDENTITY, YEAR, TO_DAYS, MONTH;

        /** Whether a <= b implies f(a) <= f(b), which range pruning relies on. */
        public boolean monotonic() {
            return this != MONTH;
        }
    }

    /** Parses an expression ({@code null} means the first column itself); {@code SqlError} 1564 if unsupported. */
    public static PartitionExpression parse(String expression, List<String> columns) {
        if (expression == null || expression.isBlank()) {
            if (columns.isEmpty()) {
                throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
            }
            return new PartitionExpression(Function.IDENTITY, columns.get(0));
        }
        String e = expression.replace("`", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        Matcher m = CALL.matcher(e);
        if (m.matches()) {
            Function f = switch (m.group(1)) {
                case "year" -> Function.YEAR;
                case "to_days" -> Function.TO_DAYS;
                case "month" -> Function.MONTH;
                default -> throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
            };
            return new PartitionExpression(f, originalName(m.group(2), columns));
        }
        if (e.matches("^[a-z0-9_$]+$")) {
            return new PartitionExpression(Function.IDENTITY, originalName(e, columns));
        }
        throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
    }

    private static String originalName(String lower, List<String> columns) {
        for (String c : columns) {
            if (c.equalsIgnoreCase(lower)) {
                return c;
            }
        }
        if (columns.isEmpty()) {
            return lower;
        }
        throw new SqlError(ErrorCode.ER_BAD_FIELD, lower, "partition function");
    }

    /** Applies the function to a canonical column value (or to a raw literal, for bounds); NULL stays NULL. */
    public Object apply(Object value) {
        if (value == null || function == Function.IDENTITY) {
            return value;
        }
        LocalDate d = toDate(value);
        return switch (function) {
            case YEAR -> (long) d.getYear();
            case MONTH -> (long) d.getMonthValue();
            case TO_DAYS -> d.toEpochDay() + TO_DAYS_EPOCH;
            case IDENTITY -> value;
        };
    }

    private static LocalDate toDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        Object v = PartitionValues.normalize(value, new ColumnType(ColumnType.Family.DATE, "date", 0, false, false));
        return (LocalDate) v;
    }
}
