package com.polardbx.transaction.deadlock;

/**
 * Whether a transaction is a deadlock victim, and whether it may still become one. Thread-safe.
 *
 * <p>The detector may mark a transaction only before its owner starts to commit or roll back it ({@link #endBegins}):
 * so a victim never commits, and a committing transaction never has its statements killed. A DN's own deadlock
 * verdict ({@link #markByDataNode}) is a fact and is recorded at any time.
 */
public final class DeadlockVictimState {
    private boolean ending;
    private volatile boolean victim;

    /** The detector's mark; false when the owner already began to commit or roll back. */
    public synchronized boolean markByDetector() {
        if (ending) {
            return false;
        }
        victim = true;
        return true;
    }

    /** A DN answered 1213 for one of the transaction's statements. */
    public void markByDataNode() {
        victim = true;
    }

    /** The owner begins commit or rollback: no mark after this. */
    public synchronized void endBegins() {
        ending = true;
    }

    public boolean isVictim() {
        return victim;
    }
}
