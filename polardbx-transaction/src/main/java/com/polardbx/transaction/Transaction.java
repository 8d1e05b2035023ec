package com.polardbx.transaction;

import java.sql.Connection;
import java.util.Set;

/**
 * A distributed transaction: one lazily started XA branch per data node it touches.
 *
 * <p>Call order: any number of {@link #connection} calls and statements on the returned connections, then exactly one
 * of {@link #commit()} or {@link #rollback()}. Not thread-safe: one statement at a time.
 */
public interface Transaction {
    /** The transaction id: a TSO timestamp, unique across CNs and restarts, and the key in the global log. */
    long id();

    /**
     * The connection of this transaction's branch on a DN, starting the branch on first use. The caller must not
     * close it, nor change its autocommit mode.
     */
    Connection connection(String dnId);

    /** The DNs that have a branch so far. */
    Set<String> participants();

    /**
     * Commits: one-phase with one participant, two-phase with several. Throws {@code SqlError} when the transaction
     * was rolled back instead (with the DN's errno when a DN reported the failure).
     */
    void commit();

    /** Rolls back every branch and returns the connections. */
    void rollback();
}
