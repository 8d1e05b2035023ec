package com.polardbx.optimizer.planner;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * MySQL compares a DATE or DATETIME with a number by reading the number as a date: {@code d > 20200101} is
 * {@code d > DATE '2020-01-01'}, {@code dt < 20200102} is {@code dt < TIMESTAMP '2020-01-02 00:00:00'}. This class
 * reads an integer literal the way MySQL does: YYMMDD, YYYYMMDD, YYMMDDhhmmss or YYYYMMDDhhmmss (two-digit years
 * 70-99 in the 1900s, 00-69 in the 2000s). Numbers of other lengths, fractions and impossible dates (which MySQL turns
 * into a zero date with a warning) are not read. Stateless.
 */
final class NumberAsTemporal {
    private NumberAsTemporal() {
    }

    /**
     * The literal {@code operand} stands for, typed for comparison with a column of {@code columnType} (DATE or
     * TIMESTAMP), or null when it is not an integer literal MySQL reads as a valid date.
     */
    static SqlLiteral literal(SqlNode operand, SqlTypeName columnType) {
        if (!(operand instanceof SqlNumericLiteral number) || !number.isExact()) {
            return null;
        }
        BigDecimal value = number.getValueAs(BigDecimal.class);
        if (value.signum() <= 0 || value.stripTrailingZeros().scale() > 0) {
            return null;
        }
        LocalDateTime at = read(value.toBigInteger().toString());
        if (at == null) {
            return null;
        }
        boolean midnight = at.toLocalTime().toSecondOfDay() == 0;
        if (columnType == SqlTypeName.DATE && midnight) {
            return SqlLiteral.createDate(new DateString(at.getYear(), at.getMonthValue(), at.getDayOfMonth()),
                operand.getParserPosition());
        }
        if (columnType == SqlTypeName.TIMESTAMP) {
            return SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP, new TimestampString(at.getYear(),
                at.getMonthValue(), at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond()), 0,
                operand.getParserPosition());
        }
        return null; // a DATE against a time of day other than midnight: compared as DATETIME by MySQL
    }

    private static LocalDateTime read(String digits) {
        String full = switch (digits.length()) {
            case 6, 12 -> (Integer.parseInt(digits.substring(0, 2)) < 70 ? "20" : "19") + digits;
            case 8, 14 -> digits;
            default -> null;
        };
        if (full == null) {
            return null;
        }
        String time = full.length() == 14 ? full.substring(8) : "000000";
        try {
            return LocalDateTime.of(Integer.parseInt(full.substring(0, 4)), Integer.parseInt(full.substring(4, 6)),
                Integer.parseInt(full.substring(6, 8)), Integer.parseInt(time.substring(0, 2)),
                Integer.parseInt(time.substring(2, 4)), Integer.parseInt(time.substring(4, 6)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
