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
        return rowsPerPage(pageBytes(memory), rowBytes);
    }

    /** Rows per page of {@code pageBytes} for rows of about {@code rowBytes} in memory. */
    static int rowsPerPage(long pageBytes, long rowBytes) {
        return (int) Math.max(1, Math.min(Chunk.DEFAULT_SIZE, pageBytes / Math.max(1, rowBytes)));
    }

    /**
     * The page size for an operator about to spill: {@link #pageBytes}, smaller when the pool is short, so that
     * two partitioned writers' buffers fit in what the operator holds now (and frees by spilling) plus what the pool
     * still has free. Other operators of the query may hold memory they cannot give back (a join's table while it
     * is probed, workers on other threads); with fixed-size pages a spill could then fail for want of its own
     * buffers. At least 256 bytes a page.
     */
    static long affordablePageBytes(LocalMemoryContext memory) {
        long affordable = (memory.bytes() + memory.poolAvailableBytes()) / (2L * PARTITIONS);
        return Math.max(MIN_PAGE_BYTES, Math.min(pageBytes(memory), affordable));
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
