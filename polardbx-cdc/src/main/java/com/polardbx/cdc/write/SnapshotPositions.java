package com.polardbx.cdc.write;

import com.polardbx.cdc.api.LogPosition;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Where each recently published transaction starts in the global binlog, by commit timestamp: answers "the position
 * a consumer must stream from to get exactly the transactions that committed at or after timestamp {@code ts}"
 * once the published binlog is complete below {@code ts}. Keeps the last {@link #CAPACITY} transactions.
 * Thread-safe: the writer thread publishes, sessions wait in {@link #at}.
 */
public final class SnapshotPositions {
    static final int CAPACITY = 100_000;

    /** One published transaction: its commit (or virtual) timestamp and where its first event starts. */
    public record Start(long ts, LogPosition position) {
    }

    private final ArrayDeque<Start> starts = new ArrayDeque<>();
    private long droppedMaxTs;
    private LogPosition end;
    private long completeThrough;

    public SnapshotPositions(LogPosition end) {
        this.end = end;
    }

    /** Called after each publish: the batch's transactions in binlog order, the new end, the new completeness. */
    public synchronized void published(List<Start> batch, LogPosition newEnd, long newCompleteThrough) {
        for (Start s : batch) {
            starts.addLast(s);
        }
        while (starts.size() > CAPACITY) {
            droppedMaxTs = Math.max(droppedMaxTs, starts.removeFirst().ts());
        }
        end = newEnd;
        completeThrough = Math.max(completeThrough, newCompleteThrough);
        notifyAll();
    }

    /**
     * Waits (at most {@code timeoutMillis}) until the published binlog holds every transaction committed below
     * {@code ts}, then returns the start of the first one at or above it (the end when there is none yet). Null when
     * the wait timed out or {@code ts} is older than what is kept: the caller falls back to the end.
     */
    public synchronized LogPosition at(long ts, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (completeThrough <= ts) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        if (droppedMaxTs >= ts) {
            return null;
        }
        for (Start s : starts) {
            if (s.ts() >= ts) {
                return s.position();
            }
        }
        return end;
    }
}
