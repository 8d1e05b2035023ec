package com.polardbx.cdc.format;

import com.polardbx.cdc.api.BinlogFile;
import com.polardbx.cdc.api.LogPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory of the global binlog files {@code binlog.000001}, {@code binlog.000002}, ... and the committed end
 * of the newest one. Readers never see bytes past the committed end. Thread-safe.
 */
public final class BinlogDirectory {
    public static final String PREFIX = "binlog.";
    public static final byte[] MAGIC = {(byte) 0xFE, 'b', 'i', 'n'};

    private final Path dir;
    private final Object commits = new Object();
    private volatile LogPosition committed;
    /** The file each open stream reads now: a purge never deletes it nor a later one. Guarded by itself. */
    private final Map<Object, String> reading = new HashMap<>();

    public BinlogDirectory(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path path(String file) {
        return dir.resolve(file);
    }

    public static String fileName(int number) {
        return PREFIX + String.format(Locale.ROOT, "%06d", number);
    }

    public static int number(String file) {
        return Integer.parseInt(file.substring(PREFIX.length()));
    }

    /** Whether {@code file} names a binlog file (no path, no other names). */
    public static boolean isFileName(String file) {
        return file.matches("binlog\\.\\d{6}");
    }

    /** The names of the files present, oldest first. */
    public List<String> names() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(BinlogDirectory::isFileName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files up to the committed one, with committed sizes. */
    public List<BinlogFile> files() {
        LogPosition end = committed;
        List<BinlogFile> out = new ArrayList<>();
        if (end == null) {
            return out;
        }
        for (String name : names()) {
            if (name.compareTo(end.file()) > 0) {
                break;
            }
            long size = name.equals(end.file()) ? end.position() : sizeOf(name);
            out.add(new BinlogFile(name, size));
        }
        return out;
    }

    private long sizeOf(String name) {
        try {
            return Files.size(path(name));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Opens {@code file} for {@code reader} and records that it reads it, both under the lock a purge holds, so a
     * file is never deleted between a reader's check and its open.
     */
    FileChannel openForReading(Object reader, String file) throws IOException {
        synchronized (reading) {
            FileChannel channel = FileChannel.open(path(file), StandardOpenOption.READ);
            reading.put(reader, file);
            return channel;
        }
    }

    /** The reader closed its stream. */
    void doneReading(Object reader) {
        synchronized (reading) {
            reading.remove(reader);
        }
    }

    /**
     * Runs {@code purge} with the files being read, by how many readers each, while no reader can move to another
     * file: what it deletes stays deleted for every reader.
     */
    <T> T whileNoReaderMoves(java.util.function.Function<Map<String, Integer>, T> purge) {
        synchronized (reading) {
            Map<String, Integer> byFile = new HashMap<>();
            for (String f : reading.values()) {
                byFile.merge(f, 1, Integer::sum);
            }
            return purge.apply(byFile);
        }
    }

    public LogPosition committed() {
        return committed;
    }

    /** Publishes a new committed end and wakes the readers waiting for it. */
    void commit(LogPosition end) {
        synchronized (commits) {
            committed = end;
            commits.notifyAll();
        }
    }

    /** Waits until the committed end moves past {@code seen} or the time is up. */
    void awaitCommitAfter(LogPosition seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (commits) {
            while (seen.equals(committed)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                commits.wait(left);
            }
        }
    }
}
