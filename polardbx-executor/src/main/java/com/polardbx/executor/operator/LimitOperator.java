package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import java.util.List;

/** LIMIT offset, count: skips {@code offset} rows, passes {@code count}, then finishes early. */
public final class LimitOperator implements Operator {
    private final List<ColumnType> types;
    private long toSkip;
    private long remaining;
    private Chunk pending;
    private boolean finishing;

    public LimitOperator(List<ColumnType> types, long offset, long count) {
        this.types = types;
        this.toSkip = offset;
        this.remaining = count;
    }

    @Override
    public boolean needsInput() {
        return pending == null && remaining > 0 && !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        int n = chunk.positionCount();
        if (toSkip >= n) {
            toSkip -= n;
            return;
        }
        int from = (int) toSkip;
        toSkip = 0;
        int take = (int) Math.min(remaining, n - from);
        remaining -= take;
        pending = from == 0 && take == n ? chunk : slice(chunk, from, take);
    }

    private Chunk slice(Chunk chunk, int from, int length) {
        ChunkBuilder builder = new ChunkBuilder(types, length);
        for (int p = from; p < from + length; p++) {
            builder.appendRow(chunk, p);
        }
        Chunk sliced = builder.build();
        return chunk.channelCount() == 0 ? new Chunk(length, new Block[0]) : sliced;
    }

    @Override
    public Chunk getOutput() {
        Chunk out = pending;
        pending = null;
        return out;
    }

    @Override
    public void finish() {
        finishing = true;
    }

    @Override
    public boolean isFinished() {
        return pending == null && (finishing || remaining == 0);
    }

    @Override
    public void close() {
        pending = null;
    }
}
