package com.polardbx.common.digest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TestDigestSnapshot {
    private static DigestSnapshot row(long count, String sample, long seen, long nanos) {
        return new DigestSnapshot("db", "d", "SELECT ?", count, nanos * count, nanos, nanos, 0, 0, 0, count, count,
            seen, seen, new long[] {count, 0}, sample, seen, nanos);
    }

    @Test
    void mergeAddsCountersAndKeepsTheSlowestSample() {
        DigestSnapshot slow = row(2, "SELECT 1", 1_000, 900);
        DigestSnapshot fast = row(3, "SELECT 2", 2_000, 100);
        for (DigestSnapshot m : new DigestSnapshot[] {slow.merge(fast), fast.merge(slow)}) {
            assertEquals(5, m.count());
            assertEquals("SELECT 1", m.sampleText());
            assertEquals(1_000, m.sampleSeenMillis());
            assertEquals(900, m.sampleNanos());
            assertEquals(2_000, m.lastSeenMillis());
            assertArrayEquals(new long[] {5, 0}, m.buckets());
        }
        // as slow as each other: the later sample
        assertEquals("SELECT 2", row(1, "SELECT 1", 1_000, 500).merge(row(1, "SELECT 2", 2_000, 500)).sampleText());
        assertEquals("SELECT 1", row(1, null, 0, 0).merge(row(1, "SELECT 1", 5, 0)).sampleText());
    }
}
