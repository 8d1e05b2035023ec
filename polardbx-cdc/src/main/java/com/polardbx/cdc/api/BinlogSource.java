package com.polardbx.cdc.api;

import java.util.List;

/**
 * The global binlog as a MySQL primary shows it: its files, the committed end, and streams over it. Thread-safe.
 */
public interface BinlogSource {
    /** The end of the committed binlog: what {@code SHOW MASTER STATUS} reports. */
    LogPosition masterStatus();

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

    /** The FORMAT_DESCRIPTION event of {@code file} as it is written there (from offset 4). */
    byte[] formatDescription(String file);
}
