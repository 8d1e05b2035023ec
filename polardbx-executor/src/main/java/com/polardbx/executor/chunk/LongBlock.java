package com.polardbx.executor.chunk;

/** A block of signed 64-bit integers with a null mask. */
public final class LongBlock implements Block {
    private final int positionCount;
    private final long[] values;
    private final boolean[] nulls;

    /** Wraps the arrays without copying; {@code nulls} may be {@code null} when no value is null. */
    public LongBlock(int positionCount, long[] values, boolean[] nulls) {
        this.positionCount = positionCount;
        this.values = values;
        this.nulls = nulls;
    }

    @Override
    public int positionCount() {
        return positionCount;
    }

    @Override
    public boolean isNull(int position) {
        return nulls != null && nulls[position];
    }

    public long getLong(int position) {
        return values[position];
    }

    @Override
    public Object get(int position) {
        return isNull(position) ? null : values[position];
    }

    @Override
    public ExecType execType() {
        return ExecType.LONG;
    }

    @Override
    public LongBlock copyPositions(int[] positions, int length) {
        long[] v = new long[length];
        boolean[] n = null;
        for (int i = 0; i < length; i++) {
            int p = positions[i];
            v[i] = values[p];
            if (nulls != null && nulls[p]) {
                if (n == null) {
                    n = new boolean[length];
                }
                n[i] = true;
            }
        }
        return new LongBlock(length, v, n);
    }

    @Override
    public long sizeInBytes() {
        return 16L + values.length * 8L + (nulls == null ? 0 : nulls.length);
    }
}
