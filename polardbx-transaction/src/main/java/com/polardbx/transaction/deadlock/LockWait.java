package com.polardbx.transaction.deadlock;

/**
 * One edge of a DN's wait-for graph: a session waits for a row or table lock that another session's transaction holds.
 *
 * <p>Sessions are DN server thread ids ({@code CONNECTION_ID()}); 0 for a transaction without a session (a prepared XA
 * branch whose connection is gone). Transaction ids are the DN's InnoDB ids as text; MariaDB shows 0 for a transaction
 * that has neither written nor taken an exclusive lock yet. Equal records denote the same wait, which is what a
 * confirmation across two polls compares.
 *
 * @param requestedLockId the lock the waiter asked for (MariaDB: {@code trx:space:page:heap} or {@code trx:table})
 */
public record LockWait(String dnId, long waiterThreadId, String waiterTrxId, String requestedLockId,
                       long blockerThreadId, String blockerTrxId) {

    @Override
    public String toString() {
        return "thread " + waiterThreadId + " waits for thread " + blockerThreadId + " on " + dnId + " (lock "
            + requestedLockId + ")";
    }
}
