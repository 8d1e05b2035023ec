package com.polardbx.transaction;

/**
 * Thrown by an armed {@link FailPoints fail point}: the process "dies" there. The transaction does not clean up; its
 * connections are dropped without rollback, so prepared branches stay on the data nodes for recovery.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String failPoint) {
        super("simulated crash at fail point " + failPoint, null, false, false);
    }
}
