package com.polardbx.cdc.api;

import java.io.Closeable;

/**
 * Reads whole events (header, body, checksum) of the global binlog in order, following ROTATE events into the next
 * file. Used by one thread at a time.
 */
public interface BinlogEventStream extends Closeable {
    /**
     * The next event, waiting at most {@code timeoutMillis} for one to be committed.
     *
     * @return the event, or null when none came in time
     * @throws BinlogUnavailableException when the position does not exist (purged, never written, not an event)
     */
    byte[] next(long timeoutMillis) throws InterruptedException;

    /** The file and position the next event starts at. */
    LogPosition position();

    @Override
    void close();
}
