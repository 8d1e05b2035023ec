package com.polardbx.executor.ddl;

/**
 * Named places between DDL job steps where a test can make the CN "crash". Thread-safe.
 *
 * <p>A step is armed with {@link #arm} or with the JVM system property {@value #PROPERTY}; names look like
 * {@code after_create_job}, {@code after_physical_create:8} or {@code after_save_table}.
 */
final class FailPoints {
    static final String PROPERTY = "polardbx.ddl.failPoint";
    /** With this property set to true the armed step blocks forever, so a test can kill -9 the real process. */
    static final String HANG_PROPERTY = "polardbx.ddl.failPoint.hang";

    private volatile String armed;

    private static void hangUntilKilled() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void arm(String step) {
        armed = step;
    }

    /** Throws {@link SimulatedCrash} when {@code step} is the armed one; the point then disarms itself. */
    void reached(String step) {
        String target = armed != null ? armed : System.getProperty(PROPERTY);
        if (step.equals(target)) {
            armed = null;
            if (Boolean.getBoolean(HANG_PROPERTY)) {
                hangUntilKilled();
            }
            throw new SimulatedCrash(step);
        }
    }
}
