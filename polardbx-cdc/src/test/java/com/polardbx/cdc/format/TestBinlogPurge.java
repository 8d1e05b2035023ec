package com.polardbx.cdc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.api.PurgeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Purging old files of the global binlog: files before the target go, the active file never does, and a file a
 * stream reads (a dump) is kept with every later file until the stream moves on.
 */
class TestBinlogPurge {
    /** Writes transactions until the binlog has {@code files} files; returns the directory. */
    private static BinlogDirectory binlog(Path dir, int files) {
        BinlogDirectory directory = new BinlogDirectory(dir);
        BinlogWriter out = new BinlogWriter(directory, new EventEncoder(7, "5.7.99-polardbx-cdc"), 400, null);
        while (directory.names().size() < files) {
            out.appendQuery(1, "db", "BEGIN");
            out.appendXid(1, 1);
            out.publish(out.flush());
        }
        out.close();
        return directory;
    }

    @Test
    void purgeToDeletesTheEarlierFilesOnly(@TempDir Path dir) {
        BinlogDirectory directory = binlog(dir, 4);
        List<String> names = directory.names();
        BinlogPurge purge = new BinlogPurge(directory);
        PurgeResult r = purge.purgeTo(names.get(2));
        assertEquals(names.subList(0, 2), r.purged());
        assertEquals(names.subList(2, 4), directory.names());
        assertEquals(names.get(2), directory.files().get(0).name());
        assertThrows(BinlogUnavailableException.class, () -> purge.purgeTo(names.get(0)), "purged already");
        assertThrows(BinlogUnavailableException.class, () -> purge.purgeTo("binlog.999999"));
        assertThrows(BinlogUnavailableException.class, () -> new FileEventStream(directory,
            new LogPosition(names.get(0), 4)), "a dump from a purged file");
        // TO the active file: everything before it
        assertEquals(List.of(names.get(2)), purge.purgeTo(names.get(3)).purged());
        assertEquals(List.of(names.get(3)), directory.names());
    }

    @Test
    void aFileAStreamReadsIsKeptWithEveryLaterFile(@TempDir Path dir) throws Exception {
        BinlogDirectory directory = binlog(dir, 5);
        List<String> names = directory.names();
        BinlogPurge purge = new BinlogPurge(directory);
        try (FileEventStream dump = new FileEventStream(directory, new LogPosition(names.get(1), 4))) {
            PurgeResult r = purge.purgeTo(names.get(4));
            assertEquals(List.of(names.get(0)), r.purged());
            assertEquals(names.get(1), r.inUse());
            assertEquals(1, r.inUseReaders());
            assertEquals(4, r.candidates());
            assertEquals(names.subList(1, 5), directory.names());
            // the dump reads on across the rotation; then its old file may go
            while (dump.position().file().equals(names.get(1))) {
                assertNotNull(dump.next(0));
            }
            assertEquals(List.of(names.get(1)), purge.purgeTo(names.get(4)).purged());
            assertEquals(names.get(2), purge.purgeTo(names.get(4)).inUse());
        }
        assertEquals(names.subList(2, 4), purge.purgeTo(names.get(4)).purged(), "the closed stream holds nothing");
    }

    @Test
    void purgeBeforeGoesByLastWriteAndKeepsTheActiveFile(@TempDir Path dir) throws Exception {
        BinlogDirectory directory = binlog(dir, 4);
        List<String> names = directory.names();
        Instant now = Instant.now();
        for (int i = 0; i < names.size(); i++) {
            Instant written = i == 2 ? now : now.minusSeconds(3600L * (10 - i));
            Files.setLastModifiedTime(directory.path(names.get(i)), FileTime.from(written));
        }
        BinlogPurge purge = new BinlogPurge(directory);
        PurgeResult r = purge.purgeBefore(now.minusSeconds(60));
        assertEquals(names.subList(0, 2), r.purged(), "oldest first, up to the first newer file");
        assertNull(r.activeKept());
        Files.setLastModifiedTime(directory.path(names.get(2)), FileTime.from(now.minusSeconds(7200)));
        r = purge.purgeBefore(now.minusSeconds(60));
        assertEquals(List.of(names.get(2)), r.purged());
        assertEquals(names.get(3), r.activeKept(), "the active file is old enough but stays");
        assertEquals(List.of(names.get(3)), directory.names());
    }
}
