package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.metrics.ForegroundWrites;
import java.util.function.LongSupplier;

/**
 * The pace of one backfill, shared by its shard workers: full speed while no client writes, and backing off when
 * they slow down because of it. Client writes are compared with themselves: now and then every worker holds back
 * for a moment and the mean latency of the writes finishing meanwhile is the baseline; between those moments, a
 * window in which writes are more than {@link #SLOWER} times slower than the baseline halves the backfill's duty
 * cycle (the share of time its workers copy rather than sleep), a window without halves nor writes raises it again
 * (additive increase, multiplicative decrease, as TCP does). A batch that met a lock conflict halves it too, and
 * below full duty the batches are smaller, so shared locks are held for less time. {@code gsi_backfill_speed} stays a
 * ceiling in rows/s on top. Thread-safe.
 */
final class BackfillThrottle {
    /** Batch size at full speed and while backing off. */
    static final int FULL_BATCH = 1024;
    static final int SMALL_BATCH = 256;

    /** Client writes this much slower than the baseline make the backfill back off. */
    static final double SLOWER = 1.3;
    private static final double MIN_DUTY = 0.05;
    private static final double STEP_UP = 0.1;
    private static final long WINDOW_NANOS = 250_000_000L;
    /** Holding back: writes finishing in the first part still met the last batches, the rest is the baseline. */
    private static final long HOLD_SETTLE_NANOS = 100_000_000L;
    private static final long HOLD_NANOS = 400_000_000L;
    private static final long BASELINE_EVERY_NANOS = 10_000_000_000L;

    private final LongSupplier ceiling;
    private final LongSupplier clock;
    private double duty = 1;
    /** Mean client write latency while the backfill held back, in nanos; 0 while unknown. */
    private double baseline;
    private long baselineAt;
    private ForegroundWrites.Sample windowStart = ForegroundWrites.sample();
    private long windowStartedAt;
    /** The current hold: measured from {@code holdFrom} (sample taken then) until {@code holdUntil}; 0 = none. */
    private long holdFrom;
    private long holdUntil;
    private ForegroundWrites.Sample holdSample;

    /** @param ceiling rows/s from {@code gsi_backfill_speed}, read at every batch (0 = no ceiling) */
    BackfillThrottle(LongSupplier ceiling) {
        this(ceiling, System::nanoTime);
    }

    BackfillThrottle(LongSupplier ceiling, LongSupplier clock) {
        this.ceiling = ceiling;
        this.clock = clock;
        this.windowStartedAt = clock.getAsLong();
    }

    /** Rows the next batch reads. */
    synchronized int batchRows() {
        return duty >= 1 ? FULL_BATCH : SMALL_BATCH;
    }

    synchronized double duty() {
        return duty;
    }

    /**
     * Called by a worker after each batch: adapts the pace, then sleeps as long as this worker should.
     *
     * @param batchNanos how long the batch took
     * @param lockConflict whether it had to be tried again after a lock wait
     * @param rows rows copied by this run so far (all workers), for the ceiling
     * @param startedNanos when this run started
     */
    void afterBatch(long batchNanos, boolean lockConflict, long rows, long startedNanos) {
        long sleep = pause(batchNanos, lockConflict);
        long limit = ceiling.getAsLong();
        if (limit > 0) {
            long due = rows * 1_000_000_000L / limit - (clock.getAsLong() - startedNanos);
            sleep = Math.max(sleep, Math.min(due, 5_000_000_000L));
        }
        sleepNanos(sleep);
        for (long wait = measureHold(); wait > 0; wait = measureHold()) {
            sleepNanos(wait);
        }
    }

    /** Adapts the duty cycle; returns how long this worker pauses (its share of idle time, or until a hold ends). */
    synchronized long pause(long batchNanos, boolean lockConflict) {
        long now = clock.getAsLong();
        if (lockConflict) {
            duty = Math.max(MIN_DUTY, duty / 2);
        }
        if (holdUntil == 0 && now - windowStartedAt >= WINDOW_NANOS) {
            ForegroundWrites.Sample current = ForegroundWrites.sample();
            ForegroundWrites.Sample window = current.since(windowStart);
            windowStart = current;
            windowStartedAt = now;
            if (window.count() == 0) {
                duty = 1; // nobody writes: nothing to slow down
            } else if (baseline == 0 || now - baselineAt >= BASELINE_EVERY_NANOS) {
                holdFrom = now + HOLD_SETTLE_NANOS;
                holdUntil = now + HOLD_NANOS;
                holdSample = null;
            } else if (window.meanNanos() > SLOWER * baseline) {
                duty = Math.max(MIN_DUTY, duty / 2);
            } else {
                duty = Math.min(1, duty + STEP_UP);
            }
        }
        if (holdUntil != 0) {
            return holdFrom - now;
        }
        return duty >= 1 ? 0 : (long) (batchNanos * (1 - duty) / duty);
    }

    /** During a hold: takes the sample that starts the baseline, or ends the hold; returns how long to wait more. */
    synchronized long measureHold() {
        if (holdUntil == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        if (now < holdFrom) {
            return holdFrom - now;
        }
        if (holdSample == null) {
            holdSample = ForegroundWrites.sample();
            return holdUntil - now;
        }
        if (now < holdUntil) {
            return holdUntil - now;
        }
        ForegroundWrites.Sample quiet = ForegroundWrites.sample().since(holdSample);
        if (quiet.count() > 0) {
            baseline = quiet.meanNanos();
            duty = Math.min(duty, 0.5); // start careful; the windows raise it while writes keep their pace
        }
        baselineAt = now;
        holdUntil = 0;
        windowStart = ForegroundWrites.sample();
        windowStartedAt = now;
        return 0;
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }
}
