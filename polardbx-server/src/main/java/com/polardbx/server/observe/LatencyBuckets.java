package com.polardbx.server.observe;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram with buckets growing by 10 % from 1 microsecond to about an hour, for quantiles such as
 * QUANTILE_95: the answer is the upper bound of the bucket holding the quantile (MySQL answers the same way, with
 * its own bucket widths). Lock-free; 240 counters.
 */
final class LatencyBuckets {
    static final int BUCKETS = 240;
    private static final double GROWTH = 1.1;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final long FIRST_NANOS = 1_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void add(long nanos) {
        counts.incrementAndGet(bucket(nanos));
    }

    static int bucket(long nanos) {
        if (nanos <= FIRST_NANOS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log((double) nanos / FIRST_NANOS) / LOG_GROWTH);
        return Math.min(b, BUCKETS - 1);
    }

    static long upperBoundNanos(int bucket) {
        return (long) (FIRST_NANOS * Math.pow(GROWTH, bucket));
    }

    /** The counts of every bucket now. */
    long[] snapshot() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    /** The upper bound, in nanoseconds, of the bucket holding the {@code q} quantile (0 &lt; q &lt; 1); 0 if empty. */
    long quantileNanos(double q) {
        return quantileNanos(snapshot(), q);
    }

    static long quantileNanos(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBoundNanos(i);
            }
        }
        return upperBoundNanos(counts.length - 1);
    }
}
