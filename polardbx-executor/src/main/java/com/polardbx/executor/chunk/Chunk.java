package com.polardbx.executor.chunk;

import java.util.Arrays;

/** A batch of rows stored column-wise: a position count and one {@link Block} per column (channel). Immutable. */
public final class Chunk {
    /** Rows per chunk the operators aim for. */
    public static final int DEFAULT_SIZE = 1024;

    private final int positionCount;
    private final Block[] blocks;

    public Chunk(int positionCount, Block... blocks) {
        this.positionCount = positionCount;
        this.blocks = blocks;
        for (Block b : blocks) {
            if (b.positionCount() != positionCount) {
                throw new IllegalArgumentException("block has " + b.positionCount() + " positions, chunk " + positionCount);
            }
        }
    }

    public int positionCount() {
        return positionCount;
    }

    public int channelCount() {
        return blocks.length;
    }

    public Block block(int channel) {
        return blocks[channel];
    }

    /** The value at (channel, position). */
    public Object get(int channel, int position) {
        return blocks[channel].get(position);
    }

    /** The row at a position as an array of Java values. */
    public Object[] row(int position) {
        Object[] row = new Object[blocks.length];
        for (int c = 0; c < blocks.length; c++) {
            row[c] = blocks[c].get(position);
        }
        return row;
    }

    public long sizeInBytes() {
        long size = 16;
        for (Block b : blocks) {
            size += b.sizeInBytes();
        }
        return size;
    }

    /** A chunk with only the given channels, in that order (blocks are shared, not copied). */
    public Chunk project(int... channels) {
        Block[] selected = new Block[channels.length];
        for (int i = 0; i < channels.length; i++) {
            selected[i] = blocks[channels[i]];
        }
        return new Chunk(positionCount, selected);
    }

    /** A compact copy of the rows at {@code positions[0 .. length)}, in that order. */
    public Chunk copyPositions(int[] positions, int length) {
        Block[] copied = new Block[blocks.length];
        for (int c = 0; c < blocks.length; c++) {
            copied[c] = blocks[c].copyPositions(positions, length);
        }
        return new Chunk(length, copied);
    }

    @Override
    public String toString() {
        return "Chunk[" + positionCount + " rows x " + blocks.length + " " + Arrays.toString(
            Arrays.stream(blocks).map(Block::execType).toArray()) + "]";
    }
}
