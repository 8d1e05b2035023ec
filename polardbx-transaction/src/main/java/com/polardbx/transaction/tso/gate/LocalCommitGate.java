package com.polardbx.transaction.tso.gate;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.EnumMap;
import java.util.Map;

/**
 * The in-process {@link CommitGate}: a monitor with one condition; holders are counted, not owned, so any thread may
 * exit what another entered.
 *
 * <p>Waiters of a mode join that mode's current <em>batch</em>; when the gate switches to the mode, the whole batch is
 * admitted at once and a new, empty batch starts collecting later arrivals. An arrival enters directly only when the
 * other mode has no waiters and the gate is idle or already in its mode. So when both modes keep arriving, the gate
 * alternates between them batch by batch, and every waiter is admitted after at most one batch of the other mode.
 * {@link #enterCommit()} and {@link #enterSnapshot()} are interruptible: an interrupted waiter withdraws and gets
 * error 1317 with the interrupt flag set again.
 */
public final class LocalCommitGate implements CommitGate {
    /** Waiters of one mode that are admitted together. */
    private static final class Batch {
        int size;
        boolean admitted;
    }

    private final Map<Mode, Batch> waiting = new EnumMap<>(Mode.class);
    private Mode active;
    private Mode lastActive = Mode.SNAPSHOT;
    private int holders;

    public LocalCommitGate() {
        waiting.put(Mode.COMMIT, new Batch());
        waiting.put(Mode.SNAPSHOT, new Batch());
    }

    @Override
    public void enterCommit() {
        enter(Mode.COMMIT);
    }

    @Override
    public void exitCommit() {
        exit(Mode.COMMIT);
    }

    @Override
    public void enterSnapshot() {
        enter(Mode.SNAPSHOT);
    }

    @Override
    public void exitSnapshot() {
        exit(Mode.SNAPSHOT);
    }

    /** Like {@link #enterSnapshot()}, failing with 1205 when not admitted within {@code timeout}. */
    @Override
    public void enterSnapshot(java.time.Duration timeout) {
        enter(Mode.SNAPSHOT, System.nanoTime() + timeout.toNanos());
    }

    /** Blocks until admitted in {@code mode}. */
    public void enter(Mode mode) {
        enter(mode, Long.MAX_VALUE);
    }

    private synchronized void enter(Mode mode, long deadlineNanos) {
        if (waiting.get(mode.other()).size == 0 && (holders == 0 || active == mode)) {
            active = mode;
            holders++;
            return;
        }
        Batch batch = waiting.get(mode);
        batch.size++;
        while (!batch.admitted) {
            try {
                if (deadlineNanos == Long.MAX_VALUE) {
                    wait();
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        batch.size--;
                        dispatch();
                        throw new SqlError(ErrorCode.ER_LOCK_WAIT_TIMEOUT);
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                if (batch.admitted) {
                    // Admitted in the meantime: the caller holds the gate; keep the interrupt for later.
                    Thread.currentThread().interrupt();
                    return;
                }
                batch.size--;
                dispatch();
                Thread.currentThread().interrupt();
                throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
            }
        }
    }

    /** Releases one hold of {@code mode}. */
    public synchronized void exit(Mode mode) {
        if (holders == 0 || active != mode) {
            throw new IllegalStateException("exit of " + mode + " but the gate is held by " + holders + " in "
                + active);
        }
        holders--;
        dispatch();
    }

    /** Current holders (for tests and monitoring). */
    public synchronized int holders() {
        return holders;
    }

    /** The mode holders are in, or null when idle. */
    public synchronized Mode activeMode() {
        return holders == 0 ? null : active;
    }

    /** Waiters of a mode not admitted yet. */
    public synchronized int waiters(Mode mode) {
        return waiting.get(mode).size;
    }

    /** Admits waiting batches the current state allows; called after every release or withdrawal. */
    private void dispatch() {
        if (holders == 0) {
            if (active != null) {
                lastActive = active;
                active = null;
            }
            // Prefer the mode that did not run last, so the two modes alternate.
            Mode next = lastActive.other();
            if (waiting.get(next).size > 0) {
                admit(next);
            } else if (waiting.get(lastActive).size > 0) {
                admit(lastActive);
            }
        } else if (waiting.get(active.other()).size == 0 && waiting.get(active).size > 0) {
            // Arrivals waited for the other mode's waiters, which withdrew: let them join.
            admit(active);
        }
    }

    private void admit(Mode mode) {
        Batch batch = waiting.get(mode);
        waiting.put(mode, new Batch());
        batch.admitted = true;
        active = mode;
        holders += batch.size;
        notifyAll();
    }
}
