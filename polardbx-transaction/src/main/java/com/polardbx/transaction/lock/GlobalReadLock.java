package com.polardbx.transaction.lock;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.HashSet;
import java.util.Set;

/**
 * MySQL's global read lock for the sessions of one CN, in its two stages: write statements hold the WRITE stage while
 * they run and commits of write transactions hold the COMMIT stage while they commit, any number at once;
 * {@link #lock} ({@code FLUSH TABLES WITH READ LOCK}) stops new writes, waits for the running ones, then stops new
 * commits and waits for the running ones, and keeps both stopped until {@link #unlock}. {@link #stopCommits} stops
 * commits only, for a moment (a consistent snapshot fixing its position in the global binlog).
 *
 * <p>Several sessions may hold the lock at once, as in MySQL. Arrivals wait while a stop is held or being acquired,
 * so a waiting {@link #lock} is not starved. Holds are counted, not owned by threads; owners are session objects.
 * Thread-safe; the enter/exit pair of a write or commit costs two uncontended monitor entries.
 */
public final class GlobalReadLock {
    /** The stages a statement or commit holds. */
    public enum Stage { WRITE, COMMIT }

    private final Set<Object> holders = new HashSet<>();
    private int writesStopped;
    private int commitsStopped;
    private int writes;
    private int commits;

    /**
     * Enters a stage for a write statement ({@code WRITE}) or the commit of a write transaction ({@code COMMIT}),
     * waiting while the lock is held or being taken. The holder's own writes fail with 1223; its own commits pass.
     *
     * @param owner the session, or null for a caller that cannot hold the lock
     * @return whether the stage was entered (then {@link #exit} it exactly once)
     * @throws SqlError 1205 after {@code timeoutNanos}, 1317 when interrupted
     */
    public synchronized boolean enter(Stage stage, Object owner, long timeoutNanos) {
        if (owner != null && holders.contains(owner)) {
            if (stage == Stage.WRITE) {
                throw new SqlError(ErrorCode.ER_CANT_UPDATE_WITH_READLOCK);
            }
            return false;
        }
        long deadline = deadline(timeoutNanos);
        while (stage == Stage.WRITE ? writesStopped > 0 : commitsStopped > 0) {
            await(deadline);
        }
        if (stage == Stage.WRITE) {
            writes++;
        } else {
            commits++;
        }
        return true;
    }

    /** Leaves a stage entered with {@link #enter}. */
    public synchronized void exit(Stage stage) {
        if (stage == Stage.WRITE) {
            writes--;
        } else {
            commits--;
        }
        if (writesStopped > 0 || commitsStopped > 0) {
            notifyAll(); // a lock or stop may be waiting for the running ones
        }
    }

    /**
     * {@code FLUSH TABLES WITH READ LOCK}: stops new writes, waits for running write statements, stops new commits and
     * waits for running commits. Idempotent for a holder.
     *
     * @throws SqlError 1205 when running writes or commits did not end within {@code timeoutNanos}; nothing is held
     */
    public synchronized void lock(Object owner, long timeoutNanos) {
        if (holders.contains(owner)) {
            return;
        }
        long deadline = deadline(timeoutNanos);
        writesStopped++;
        boolean commitsToo = false;
        try {
            while (writes > 0) {
                await(deadline);
            }
            commitsStopped++;
            commitsToo = true;
            while (commits > 0) {
                await(deadline);
            }
        } catch (RuntimeException e) {
            writesStopped--;
            if (commitsToo) {
                commitsStopped--;
            }
            notifyAll();
            throw e;
        }
        holders.add(owner);
    }

    /** {@code UNLOCK TABLES} or the holder's disconnect; returns whether {@code owner} held the lock. */
    public synchronized boolean unlock(Object owner) {
        if (!holders.remove(owner)) {
            return false;
        }
        writesStopped--;
        commitsStopped--;
        notifyAll();
        return true;
    }

    /** Whether {@code owner} holds the lock. */
    public synchronized boolean holds(Object owner) {
        return holders.contains(owner);
    }

    /**
     * Stops new commits and waits for the running ones, until {@link #resumeCommits}; a no-op (returns false) for a
     * holder of the lock, whose lock stops them already.
     *
     * @return whether commits were stopped (then call {@link #resumeCommits} exactly once)
     * @throws SqlError 1205 after {@code timeoutNanos}, 1317 when interrupted; nothing is held then
     */
    public synchronized boolean stopCommits(Object owner, long timeoutNanos) {
        if (holders.contains(owner)) {
            return false;
        }
        long deadline = deadline(timeoutNanos);
        commitsStopped++;
        try {
            while (commits > 0) {
                await(deadline);
            }
        } catch (RuntimeException e) {
            commitsStopped--;
            notifyAll();
            throw e;
        }
        return true;
    }

    /** Ends a {@link #stopCommits}. */
    public synchronized void resumeCommits() {
        commitsStopped--;
        notifyAll();
    }

    private static long deadline(long timeoutNanos) {
        long now = System.nanoTime();
        return timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
    }

    /** One wait on the monitor until notified or the deadline. */
    private void await(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SqlError(ErrorCode.ER_LOCK_WAIT_TIMEOUT);
        }
        try {
            if (deadline == Long.MAX_VALUE) {
                wait();
            } else {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }
}
