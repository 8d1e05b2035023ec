package com.polardbx.executor.spill;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spill files of one query, in the spill directory (system property {@value #DIRECTORY_PROPERTY}, default
 * {@code ${java.io.tmpdir}/polardbx-spill}), with the query's spill counters. Thread-safe.
 *
 * <p>Files are named {@code <pid>-<queryId>-<n>-<purpose>.spill}. Operators delete their files when they close;
 * {@link #close} (query end or cancel) deletes whatever is left and refuses new files. The first use of a directory
 * in a process deletes files left there by processes that no longer run (a crashed CN).
 */
public final class SpillSpace implements AutoCloseable {
    public static final String DIRECTORY_PROPERTY = "polardbx.spill.dir";
    private static final Logger log = LoggerFactory.getLogger(SpillSpace.class);
    private static final Set<Path> PREPARED = ConcurrentHashMap.newKeySet();
    private static final long PID = ProcessHandle.current().pid();

    /** Process-wide totals, for SHOW STATUS and tests. */
    private static final AtomicLong PROCESS_FILES = new AtomicLong();
    private static final AtomicLong PROCESS_BYTES = new AtomicLong();
    /** Spill files of this process not deleted yet. */
    private static final AtomicLong PROCESS_LIVE = new AtomicLong();

    private final String queryId;
    private final Path directory;
    private final Set<SpillFile> live = new LinkedHashSet<>();
    private final AtomicLong filesWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private long sequence;
    private boolean closed;

    public SpillSpace(String queryId, Path directory) {
        this.queryId = queryId;
        this.directory = directory;
    }

    /** The spill directory from {@value #DIRECTORY_PROPERTY}, or {@code ${java.io.tmpdir}/polardbx-spill}. */
    public static Path defaultDirectory() {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        return dir != null && !dir.isBlank() ? Paths.get(dir)
            : Paths.get(System.getProperty("java.io.tmpdir"), "polardbx-spill");
    }

    public Path directory() {
        return directory;
    }

    /** Creates a new empty spill file; {@code purpose} (e.g. {@code sort-run}) becomes part of its name. */
    public SpillFile newFile(String purpose) {
        prepare(directory);
        synchronized (this) {
            if (closed) {
                throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
            }
            String name = PID + "-" + safe(queryId) + "-" + (sequence++) + "-" + purpose + ".spill";
            SpillFile file = new SpillFile(this, directory.resolve(name));
            live.add(file);
            PROCESS_LIVE.incrementAndGet();
            filesWritten.incrementAndGet();
            PROCESS_FILES.incrementAndGet();
            return file;
        }
    }

    void recordWrite(long bytes) {
        bytesWritten.addAndGet(bytes);
        PROCESS_BYTES.addAndGet(bytes);
    }

    /** Spill files created by every query of this process so far. */
    public static long processFilesWritten() {
        return PROCESS_FILES.get();
    }

    /** Bytes written to spill files by every query of this process so far. */
    public static long processBytesWritten() {
        return PROCESS_BYTES.get();
    }

    synchronized void forget(SpillFile file) {
        if (live.remove(file)) {
            PROCESS_LIVE.decrementAndGet();
        }
    }

    /** Spill files of every query of this process that are still on disk (SHOW STATUS). */
    public static long processLiveFiles() {
        return PROCESS_LIVE.get();
    }

    /** Spill files created by the query so far. */
    public long filesWritten() {
        return filesWritten.get();
    }

    /** Bytes the query wrote to spill files so far. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Files not deleted yet. */
    public synchronized int liveFiles() {
        return live.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Removes every remaining file from the directory and refuses new ones; idempotent and safe from a cancelling
     * thread (operators still close their handles when they close).
     */
    @Override
    public void close() {
        List<SpillFile> remaining;
        synchronized (this) {
            closed = true;
            remaining = List.copyOf(live);
            PROCESS_LIVE.addAndGet(-remaining.size());
            live.clear();
        }
        for (SpillFile f : remaining) {
            try {
                f.unlink();
            } catch (RuntimeException e) {
                log.warn("query {}: deleting spill file {} failed: {}", queryId, f.path(), e.getMessage());
            }
        }
    }

    private static String safe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9_]", "_");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /** Creates the directory and removes files of dead processes, once per directory and process. */
    private static void prepare(Path directory) {
        if (PREPARED.contains(directory)) {
            return;
        }
        synchronized (PREPARED) {
            if (PREPARED.contains(directory)) {
                return;
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new SqlError(e, ErrorCode.ER_ERROR_ON_WRITE, directory, e.toString());
            }
            int removed = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.spill")) {
                for (Path f : files) {
                    if (ownerIsGone(f.getFileName().toString())) {
                        Files.deleteIfExists(f);
                        removed++;
                    }
                }
            } catch (IOException e) {
                log.warn("cleaning spill directory {} failed: {}", directory, e.getMessage());
            }
            if (removed > 0) {
                log.info("removed {} spill files of finished processes from {}", removed, directory);
            }
            PREPARED.add(directory);
        }
    }

    private static boolean ownerIsGone(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(0, dash));
            return pid != PID && ProcessHandle.of(pid).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
