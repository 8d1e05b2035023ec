package com.polardbx.executor.chunk;

/** A block of doubles with a null mask. */
public final class DoubleBlock implements Block {
    private final int positionCount;
    private final double[] values;
    private final boolean[] nulls;

    /** Wraps the arrays without copying; {@code nulls} may be {@code null} when no value is null. */
    public DoubleBlock(int positionCount, double[] values, boolean[] nulls) {
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

    public double getDouble(int position) {
        return values[position];
    }

    @Override
    public Object get(int position) {
        return isNull(position) ? null : values[position];
    }

    @Override
    public ExecType execType() {
        return ExecType.DOUBLE;
    }

    @Override
    public DoubleBlock copyPositions(int[] positions, int length) {
        double[] v = new double[length];
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
        return new DoubleBlock(length, v, n);
    }

    @Override
    public long sizeInBytes() {
        return 16L + values.length * 8L + (nulls == null ? 0 : nulls.length);
    }
}
