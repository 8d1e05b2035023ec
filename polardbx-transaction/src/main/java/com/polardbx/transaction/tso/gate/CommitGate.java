package com.polardbx.transaction.tso.gate;

/**
 * A two-mode gate: any number of holders in COMMIT mode at once, or any number in SNAPSHOT mode at once, never both.
 * When one mode is active and the other has waiters, new arrivals of the active mode wait too, so neither mode
 * starves.
 *
 * <p>Call order: every successful {@code enterX()} is followed by exactly one {@code exitX()} of the same mode on the
 * same gate instance; enter and exit may run on different threads (the gate is not owned by a thread). Implementations
 * are thread-safe. {@code enterX()} blocks until admitted; it throws {@link com.polardbx.common.error.SqlError} when
 * the gate cannot be reached or the wait ends otherwise (interrupt, remote timeout); then nothing is held.
 */
public interface CommitGate {
    /** Blocks until this caller holds the gate in COMMIT mode. */
    void enterCommit();

    /** Releases one COMMIT hold. */
    void exitCommit();

    /** Blocks until this caller holds the gate in SNAPSHOT mode. */
    void enterSnapshot();

    /**
     * Like {@link #enterSnapshot()}, failing with 1205 when not admitted within {@code timeout} (a remote gate has
     * its own timeout and may ignore this one).
     */
    default void enterSnapshot(java.time.Duration timeout) {
        enterSnapshot();
    }

    /** Releases one SNAPSHOT hold. */
    void exitSnapshot();

    /** The two modes. */
    enum Mode {
        COMMIT, SNAPSHOT;

        public Mode other() {
            return this == COMMIT ? SNAPSHOT : COMMIT;
        }
    }
}
