package com.polardbx.executor.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TestValueComparator {
    private static int cmp(Object a, Object b) {
        return Integer.signum(ValueComparator.compare(a, b, Collation.GENERAL_CI));
    }

    @Test
    void numbersCompareByValueAcrossTypes() {
        assertEquals(0, cmp(1L, new BigDecimal("1.000")));
        assertEquals(0, cmp(2L, 2.0));
        assertEquals(-1, cmp(new BigDecimal("1.5"), 2L));
        assertEquals(1, cmp(new BigInteger("18446744073709551615"), Long.MAX_VALUE));
        assertEquals(-1, cmp(-1L, new BigInteger("0")));
        assertEquals(1, cmp(0.5, new BigDecimal("0.49999")));
    }

    @Test
    void stringAgainstNumberComparesAsDouble() {
        assertEquals(0, cmp("10", 10L));
        assertEquals(1, cmp("10abc", 9L));
        assertEquals(0, cmp("abc", 0L));
        assertEquals(-1, cmp("1e1", 11L));
    }

    @Test
    void nullIsSmallest() {
        assertEquals(-1, cmp(null, Long.MIN_VALUE));
        assertEquals(1, cmp("", null));
        assertEquals(0, cmp(null, null));
    }

    @Test
    void bytesCompareUnsigned() {
        assertEquals(1, cmp(new byte[] {(byte) 0xff}, new byte[] {0x01}));
        assertEquals(-1, cmp(new byte[] {1}, new byte[] {1, 0}));
    }

    @Test
    void hashKeysMatchEquality() {
        assertEquals(ValueComparator.hashKey(1L, Collation.BINARY),
            ValueComparator.hashKey(new BigDecimal("1.00"), Collation.BINARY));
        // trailing zeros of the integer part too: BIGINT 70 = DECIMAL 70.00 = DOUBLE 70.0 = BIGINT UNSIGNED 70
        Object seventy = ValueComparator.hashKey(new BigDecimal("70.00"), Collation.BINARY);
        assertEquals(seventy, ValueComparator.hashKey(70L, Collation.BINARY));
        assertEquals(seventy, ValueComparator.hashKey(70.0, Collation.BINARY));
        assertEquals(seventy, ValueComparator.hashKey(java.math.BigInteger.valueOf(70), Collation.BINARY));
        assertEquals(ValueComparator.hashKey(0L, Collation.BINARY),
            ValueComparator.hashKey(new BigDecimal("0.000"), Collation.BINARY));
        assertEquals(ValueComparator.hashKey("Abc ", Collation.GENERAL_CI),
            ValueComparator.hashKey("abc", Collation.GENERAL_CI));
        assertEquals(ValueComparator.hashKey(new byte[] {1, 2}, Collation.BINARY),
            ValueComparator.hashKey(new byte[] {1, 2}, Collation.BINARY));
        assertTrue(!ValueComparator.hashKey("a", Collation.BIN).equals(ValueComparator.hashKey("A", Collation.BIN)));
    }
}
