package com.polardbx.tests.tpch;

/**
 * The generator's random numbers: SplitMix64 seeded per (table, row), so every row is a pure function of its key and
 * the data set does not depend on generation order, thread count or JDK version. Not thread-safe (one per row).
 */
final class TpchRandom {
    private long state;

    TpchRandom(long tableSeed, long row) {
        this.state = mix(tableSeed * 0x9E3779B97F4A7C15L + row);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [low, high], both inclusive. */
    long between(long low, long high) {
        long span = high - low + 1;
        return low + Math.floorMod(nextLong(), span);
    }

    int between(int low, int high) {
        return (int) between((long) low, (long) high);
    }

    <T> T pick(T[] values) {
        return values[between(0, values.length - 1)];
    }
}
