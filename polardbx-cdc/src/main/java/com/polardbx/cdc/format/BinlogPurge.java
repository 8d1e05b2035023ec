package com.polardbx.cdc.format;

import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.api.PurgeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes old global binlog files as MySQL's {@code PURGE BINARY LOGS} and its retention do: oldest first, never
 * the active file (the one the committed end is in), and never a file a dump or another stream is reading nor any
 * file after it, so a connected replica never loses its place. Thread-safe.
 */
public final class BinlogPurge {
    private final BinlogDirectory directory;

    public BinlogPurge(BinlogDirectory directory) {
        this.directory = directory;
    }

    /**
     * Deletes the files before {@code file} ({@code PURGE BINARY LOGS TO}).
     *
     * @throws BinlogUnavailableException when {@code file} is not a file of the binlog
     */
    public PurgeResult purgeTo(String file) {
        return directory.whileNoReaderMoves(reading -> {
            LogPosition end = directory.committed();
            List<String> names = published(end);
            if (!names.contains(file)) {
                throw new BinlogUnavailableException("Target log not found in binlog index");
            }
            return delete(names.subList(0, names.indexOf(file)), reading, null);
        });
    }

    /**
     * Deletes the files last written before {@code time}, oldest first, stopping at the first newer one
     * ({@code PURGE BINARY LOGS BEFORE}, and the retention).
     */
    public PurgeResult purgeBefore(Instant time) {
        return directory.whileNoReaderMoves(reading -> {
            LogPosition end = directory.committed();
            List<String> candidates = new ArrayList<>();
            String activeKept = null;
            for (String name : published(end)) {
                if (!modifiedBefore(name, time)) {
                    break;
                }
                if (name.equals(end.file())) {
                    activeKept = name;
                    break;
                }
                candidates.add(name);
            }
            return delete(candidates, reading, activeKept);
        });
    }

    /** The files up to the active one (a file the writer just started after it is not part of the binlog yet). */
    private List<String> published(LogPosition end) {
        if (end == null) {
            return List.of();
        }
        return directory.names().stream().filter(n -> n.compareTo(end.file()) <= 0).toList();
    }

    private boolean modifiedBefore(String name, Instant time) {
        try {
            return Files.getLastModifiedTime(directory.path(name)).toInstant().isBefore(time);
        } catch (IOException e) {
            return false;
        }
    }

    private PurgeResult delete(List<String> candidates, Map<String, Integer> reading, String activeKept) {
        List<String> purged = new ArrayList<>();
        for (String name : candidates) {
            Integer readers = reading.get(name);
            if (readers != null) {
                return new PurgeResult(purged, candidates.size(), name, readers, activeKept);
            }
            try {
                Files.deleteIfExists(directory.path(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            purged.add(name);
        }
        return new PurgeResult(purged, candidates.size(), null, 0, activeKept);
    }
}
