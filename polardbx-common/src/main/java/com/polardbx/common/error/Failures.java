package com.polardbx.common.error;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * How unexpected failures are written to the CN log: bounded in size (a message holding a huge statement is cut,
 * stack traces keep their first frames) and, for background rounds that fail again and again, at most once per
 * interval. Thread-safe.
 */
public final class Failures {
    private static final int MAX_MESSAGE = 2_000;
    private static final int MAX_FRAMES = 25;
    private static final int MAX_CAUSES = 5;
    private static final long ROUND_LOG_EVERY_MILLIS = 10_000;
    private static final Map<String, Long> LAST_ROUND_LOG = new ConcurrentHashMap<>();

    private Failures() {
    }

    /** The failure for a log line: type, message and first frames of each cause, each part bounded. */
    public static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            out.append(depth == 0 ? "" : "\n caused by: ").append(t.getClass().getName()).append(": ");
            String message = String.valueOf(t.getMessage());
            out.append(message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " characters)");
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                out.append("\n\tat ").append(frames[i]);
            }
            if (frames.length > MAX_FRAMES) {
                out.append("\n\t... ").append(frames.length - MAX_FRAMES).append(" more");
            }
        }
        return out.toString();
    }

    /**
     * Runs one round of a background loop (deadlock detection, XA recovery, TSO lease renewal...). Whatever the round
     * throws, an {@link OutOfMemoryError} included, is logged and swallowed, so that the loop carries on with its next
     * round: one query that exhausted the heap must not stop the work every other transaction depends on.
     */
    public static void runRound(Logger log, String what, Runnable round) {
        try {
            round.run();
        } catch (Throwable failure) {
            roundFailed(log, what, failure);
        }
    }

    /** Logs a failed background round: in full at most once per interval for each {@code what}, else briefly. */
    public static void roundFailed(Logger log, String what, Throwable failure) {
        try {
            long now = System.currentTimeMillis();
            Long last = LAST_ROUND_LOG.get(what);
            if (last == null || now - last >= ROUND_LOG_EVERY_MILLIS) {
                LAST_ROUND_LOG.put(what, now);
                log.warn("{} failed; carrying on with the next round: {}", what, describe(failure));
            } else {
                log.debug("{} failed again: {}", what, failure.toString());
            }
        } catch (Throwable ignored) {
            // logging itself failed (the heap may still be short): the next round tries again
        }
    }
}
