package com.polardbx.cdc.api;

import java.util.List;

/**
 * The global binlog as a MySQL primary shows it: its files, the committed end, and streams over it. Thread-safe.
 */
public interface BinlogSource {
    /** The end of the committed binlog: what {@code SHOW MASTER STATUS} reports. */
    LogPosition masterStatus();

    /**
     * The position a consumer streams from to get exactly the transactions committed at or after TSO timestamp
     * {@code ts}; waits (boundedly) until the binlog holds every transaction committed below it. What
     * {@code SHOW MASTER STATUS} reports, with {@code ts} taken when it is asked or when the session's consistent
     * snapshot was fixed, so the position and the snapshot agree.
     */
    default LogPosition positionAt(long ts) {
        return masterStatus();
    }

    /**
     * Writes a heartbeat with a fresh timestamp into every DN's binlog and returns once each has it: a one-DN
     * transaction committed afterwards sorts above every timestamp taken before the call. A consistent snapshot calls
     * it while this CN's commits are stopped (docs/cdc.md, "The position of a snapshot"). Failures are logged.
     */
    default void heartbeatNow() {
    }

    /** The files, oldest first, with their committed sizes. */
    List<BinlogFile> files();

    /**
     * A stream of the events from {@code position} on.
     *
     * @throws BinlogUnavailableException when the file is unknown or the position is past its committed end
     */
    BinlogEventStream open(LogPosition position);

    /** The server id written in every event. */
    long serverId();

    /**
     * Deletes the files before {@code file}, except those a stream reads and the ones after them
     * ({@code PURGE BINARY LOGS TO}).
     *
     * @throws BinlogUnavailableException when {@code file} is not one of {@link #files()}
     */
    PurgeResult purgeTo(String file);

    /** Deletes the files last written before {@code time}, with the same limits ({@code PURGE BINARY LOGS BEFORE}). */
    PurgeResult purgeBefore(java.time.Instant time);

    /** The FORMAT_DESCRIPTION event of {@code file} as it is written there (from offset 4). */
    byte[] formatDescription(String file);
}
