package com.polardbx.transaction;

import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.util.Collection;
import java.util.Set;

/**
 * A distributed transaction: one lazily started XA branch per data node it touches.
 *
 * <p>Call order: any number of {@link #connection} calls and statements on the returned connections, then exactly one
 * of {@link #commit()} or {@link #rollback()}. When a statement fails, the caller passes the failure to
 * {@link #statementFailed} before anything else and reports what it returns. Not thread-safe: one statement at a time
 * (the CN's deadlock detector acts on the transaction from its own thread; that is taken care of inside).
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
     * Starts the branches of these DNs that do not exist yet, in parallel (one {@code XA START} round trip for all of
     * them instead of one each when first used), for a statement about to write on all of them at once. Afterwards
     * {@link #connection} returns them without a round trip.
     */
    void startBranches(Collection<String> dnIds);

    /**
     * Fixes the transaction's snapshot on these DNs at one instant with respect to distributed commits: every
     * distributed transaction is visible on all of them or on none, and every transaction that committed before
     * this call is visible. Starts missing branches. Once per transaction; later calls do nothing.
     */
    void openSnapshot(Collection<String> dnIds);

    /** Whether {@link #openSnapshot} ran. */
    boolean hasSnapshot();

    /**
     * A TSO timestamp taken while {@link #openSnapshot} fixed the snapshot (0 before, or for a transaction kind that
     * takes none): every distributed transaction with a smaller commit timestamp is visible in it, none with a larger
     * one (the global binlog's position for the snapshot, docs/cdc.md).
     */
    default long snapshotTimestamp() {
        return 0;
    }

    /** The DNs that have a branch so far. */
    Set<String> participants();

    /** Whether a statement wrote through this transaction ({@link #connection} was asked for). */
    default boolean hasWrites() {
        return !participants().isEmpty();
    }

    /**
     * Commits: one-phase with one participant, two-phase with several. Throws {@code SqlError} when the transaction
     * was rolled back instead (with the DN's errno when a DN reported the failure).
     */
    void commit();

    /** Rolls back every branch and returns the connections. */
    void rollback();

    /**
     * True once this transaction is a deadlock victim: the CN's deadlock detector chose it to break a cycle across
     * DNs, or a DN reported a deadlock (1213) for one of its statements. A victim never commits: from then on every
     * {@link #connection}, {@link #commit()} and {@link #statementFailed} rolls back all branches (if not done yet) and
     * throws or returns error 1213. Safe to call from any thread.
     */
    boolean deadlockVictim();

    /**
     * Reports that a statement of this transaction failed and returns the error for the client. Call it for every
     * failure of a statement run on this transaction's connections, before any other use of the transaction.
     *
     * <ul>
     *   <li>A deadlock victim ({@link #deadlockVictim()}, or the failure carries errno 1213 from a DN): every branch is
     *       rolled back, releasing all locks of the transaction on every DN, and the result is 1213 / 40001
     *       "Deadlock found when trying to get lock; try restarting transaction". The transaction is over: the session
     *       must drop it, as MySQL ends a transaction on a deadlock (a later COMMIT or ROLLBACK of the client has
     *       nothing to do). The DN error of a killed victim statement (1317, query interrupted) is never shown.</li>
     *   <li>Anything else (1205 lock wait timeout, 1062, a user's KILL QUERY ...): only that statement was undone by the
     *       DN, as in MySQL with {@code innodb_rollback_on_timeout=OFF}; the transaction stays usable and the result
     *       is the failure as a client error (the DN's errno passed through).</li>
     * </ul>
     */
    SqlError statementFailed(Throwable failure);
}
