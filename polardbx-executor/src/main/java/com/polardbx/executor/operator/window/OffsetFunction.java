package com.polardbx.executor.operator.window;

import com.polardbx.executor.chunk.ColumnType;

/**
 * LAG and LEAD: the argument's value {@code offset} rows before/after the current row in the partition (frames do not
 * apply), else the default (evaluated on the current row; NULL when absent).
 */
public final class OffsetFunction implements WindowFunction {
    private final int valueChannel;
    private final long offset;
    private final int defaultChannel;
    private final Object defaultValue;
    private final ColumnType type;

    /**
     * {@code offset} is negative for LAG, positive for LEAD; the default is the value of {@code defaultChannel}, or
     * when that is -1 the constant {@code defaultValue}.
     */
    public OffsetFunction(int valueChannel, long offset, int defaultChannel, Object defaultValue, ColumnType type) {
        this.valueChannel = valueChannel;
        this.offset = offset;
        this.defaultChannel = defaultChannel;
        this.defaultValue = defaultValue;
        this.type = type;
    }

    @Override
    public ColumnType outputType() {
        return type;
    }

    @Override
    public Object[] evaluate(WindowPartition p) {
        Object[] out = new Object[p.size()];
        for (int i = 0; i < out.length; i++) {
            long target = i + offset;
            if (target >= 0 && target < out.length) {
                out[i] = p.value((int) target, valueChannel);
            } else {
                out[i] = defaultChannel < 0 ? defaultValue : p.value(i, defaultChannel);
            }
        }
        return out;
    }
}
