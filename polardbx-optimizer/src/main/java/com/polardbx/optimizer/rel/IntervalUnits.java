package com.polardbx.optimizer.rel;

import org.apache.calcite.sql.SqlIntervalLiteral;

/** Reads Calcite's interval literals as MySQL's {@code INTERVAL n unit}. */
public final class IntervalUnits {
    private IntervalUnits() {
    }

    /**
     * Whether the literal is one unit ({@code INTERVAL '1' DAY}), the factor of Calcite's {@code n * INTERVAL '1' unit}.
     * Calcite keeps one WEEK as {@code '7'} and one QUARTER as {@code '3'} (a count of days and months).
     */
    public static boolean isOne(SqlIntervalLiteral.IntervalValue value) {
        String literal = value.getIntervalLiteral();
        String one = switch (value.getIntervalQualifier().timeUnitRange) {
            case WEEK -> "7";
            case QUARTER -> "3";
            default -> "1";
        };
        return value.getSign() > 0 && (literal.equals("1") || literal.equals(one));
    }
}
