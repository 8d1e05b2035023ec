package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.spill.SpillFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows one iteration of a recursive WITH produced, which the next iteration reads (possibly several times, e.g.
 * when the step names the CTE twice). Held in the query memory pool while it fits; when the pool refuses more, the
 * rows held so far and every later chunk go to one spill file instead, so a wide iteration never fails for memory.
 * Not thread-safe: written, then read, on the query's consumer thread.
 */
public final class WorkingTable implements AutoCloseable {
    private final QueryContext context;
    private final List<ColumnType> types;
    private final LocalMemoryContext memory;
    private final List<Chunk> chunks = new ArrayList<>();
    private SpillFile spilled;
    private long rows;

    public WorkingTable(QueryContext context, List<ColumnType> types) {
        this.context = context;
        this.types = List.copyOf(types);
        this.memory = context.newMemoryContext();
    }

    public List<ColumnType> types() {
        return types;
    }

    public long rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** True once the rows went to disk (for tests and EXPLAIN ANALYZE). */
    public boolean isSpilled() {
        return spilled != null;
    }

    public void add(Chunk chunk) {
        if (chunk.positionCount() == 0) {
            return;
        }
        rows += chunk.positionCount();
        if (spilled == null && memory.trySetBytes(memory.bytes() + chunk.sizeInBytes())) {
            chunks.add(chunk);
            return;
        }
        if (spilled == null) {
            spilled = context.spillSpace().newFile("recursive-with");
            for (Chunk held : chunks) {
                spilled.write(held);
            }
            chunks.clear();
            memory.setBytes(0);
        }
        spilled.write(chunk);
    }

    /** A new stream over every row added so far; adding rows afterwards is not allowed. */
    public ChunkSource reader() {
        if (spilled != null) {
            return new SpillFileSource(spilled);
        }
        List<Chunk> snapshot = List.copyOf(chunks);
        return new ChunkSource() {
            private int next;

            @Override
            public Chunk next() {
                return next < snapshot.size() ? snapshot.get(next++) : null;
            }

            @Override
            public void close() {
                next = snapshot.size();
            }
        };
    }

    /** Frees the memory and deletes the spill file; idempotent. */
    @Override
    public void close() {
        chunks.clear();
        memory.close();
        if (spilled != null) {
            spilled.delete();
            spilled = null;
        }
    }
}
