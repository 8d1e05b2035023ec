package com.polardbx.cdc.api;

import java.util.List;

/**
 * What a purge of old global binlog files did, with what MySQL warns about.
 *
 * @param purged the files deleted, oldest first
 * @param candidates how many files the purge would have deleted had no reader held it back
 * @param inUse the first file kept because a dump reads it (nothing from it on is deleted), or null
 * @param inUseReaders how many dumps read {@code inUse}
 * @param activeKept the active file when it qualified but was kept (it is never deleted), or null
 */
public record PurgeResult(List<String> purged, int candidates, String inUse, int inUseReaders, String activeKept) {
}
