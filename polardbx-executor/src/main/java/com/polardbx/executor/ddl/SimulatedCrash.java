package com.polardbx.executor.ddl;

/**
 * Thrown at an armed fail point to simulate a CN killed between two DDL job steps.
 *
 * <p>It is an {@link Error} on purpose: the engine's failure handling catches only runtime exceptions, so nothing is
 * cleaned up, exactly as after {@code kill -9}. A test then builds a fresh {@link DdlEngine} and calls
 * {@link DdlEngine#recover()}.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String step) {
        super("simulated CN crash at DDL fail point " + step);
    }
}
