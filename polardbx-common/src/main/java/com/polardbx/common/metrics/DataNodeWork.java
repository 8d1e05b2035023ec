package com.polardbx.common.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one client statement asked of the data nodes: shard queries sent, rows they returned and the time they ran
 * (summed over shards, so parallel shards can add up to more than the statement took). Filled by the executor's
 * shard streams (through their query context) and physical writes (through the thread's current work), read by
 * the slow log and the digest table. Thread-safe.
 */
public final class DataNodeWork {
    /** The work of the statement the current thread runs, for code that has no query context (physical writes). */
    private static final ThreadLocal<DataNodeWork> CURRENT = new ThreadLocal<>();

    private final LongAdder shards = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    public void shardFinished(long rowsRead, long elapsedNanos) {
        shards.increment();
        rows.add(rowsRead);
        nanos.add(elapsedNanos);
    }

    /** The statement work of this thread, or null. */
    public static DataNodeWork current() {
        return CURRENT.get();
    }

    /** Makes {@code work} this thread's statement work; returns the one it replaces, to restore afterwards. */
    public static DataNodeWork enter(DataNodeWork work) {
        DataNodeWork previous = CURRENT.get();
        CURRENT.set(work);
        return previous;
    }

    public long shards() {
        return shards.sum();
    }

    public long rows() {
        return rows.sum();
    }

    public long nanos() {
        return nanos.sum();
    }

    /** A warning a DN raised while it ran a shard query of the statement. */
    public record Warning(int code, String message) {
    }

    private List<Warning> warnings;

    /** Keeps a warning of a shard query, for the statement's SHOW WARNINGS. */
    public synchronized void warned(int code, String message) {
        if (warnings == null) {
            warnings = new ArrayList<>();
        }
        warnings.add(new Warning(code, message));
    }

    /** The warnings kept so far, removed from here. */
    public synchronized List<Warning> takeWarnings() {
        List<Warning> out = warnings == null ? List.of() : warnings;
        warnings = null;
        return out;
    }
}
