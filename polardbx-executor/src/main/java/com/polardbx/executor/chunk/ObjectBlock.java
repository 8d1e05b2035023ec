package com.polardbx.executor.chunk;

/** Shared body of the blocks that hold Java objects; a {@code null} element is SQL NULL. */
abstract class ObjectBlock<T> implements Block {
    private final int positionCount;
    private final T[] values;

    ObjectBlock(int positionCount, T[] values) {
        this.positionCount = positionCount;
        this.values = values;
    }

    @Override
    public final int positionCount() {
        return positionCount;
    }

    @Override
    public final boolean isNull(int position) {
        return values[position] == null;
    }

    @Override
    public final T get(int position) {
        return values[position];
    }

    @Override
    public long sizeInBytes() {
        long size = 16L + values.length * 8L;
        for (int i = 0; i < positionCount; i++) {
            if (values[i] != null) {
                size += valueSize(values[i]);
            }
        }
        return size;
    }

    abstract long valueSize(T value);
}
