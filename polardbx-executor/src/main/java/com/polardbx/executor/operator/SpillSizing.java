package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.spill.SpillFile;
import java.util.Collection;

/** Page sizes, fan-outs and depths of spilling operators, derived from the query's memory limit. */
final class SpillSizing {
    /** Hash partitions per level of grace aggregation / join. */
    static final int PARTITIONS = 16;
    /** Grace levels before giving up on splitting (aggregation) or switching to block nested loops (join). */
    static final int MAX_LEVELS = 4;
    private static final long MIN_PAGE_BYTES = 256;
    private static final long MAX_PAGE_BYTES = 1 << 20;

    private SpillSizing() {
    }

    /** In-memory bytes a spill page aims at: 1/64 of the limit, between 256 bytes and 1 MB. */
    static long pageBytes(LocalMemoryContext memory) {
        return Math.max(MIN_PAGE_BYTES, Math.min(MAX_PAGE_BYTES, memory.poolLimitBytes() / 64));
    }

    /** Rows per spill page for rows of about {@code rowBytes} in memory. */
    static int rowsPerPage(LocalMemoryContext memory, long rowBytes) {
        return (int) Math.max(1, Math.min(Chunk.DEFAULT_SIZE, pageBytes(memory) / Math.max(1, rowBytes)));
    }

    /** Average in-memory bytes per row of a chunk. */
    static long rowBytes(Chunk chunk) {
        return chunk.positionCount() == 0 ? 64 : Math.max(1, chunk.sizeInBytes() / chunk.positionCount());
    }

    /** Bytes held by a partitioned writer's page buffers. */
    static long partitionBufferBytes(LocalMemoryContext memory) {
        return PARTITIONS * pageBytes(memory);
    }

    /** Deletes spill files, skipping {@code null}s. */
    static void delete(Collection<SpillFile> files) {
        for (SpillFile f : files) {
            if (f != null) {
                f.delete();
            }
        }
        files.clear();
    }
}
