package com.polardbx.executor.operator.window;

import com.polardbx.executor.chunk.ColumnType;

/** FIRST_VALUE, LAST_VALUE and NTH_VALUE: a value at a position of the current row's frame, NULL if it has none. */
public final class FrameValueFunction implements WindowFunction {
    private final int channel;
    private final WindowFrame frame;
    /** 1-based position from the frame start, 0 for the last row, negative for none. */
    private final long nth;
    private final ColumnType type;

    private FrameValueFunction(int channel, WindowFrame frame, long nth, ColumnType type) {
        this.channel = channel;
        this.frame = frame;
        this.nth = nth;
        this.type = type;
    }

    public static FrameValueFunction first(int channel, WindowFrame frame, ColumnType type) {
        return new FrameValueFunction(channel, frame, 1, type);
    }

    public static FrameValueFunction last(int channel, WindowFrame frame, ColumnType type) {
        return new FrameValueFunction(channel, frame, 0, type);
    }

    /** NTH_VALUE(x, n); NULL everywhere when {@code n < 1} (MariaDB). */
    public static FrameValueFunction nth(int channel, WindowFrame frame, long n, ColumnType type) {
        return new FrameValueFunction(channel, frame, n < 1 ? Long.MIN_VALUE / 2 : n, type);
    }

    @Override
    public ColumnType outputType() {
        return type;
    }

    @Override
    public Object[] evaluate(WindowPartition p) {
        Object[] out = new Object[p.size()];
        for (int i = 0; i < out.length; i++) {
            int start = frame.start(p, i);
            int end = frame.end(p, i);
            long position = nth == 0 ? end - 1 : start + nth - 1;
            if (end > start && position >= start && position < end) {
                out[i] = p.value((int) position, channel);
            }
        }
        return out;
    }
}
