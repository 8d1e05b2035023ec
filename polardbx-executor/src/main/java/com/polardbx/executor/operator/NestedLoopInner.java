package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryRevoker;
import com.polardbx.executor.spill.SpillFile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The inner side of a nested-loop join, read once and then scanned again for every outer chunk. It stays in memory
 * while it fits in the query pool; otherwise (or when the pool revokes it while it is being read) it moves to one
 * spill file, which each scan rereads page by page (spill and rescan). Not thread-safe.
 */
final class NestedLoopInner implements MemoryRevoker, AutoCloseable {
    private final QueryContext context;
    private final LocalMemoryContext memory;
    private final List<Chunk> chunks = new ArrayList<>();
    private long bytes;
    private SpillFile file;
    private boolean reading;
    private long rows;

    NestedLoopInner(QueryContext context) {
        this.context = context;
        this.memory = context.newMemoryContext(this);
    }

    /** Reads the whole source (and closes it). */
    void read(ChunkSource source) {
        reading = true;
        try (source) {
            for (Chunk chunk = source.next(); chunk != null; chunk = source.next()) {
                context.checkInterrupted();
                rows += chunk.positionCount();
                if (file == null && !memory.trySetBytes(bytes + chunk.sizeInBytes())) {
                    spill();
                }
                if (file != null) {
                    file.write(chunk);
                } else {
                    chunks.add(chunk);
                    bytes += chunk.sizeInBytes();
                }
            }
        } finally {
            reading = false;
        }
        if (file != null) {
            file.finishWriting();
        }
    }

    boolean isEmpty() {
        return rows == 0;
    }

    boolean isSpilled() {
        return file != null;
    }

    /** A new scan over all inner chunks, in the order they were read. */
    Scan scan() {
        return file == null ? new Scan(chunks.iterator(), null) : new Scan(null, file.reader());
    }

    @Override
    public long revoke(long wanted) {
        if (!reading || file != null || bytes == 0) {
            return 0;
        }
        long before = memory.bytes();
        spill();
        return before - memory.bytes();
    }

    private void spill() {
        file = context.spillSpace().newFile("nested-loop-inner");
        for (Chunk c : chunks) {
            file.write(c);
        }
        chunks.clear();
        bytes = 0;
        memory.setBytes(0);
    }

    @Override
    public void close() {
        chunks.clear();
        if (file != null) {
            file.delete();
            file = null;
        }
        memory.close();
    }

    /** One pass over the inner chunks. */
    static final class Scan implements AutoCloseable {
        private final Iterator<Chunk> inMemory;
        private final SpillFile.Reader reader;

        private Scan(Iterator<Chunk> inMemory, SpillFile.Reader reader) {
            this.inMemory = inMemory;
            this.reader = reader;
        }

        /** The next chunk, or {@code null} at the end. */
        Chunk next() {
            if (inMemory != null) {
                return inMemory.hasNext() ? inMemory.next() : null;
            }
            return reader.next();
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
