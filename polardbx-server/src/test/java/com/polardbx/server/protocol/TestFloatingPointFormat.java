package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings were printed by a real MariaDB 10.11 for the same values. */
class TestFloatingPointFormat {
    @Test
    void doublesLikeMariadb() {
        assertEquals("1e20", FloatingPointFormat.formatDouble(1e20));
        assertEquals("1.5", FloatingPointFormat.formatDouble(1.5));
        assertEquals("0.1", FloatingPointFormat.formatDouble(0.1));
        assertEquals("1e15", FloatingPointFormat.formatDouble(1e15));
        assertEquals("100000000000000", FloatingPointFormat.formatDouble(1e14));
        assertEquals("123456789012345", FloatingPointFormat.formatDouble(123456789012345e0));
        assertEquals("1.234567890123456e15", FloatingPointFormat.formatDouble(1234567890123456e0));
        assertEquals("0.0001", FloatingPointFormat.formatDouble(1e-4));
        assertEquals("0.00001", FloatingPointFormat.formatDouble(1e-5));
        assertEquals("1.2345678901234567e19", FloatingPointFormat.formatDouble(1.2345678901234567e19));
        assertEquals("-0.00000025", FloatingPointFormat.formatDouble(-2.5e-7));
        assertEquals("100", FloatingPointFormat.formatDouble(100));
        assertEquals("3", FloatingPointFormat.formatDouble(3.0));
        assertEquals("1e300", FloatingPointFormat.formatDouble(1e300));
        assertEquals("0.3333333333333333", FloatingPointFormat.formatDouble(1 / 3.0));
        assertEquals("0.000000000000001", FloatingPointFormat.formatDouble(1e-15));
        assertEquals("1e-16", FloatingPointFormat.formatDouble(1e-16));
        assertEquals("1.5e-20", FloatingPointFormat.formatDouble(1.5e-20));
        assertEquals("123456789012345.6", FloatingPointFormat.formatDouble(123456789012345.6));
        assertEquals("999999999999999.9", FloatingPointFormat.formatDouble(999999999999999.9));
        assertEquals("0.30000000000000004", FloatingPointFormat.formatDouble(0.1 + 0.2));
        assertEquals("5e-324", FloatingPointFormat.formatDouble(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e308", FloatingPointFormat.formatDouble(Double.MAX_VALUE));
        assertEquals("0", FloatingPointFormat.formatDouble(-0.0));
        assertEquals("0.000000000000012345678901234567", FloatingPointFormat.formatDouble(12345678901234567e-30));
    }

    @Test
    void jdk17LongToStringIsShortened() {
        // Double.toString on JDK 17 prints 2.0E-3 fine but 8.41E21 as 8.409999999999999E21
        assertEquals("8.41e21", FloatingPointFormat.formatDouble(8.41e21));
        assertEquals("0.002", FloatingPointFormat.formatDouble(2e-3));
    }

    @Test
    void floatsUseSixSignificantDigits() {
        assertEquals("1.1", FloatingPointFormat.formatFloat(1.1f));
        assertEquals("3.4e38", FloatingPointFormat.formatFloat(3.4e38f));
        assertEquals("0.1", FloatingPointFormat.formatFloat(0.1f));
        assertEquals("123457000", FloatingPointFormat.formatFloat(123456789f));
        assertEquals("16777200", FloatingPointFormat.formatFloat(16777217f));
        assertEquals("1e15", FloatingPointFormat.formatFloat(1e15f));
        assertEquals("0.00001", FloatingPointFormat.formatFloat(1e-5f));
    }
}
