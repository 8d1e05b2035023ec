package com.polardbx.executor.ddl;

/**
 * Named places between DDL job steps where a test can make the CN "crash". Thread-safe.
 *
 * <p>A step is armed with {@link #arm} or with the JVM system property {@value #PROPERTY}; names look like
 * {@code after_create_job}, {@code after_physical_create:8} or {@code after_save_table}.
 */
final class FailPoints {
    static final String PROPERTY = "polardbx.ddl.failPoint";

    private volatile String armed;

    void arm(String step) {
        armed = step;
    }

    /** Throws {@link SimulatedCrash} when {@code step} is the armed one; the point then disarms itself. */
    void reached(String step) {
        String target = armed != null ? armed : System.getProperty(PROPERTY);
        if (step.equals(target)) {
            armed = null;
            throw new SimulatedCrash(step);
        }
    }
}
