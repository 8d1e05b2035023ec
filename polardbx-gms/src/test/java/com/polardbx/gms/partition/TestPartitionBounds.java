package com.polardbx.gms.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPartitionBounds {
    @Test
    void rangeBounds() {
        assertEquals(List.of(100L), PartitionBounds.parseRange("100"));
        assertEquals(List.of(100L), PartitionBounds.parseRange(" ( 100 ) "));
        assertEquals(List.of(-5L, "a'b"), PartitionBounds.parseRange("(-5, 'a''b')"));
        assertEquals(List.of(new BigDecimal("1.50")), PartitionBounds.parseRange("1.50"));
        assertSame(PartitionBounds.MAXVALUE, PartitionBounds.parseRange("MAXVALUE").get(0));
        assertSame(PartitionBounds.MAXVALUE, PartitionBounds.parseRange("10, maxvalue").get(1));
        assertEquals(List.of("it's"), PartitionBounds.parseRange("'it\\'s'"));
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, (byte[]) PartitionBounds.parseRange("x'0aff'").get(0));
    }

    @Test
    void functionsOfLiteralsAreEvaluated() {
        assertEquals(List.of(739251L), PartitionBounds.parseRange("TO_DAYS('2024-01-01')"));
        assertEquals(List.of(2024L), PartitionBounds.parseRange("year('2024-05-06 10:00:00')"));
        assertEquals(List.of(5L), PartitionBounds.parseRange("MONTH('2024-05-06')"));
    }

    @Test
    void listBounds() {
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)), PartitionBounds.parseList("1,2,3", 1));
        assertEquals(List.of(List.of(1L), List.of(2L)), PartitionBounds.parseList("(1,2)", 1));
        assertEquals(List.of(Arrays.asList((Object) null), List.of(7L)), PartitionBounds.parseList("NULL, 7", 1));
        assertEquals(List.of(List.of(1L, "a"), List.of(2L, "b")),
            PartitionBounds.parseList("(1,'a'),(2,'b')", 2));
        assertEquals(List.of(List.of(1L, "a")), PartitionBounds.parseList("((1,'a'))", 2));
    }

    @Test
    void badBoundsAreSyntaxErrors() {
        assertEquals(1064, assertThrows(SqlError.class, () -> PartitionBounds.parseRange("10,")).errno());
        assertThrows(SqlError.class, () -> PartitionBounds.parseRange("'abc"));
        assertThrows(SqlError.class, () -> PartitionBounds.parseRange(""));
        assertThrows(SqlError.class, () -> PartitionBounds.parseList("(1,2),(3)", 2));
        assertThrows(SqlError.class, () -> PartitionBounds.parseList("MAXVALUE", 1));
    }
}
