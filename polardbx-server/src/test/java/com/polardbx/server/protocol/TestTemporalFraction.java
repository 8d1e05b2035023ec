package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TestTemporalFraction {
    @Test
    void padsToTheColumnsDigits() {
        assertEquals("2024-01-01 10:00:00.000000", TemporalFraction.padded("2024-01-01 10:00:00", 6));
        assertEquals("2024-01-01 10:00:00.500", TemporalFraction.padded("2024-01-01 10:00:00.5", 3));
        assertEquals("-12:00:00.0", TemporalFraction.padded("-12:00:00", 1));
    }

    @Test
    void neverCutsAndLeavesDatesAlone() {
        assertEquals("2024-01-01 10:00:00.000250", TemporalFraction.padded("2024-01-01 10:00:00.000250", 0));
        assertEquals("2024-01-01 10:00:00.123456", TemporalFraction.padded("2024-01-01 10:00:00.123456", 2));
        assertEquals("2024-01-01", TemporalFraction.padded("2024-01-01", 6));
    }
}
