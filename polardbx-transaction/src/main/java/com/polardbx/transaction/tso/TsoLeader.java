package com.polardbx.transaction.tso;

import com.polardbx.transaction.tso.gate.LocalCommitGate;

/**
 * This CN's term as TSO leader: the {@link Tso} over the lease-fenced window, the commit gate it hosts, and the local
 * view of how long the lease surely lasts.
 *
 * <p>The view is a deadline on {@link System#nanoTime()}: the monotonic time read <em>before</em> the acquiring or
 * renewing write was sent, plus lease minus safety margin. The metadb computes the expiry after it received the
 * write, so the local deadline falls at least one margin before the metadb expiry even with some clock-rate drift.
 * A timestamp is handed out only if the view is still valid <em>after</em> it was computed. Thread-safe.
 */
final class TsoLeader {
    private final long epoch;
    private final Tso tso;
    private final LocalCommitGate gate = new LocalCommitGate();
    private volatile long servesUntilNanos;
    private volatile boolean ended;

    TsoLeader(long epoch, Tso tso, long servesUntilNanos) {
        this.epoch = epoch;
        this.tso = tso;
        this.servesUntilNanos = servesUntilNanos;
    }

    long epoch() {
        return epoch;
    }

    LocalCommitGate gate() {
        return gate;
    }

    /** True while the local view of the lease is valid and the term has not ended. */
    boolean serving() {
        return !ended && System.nanoTime() - servesUntilNanos < 0;
    }

    /** After a successful renewal whose write was sent at {@code sentNanos}. */
    void extend(long servesUntilNanos) {
        this.servesUntilNanos = servesUntilNanos;
    }

    /** Ends the term for good: lease lost, given up, or the process is going away. */
    void end() {
        ended = true;
    }

    long next() {
        requireServing();
        long ts = tso.next();
        requireServing();
        return ts;
    }

    /** The first of {@code count} consecutive timestamps. */
    long nextRange(int count) {
        requireServing();
        long first = tso.nextRange(count);
        requireServing();
        return first;
    }

    private void requireServing() {
        if (!serving()) {
            throw new TsoUnavailableException(ended ? "this CN's TSO term (epoch " + epoch + ") has ended"
                : "this CN's TSO lease (epoch " + epoch + ") may have expired");
        }
    }
}
