package com.polardbx.transaction.deadlock;

import java.sql.SQLException;
import java.util.Map;

/**
 * A live transaction of this CN as the {@link DeadlockDetector} sees it. Implementations are thread-safe: the detector
 * calls these methods on its own thread while the transaction's owner runs statements.
 */
public interface DeadlockParticipant {
    /** The transaction id; larger means younger (ids are TSO timestamps taken at begin). */
    long id();

    /** DN id to the server thread id of this transaction's branch session there; a snapshot. */
    Map<String, Long> dataNodeSessions();

    /** True once chosen as a deadlock victim (by the detector or by a DN). */
    boolean deadlockVictim();

    /**
     * Marks this transaction as a deadlock victim; false, and no mark, when it is already committing or rolling back
     * (it is then about to release its locks anyway).
     */
    boolean markDeadlockVictim();

    /**
     * Runs {@code action} while this transaction's branch on {@code dnId} still runs in DN session {@code threadId} and
     * owns that connection, so that the connection can't go back to the pool, and on to another transaction, before
     * the action is done. Returns false without running it otherwise.
     */
    boolean whileSessionOwned(String dnId, long threadId, SessionAction action) throws SQLException;

    /** Work on another connection that concerns a branch session, such as {@code KILL QUERY}. */
    @FunctionalInterface
    interface SessionAction {
        void run() throws SQLException;
    }
}
