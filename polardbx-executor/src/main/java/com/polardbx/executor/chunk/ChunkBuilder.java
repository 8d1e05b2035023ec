package com.polardbx.executor.chunk;

import java.util.List;

/** Builds {@link Chunk}s row by row for a fixed list of column types. Not thread-safe. */
public final class ChunkBuilder {
    private final List<ColumnType> types;
    private final int capacity;
    private BlockBuilder[] builders;
    /** Row count for chunks without columns (e.g. {@code SELECT COUNT(*)} inputs). */
    private int rowsWithoutColumns;

    public ChunkBuilder(List<ColumnType> types) {
        this(types, Chunk.DEFAULT_SIZE);
    }

    public ChunkBuilder(List<ColumnType> types, int capacity) {
        this.types = List.copyOf(types);
        this.capacity = capacity;
        reset();
    }

    public List<ColumnType> types() {
        return types;
    }

    public int positionCount() {
        return builders.length == 0 ? rowsWithoutColumns : builders[0].positionCount();
    }

    /** True once the builder holds a chunk's worth of rows. */
    public boolean isFull() {
        return positionCount() >= capacity;
    }

    public boolean isEmpty() {
        return positionCount() == 0;
    }

    /** Appends one row of Java values. */
    public void appendRow(Object[] row) {
        for (int c = 0; c < builders.length; c++) {
            builders[c].append(row[c]);
        }
        rowsWithoutColumns++;
    }

    /** Appends the row at {@code position} of {@code chunk}. */
    public void appendRow(Chunk chunk, int position) {
        for (int c = 0; c < builders.length; c++) {
            builders[c].appendFrom(chunk.block(c), position);
        }
        rowsWithoutColumns++;
    }

    /** The column builder for a channel, for callers that fill columns themselves. */
    public BlockBuilder column(int channel) {
        return builders[channel];
    }

    /** Builds the chunk and starts a new empty one. */
    public Chunk build() {
        Block[] blocks = new Block[builders.length];
        for (int c = 0; c < builders.length; c++) {
            blocks[c] = builders[c].build();
        }
        Chunk chunk = new Chunk(positionCount(), blocks);
        reset();
        return chunk;
    }

    private void reset() {
        builders = new BlockBuilder[types.size()];
        for (int c = 0; c < builders.length; c++) {
            builders[c] = BlockBuilder.create(types.get(c).execType(), capacity);
        }
        rowsWithoutColumns = 0;
    }
}
