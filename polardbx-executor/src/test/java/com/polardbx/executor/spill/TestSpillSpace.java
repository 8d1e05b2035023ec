package com.polardbx.executor.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.BlockBuilder;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ExecType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSpillSpace {
    @TempDir
    Path dir;

    private static Chunk longs(long from, int count) {
        BlockBuilder b = BlockBuilder.create(ExecType.LONG, count);
        for (long i = from; i < from + count; i++) {
            b.append(i % 10 == 0 ? null : i);
        }
        return new Chunk(count, b.build());
    }

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void filesRoundTripPagesAndCountTheirBytes() throws IOException {
        SpillSpace space = new SpillSpace("q-1", dir);
        SpillFile file = space.newFile("test");
        file.write(longs(0, 100));
        file.write(longs(100, 3));
        file.finishWriting();
        assertEquals(103, file.rows());
        assertEquals(1, space.filesWritten());
        assertEquals(file.bytes(), space.bytesWritten());
        assertEquals(Files.size(file.path()), file.bytes() + 4); // + magic
        for (int pass = 0; pass < 2; pass++) {
            try (SpillFile.Reader r = file.reader()) {
                Chunk a = r.next();
                assertEquals(100, a.positionCount());
                assertNull(a.get(0, 0));
                assertEquals(99L, a.get(0, 99));
                assertEquals(3, r.next().positionCount());
                assertNull(r.next());
            }
        }
        SpillFile.Reader open = file.reader();
        file.delete();
        assertNull(open.next());
        assertEquals(0, filesIn(dir));
        assertEquals(0, space.liveFiles());
    }

    @Test
    void closingTheSpaceRemovesFilesAndRefusesNewOnes() throws IOException {
        SpillSpace space = new SpillSpace("q-2", dir);
        SpillFile written = space.newFile("a");
        written.write(longs(0, 10));
        SpillFile reading = space.newFile("b");
        reading.write(longs(0, 10));
        SpillFile.Reader reader = reading.reader();
        space.close(); // as on KILL QUERY, from another thread
        assertEquals(0, filesIn(dir));
        assertEquals(10, reader.next().positionCount()); // open handles keep working until their owner closes them
        written.write(longs(10, 5));
        SqlError e = assertThrows(SqlError.class, () -> space.newFile("c"));
        assertEquals(1317, e.errno());
        written.delete();
        reading.delete();
    }

    @Test
    void firstUseRemovesFilesOfDeadProcesses() throws IOException {
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        Path stale = Files.writeString(dir.resolve(dead + "-q-9-sort-run.spill"), "x");
        Path mine = Files.writeString(dir.resolve(ProcessHandle.current().pid() + "-q-8-sort-run.spill"), "x");
        Path other = Files.writeString(dir.resolve("notes.txt"), "x");
        new SpillSpace("q-3", dir).newFile("x").delete();
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(mine));
        assertTrue(Files.exists(other));
    }
}
