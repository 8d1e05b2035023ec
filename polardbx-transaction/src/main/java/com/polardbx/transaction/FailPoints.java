package com.polardbx.transaction;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named points in the commit protocol where tests can simulate a crash of the coordinator. Thread-safe.
 *
 * <p>An armed point fires once, at its next hit, by throwing {@link SimulatedCrash}, then disarms itself. Points:
 * {@value #BEFORE_PREPARE}, {@value #AFTER_PREPARE_ONE}, {@value #AFTER_PREPARE_ALL}, {@value #AFTER_COMMIT_LOG},
 * {@value #AFTER_COMMIT_ONE}. Unarmed points cost one read of an empty set.
 */
public final class FailPoints {
    /** After the last statement, before any XA END / XA PREPARE of a two-phase commit. */
    public static final String BEFORE_PREPARE = "before_prepare";
    /** After the first branch is prepared. */
    public static final String AFTER_PREPARE_ONE = "after_prepare_one";
    /** After every branch is prepared, before the commit record is written. */
    public static final String AFTER_PREPARE_ALL = "after_prepare_all";
    /** After the commit record is written (the commit point), before any XA COMMIT. */
    public static final String AFTER_COMMIT_LOG = "after_commit_log";
    /** After the first branch is committed. */
    public static final String AFTER_COMMIT_ONE = "after_commit_one";

    private static final Set<String> ARMED = ConcurrentHashMap.newKeySet();
    /**
     * For crash tests of a real CN process: {@code -Dpolardbx.tx.crashAt=<point>} halts the JVM (as kill -9 would:
     * no shutdown hooks, sockets dropped by the OS) at the point's hit number {@code polardbx.tx.crashAfterHits}
     * (default 1).
     */
    private static final String CRASH_AT = System.getProperty("polardbx.tx.crashAt");
    private static final java.util.concurrent.atomic.AtomicInteger CRASH_COUNTDOWN =
        new java.util.concurrent.atomic.AtomicInteger(Integer.getInteger("polardbx.tx.crashAfterHits", 1));

    private FailPoints() {
    }

    /** Arms a point: its next hit crashes. */
    public static void arm(String name) {
        ARMED.add(name);
    }

    public static void disarmAll() {
        ARMED.clear();
    }

    public static boolean isArmed(String name) {
        return ARMED.contains(name);
    }

    /** Crashes when the point is armed (and disarms it). */
    public static void hit(String name) {
        if (!ARMED.isEmpty() && ARMED.remove(name)) {
            throw new SimulatedCrash(name);
        }
        if (CRASH_AT != null && CRASH_AT.equals(name) && CRASH_COUNTDOWN.decrementAndGet() == 0) {
            System.err.println("polardbx.tx.crashAt=" + name + ": halting");
            Runtime.getRuntime().halt(137);
        }
    }
}
