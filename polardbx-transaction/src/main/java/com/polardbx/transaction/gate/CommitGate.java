package com.polardbx.transaction.gate;

import java.time.Duration;

/**
 * Two modes that exclude each other: COMMIT, held by a distributed transaction from its first {@code XA COMMIT} to
 * its last, and SNAPSHOT, held while read views are opened on several data nodes. Any number of holders share a
 * mode. A snapshot opened under the gate therefore sees every distributed transaction either on all its data nodes
 * or on none (see docs/transactions.md for the argument).
 *
 * <p>Enter and exit of one holding may happen on different threads; implementations must not tie a holding to a
 * thread. Every successful enter must be matched by exactly one exit.
 */
public interface CommitGate {
    /** Waits until no snapshot is being opened, then joins the COMMIT mode. */
    void enterCommit();

    void exitCommit();

    /**
     * Waits until no distributed commit is half done, then joins the SNAPSHOT mode.
     *
     * @throws com.polardbx.common.error.SqlError 1205 when that takes longer than {@code timeout}
     */
    void enterSnapshot(Duration timeout);

    void exitSnapshot();
}
