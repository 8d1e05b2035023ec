package com.polardbx.executor.chunk;

import java.lang.reflect.Array;

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
    public final Block copyPositions(int[] positions, int length) {
        @SuppressWarnings("unchecked")
        T[] copy = (T[]) Array.newInstance(values.getClass().getComponentType(), length);
        for (int i = 0; i < length; i++) {
            copy[i] = values[positions[i]];
        }
        return create(length, copy);
    }

    /** A block of this type over {@code values} (not copied). */
    abstract Block create(int positionCount, T[] values);

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
