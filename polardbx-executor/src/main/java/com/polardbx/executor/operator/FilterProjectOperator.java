package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.Truth;
import java.util.List;

/**
 * WHERE + SELECT list: keeps the rows where the filter is true (not false, not NULL) and computes the projections
 * over them. Either part may be absent: a {@code null} filter keeps every row, a {@code null} projection list keeps
 * the input columns.
 */
public final class FilterProjectOperator implements Operator {
    private final List<ColumnType> inputTypes;
    private final Expression filter;
    private final List<Expression> projections;
    private Chunk pending;
    private boolean finishing;

    public FilterProjectOperator(List<ColumnType> inputTypes, Expression filter, List<Expression> projections) {
        this.inputTypes = List.copyOf(inputTypes);
        this.filter = filter;
        this.projections = projections == null ? null : List.copyOf(projections);
    }

    /** The output column types. */
    public List<ColumnType> outputTypes() {
        return projections == null ? inputTypes : projections.stream().map(Expression::type).toList();
    }

    @Override
    public boolean needsInput() {
        return pending == null && !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        Chunk selected = filter == null ? chunk : select(chunk);
        if (selected.positionCount() == 0) {
            return;
        }
        if (projections == null) {
            pending = selected;
            return;
        }
        Block[] blocks = new Block[projections.size()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = projections.get(i).evaluate(selected);
        }
        pending = new Chunk(selected.positionCount(), blocks);
    }

    private Chunk select(Chunk chunk) {
        Block truth = filter.evaluate(chunk);
        int n = chunk.positionCount();
        int kept = 0;
        boolean[] keep = new boolean[n];
        for (int p = 0; p < n; p++) {
            Object v = truth.get(p);
            keep[p] = v != null && Truth.isTrue(v);
            kept += keep[p] ? 1 : 0;
        }
        if (kept == n) {
            return chunk;
        }
        if (chunk.channelCount() == 0) {
            return new Chunk(kept);
        }
        ChunkBuilder builder = new ChunkBuilder(inputTypes, Math.max(kept, 1));
        for (int p = 0; p < n; p++) {
            if (keep[p]) {
                builder.appendRow(chunk, p);
            }
        }
        return builder.build();
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
        return finishing && pending == null;
    }

    @Override
    public void close() {
        pending = null;
    }
}
