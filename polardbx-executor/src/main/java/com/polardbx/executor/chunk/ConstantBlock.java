package com.polardbx.executor.chunk;

/**
 * A block holding one value at every position: lets a row be combined with a whole chunk (nested-loop join
 * conditions) without copying the value per position.
 */
public final class ConstantBlock implements Block {
    private final Object value;
    private final ExecType execType;
    private final int positionCount;

    /** {@code value} must already have the Java type of {@code execType} (or be {@code null}). */
    public ConstantBlock(Object value, ExecType execType, int positionCount) {
        this.value = value;
        this.execType = execType;
        this.positionCount = positionCount;
    }

    @Override
    public int positionCount() {
        return positionCount;
    }

    @Override
    public boolean isNull(int position) {
        return value == null;
    }

    @Override
    public Object get(int position) {
        return value;
    }

    @Override
    public ExecType execType() {
        return execType;
    }

    @Override
    public ConstantBlock copyPositions(int[] positions, int length) {
        return new ConstantBlock(value, execType, length);
    }

    @Override
    public long sizeInBytes() {
        return 32;
    }
}
