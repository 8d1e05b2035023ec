package com.polardbx.executor.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** MySQL's reading of compound INTERVAL amounts (values checked on MariaDB 10.11). */
class TestDateUnits {
    private static final long SECOND = 1_000_000L;

    @Test
    void compoundAmountsAreRightAligned() {
        assertEquals(new DateUnits.Amount(false, 90 * 60 * SECOND), DateUnits.amount("1:30", "HOUR_MINUTE"));
        assertEquals(new DateUnits.Amount(false, 5 * 60 * SECOND), DateUnits.amount("5", "HOUR_MINUTE"));
        assertEquals(new DateUnits.Amount(true, 14), DateUnits.amount("1-2", "YEAR_MONTH"));
        assertEquals(new DateUnits.Amount(false, -(DateUnits.MICROS_PER_DAY + 3_723 * SECOND)),
            DateUnits.amount("-1 1:2:3", "DAY_SECOND"));
    }

    @Test
    void shortMicrosecondFieldsAreFractions() {
        assertEquals(new DateUnits.Amount(false, SECOND + 250_000), DateUnits.amount("1.25", "SECOND_MICROSECOND"));
        assertEquals(new DateUnits.Amount(false, 7), DateUnits.amount(7L, "MICROSECOND"));
    }

    @Test
    void secondsKeepTheirFractionOtherUnitsRound() {
        java.math.BigDecimal oneAndAHalf = new java.math.BigDecimal("1.5");
        assertEquals(new DateUnits.Amount(false, 1_500_000), DateUnits.amount(oneAndAHalf, "SECOND"));
        assertEquals(new DateUnits.Amount(false, 2_500_000), DateUnits.amount("2.5", "SECOND"));
        assertEquals(new DateUnits.Amount(false, 1_123_456), DateUnits.amount(1.123456789, "SECOND"));
        assertEquals(new DateUnits.Amount(false, -1_500_000), DateUnits.amount(oneAndAHalf.negate(), "SECOND"));
        assertEquals(new DateUnits.Amount(false, 2 * 60 * SECOND), DateUnits.amount(oneAndAHalf, "MINUTE"));
    }

    @Test
    void tooManyFieldsIsNull() {
        assertNull(DateUnits.amount("1:2:3", "HOUR_MINUTE"));
    }
}
