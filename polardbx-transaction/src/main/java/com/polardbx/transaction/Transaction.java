package com.polardbx.transaction;

import java.sql.Connection;
import java.util.Collection;
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
     * The connection of this transaction's branch on a DN for a write, starting the branch on first use. The caller
     * must not close it, nor change its autocommit mode. A branch used for writes is committed with the others
     * atomically; throws 1792 in a READ ONLY transaction.
     */
    Connection connection(String dnId);

    /**
     * Like {@link #connection} for statements that do not write (plain and locking reads). A branch only ever used
     * through this is committed on its own, outside two-phase commit.
     */
    Connection readConnection(String dnId);

    TransactionOptions options();

    /**
     * Fixes the transaction's snapshot on these DNs at one instant with respect to distributed commits: every
     * distributed transaction is visible on all of them or on none, and every transaction that committed before
     * this call is visible. Starts missing branches. Once per transaction; later calls do nothing.
     */
    void openSnapshot(Collection<String> dnIds);

    /** Whether {@link #openSnapshot} ran. */
    boolean hasSnapshot();

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
