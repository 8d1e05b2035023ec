package com.polardbx.transaction.gate;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.time.Duration;

/**
 * The commit gate of one process, phase-fair: while one mode is held and the other has waiters, newcomers of the held
 * mode queue; when the last holder leaves, every waiter of the other mode is admitted at once as one batch. Neither
 * side starves, and a batch is as large as the queue that built up while the other side held the gate.
 */
public final class LocalCommitGate implements CommitGate {
    private enum Mode { IDLE, COMMIT, SNAPSHOT }

    private Mode mode = Mode.IDLE;
    private int holders;
    /** The held mode admits no newcomers: the other side is waiting. */
    private boolean draining;
    private final int[] waiting = new int[3];
    private final long[] batch = new long[3];

    @Override
    public void enterCommit() {
        try {
            enter(Mode.COMMIT, Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }

    @Override
    public void exitCommit() {
        exit(Mode.COMMIT);
    }

    @Override
    public void enterSnapshot(Duration timeout) {
        boolean entered;
        try {
            entered = enter(Mode.SNAPSHOT, System.nanoTime() + timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
        if (!entered) {
            throw new SqlError(ErrorCode.ER_LOCK_WAIT_TIMEOUT);
        }
    }

    @Override
    public void exitSnapshot() {
        exit(Mode.SNAPSHOT);
    }

    /** The number of holders of each mode, for tests: {commit, snapshot}. */
    public synchronized int[] holders() {
        return new int[] {mode == Mode.COMMIT ? holders : 0, mode == Mode.SNAPSHOT ? holders : 0};
    }

    private synchronized boolean enter(Mode m, long deadlineNanos) throws InterruptedException {
        if (mode == Mode.IDLE) {
            mode = m;
            holders = 1;
            return true;
        }
        if (mode == m && !draining) {
            holders++;
            return true;
        }
        if (mode != m) {
            draining = true;
        }
        long myBatch = batch[m.ordinal()];
        waiting[m.ordinal()]++;
        while (batch[m.ordinal()] == myBatch) {
            long left = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
            if (deadlineNanos != Long.MAX_VALUE && left <= 0) {
                waiting[m.ordinal()]--;
                return false;
            }
            try {
                if (deadlineNanos == Long.MAX_VALUE) {
                    wait();
                } else {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                if (batch[m.ordinal()] != myBatch) {
                    exit(m); // admitted meanwhile: give the place back
                } else {
                    waiting[m.ordinal()]--;
                }
                throw e;
            }
        }
        return true; // admitted with a batch, already counted in holders
    }

    private synchronized void exit(Mode m) {
        if (mode != m || holders == 0) {
            throw new IllegalStateException("exit of " + m + " while the gate is " + mode + "/" + holders);
        }
        if (--holders > 0) {
            return;
        }
        Mode other = m == Mode.COMMIT ? Mode.SNAPSHOT : Mode.COMMIT;
        if (waiting[other.ordinal()] > 0) {
            admit(other);
            draining = waiting[m.ordinal()] > 0;
        } else if (waiting[m.ordinal()] > 0) {
            admit(m);
            draining = false;
        } else {
            mode = Mode.IDLE;
            draining = false;
        }
        notifyAll();
    }

    private void admit(Mode m) {
        mode = m;
        holders = waiting[m.ordinal()];
        waiting[m.ordinal()] = 0;
        batch[m.ordinal()]++;
    }
}
