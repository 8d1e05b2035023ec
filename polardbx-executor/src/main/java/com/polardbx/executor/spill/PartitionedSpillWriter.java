package com.polardbx.executor.spill;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import java.util.List;

/**
 * Routes rows into one spill file per hash partition (grace aggregation and join), buffering at most one page of
 * rows per partition. Files are created on a partition's first full page. Not thread-safe.
 */
public final class PartitionedSpillWriter implements AutoCloseable {
    private final SpillSpace space;
    private final String purpose;
    private final List<ColumnType> types;
    private final int rowsPerPage;
    private final ChunkBuilder[] pages;
    private final SpillFile[] files;
    private boolean finished;

    public PartitionedSpillWriter(SpillSpace space, String purpose, List<ColumnType> types, int partitions,
                                  int rowsPerPage) {
        this.space = space;
        this.purpose = purpose;
        this.types = List.copyOf(types);
        this.rowsPerPage = rowsPerPage;
        this.pages = new ChunkBuilder[partitions];
        this.files = new SpillFile[partitions];
    }

    /**
     * The partition of a row whose key hashes to {@code hash}, at a recursion {@code level}: each level mixes the hash
     * differently, so that rows sharing a partition at one level spread over the next level's partitions.
     */
    public static int partition(int hash, int level, int partitions) {
        int h = hash + level * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return Math.floorMod(h, partitions);
    }

    public int partitionCount() {
        return files.length;
    }

    /** Appends the row at {@code position} of {@code chunk} to a partition. */
    public void append(int partition, Chunk chunk, int position) {
        page(partition).appendRow(chunk, position);
        flushIfFull(partition);
    }

    /** Appends a row of Java values to a partition. */
    public void appendRow(int partition, Object[] row) {
        page(partition).appendRow(row);
        flushIfFull(partition);
    }

    private ChunkBuilder page(int partition) {
        if (finished) {
            throw new IllegalStateException("partitioned spill writer already finished");
        }
        ChunkBuilder page = pages[partition];
        if (page == null) {
            page = new ChunkBuilder(types, rowsPerPage);
            pages[partition] = page;
        }
        return page;
    }

    private void flushIfFull(int partition) {
        if (pages[partition].isFull()) {
            flush(partition);
        }
    }

    private void flush(int partition) {
        ChunkBuilder page = pages[partition];
        if (page == null || page.isEmpty()) {
            return;
        }
        if (files[partition] == null) {
            files[partition] = space.newFile(purpose + "-p" + partition);
        }
        files[partition].write(page.build());
    }

    /** Flushes every partition and ends writing: one file per partition, {@code null} where no row went. */
    public SpillFile[] finish() {
        for (int p = 0; p < pages.length; p++) {
            flush(p);
            pages[p] = null;
            if (files[p] != null) {
                files[p].finishWriting();
            }
        }
        finished = true;
        return files.clone();
    }

    /** Deletes the files unless {@link #finish} handed them over (for error paths). */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            for (SpillFile f : files) {
                if (f != null) {
                    f.delete();
                }
            }
        }
    }
}
