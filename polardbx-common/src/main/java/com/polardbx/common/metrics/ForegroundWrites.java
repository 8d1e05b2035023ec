package com.polardbx.common.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many client write statements this process finished and how long they took in total, so that background work
 * (a global index backfill) can tell whether it slows the application down: it compares the mean latency of the
 * writes that finished while it ran with the mean while it held back. Thread-safe; two adders per statement.
 */
public final class ForegroundWrites {
    private static final LongAdder COUNT = new LongAdder();
    private static final LongAdder NANOS = new LongAdder();

    private ForegroundWrites() {
    }

    /** A client write statement (INSERT, UPDATE, DELETE ...) finished after {@code nanos}. */
    public static void finished(long nanos) {
        NANOS.add(nanos);
        COUNT.increment();
    }

    /** The totals so far; the difference of two samples describes the writes between them. */
    public static Sample sample() {
        return new Sample(COUNT.sum(), NANOS.sum());
    }

    /** Totals at one instant. */
    public record Sample(long count, long nanos) {
        /** The writes finished since {@code earlier}: their count and mean latency (0 when none). */
        public Sample since(Sample earlier) {
            return new Sample(count - earlier.count, nanos - earlier.nanos);
        }

        public double meanNanos() {
            return count == 0 ? 0 : (double) nanos / count;
        }
    }
}
