package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.BlockBuilder;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;

/** A join condition for operator tests: {@code left < right} on two DOUBLE channels, NULL when either is NULL. */
final class DoubleComparison implements Expression {
    private final int left;
    private final int right;

    private DoubleComparison(int left, int right) {
        this.left = left;
        this.right = right;
    }

    static Expression less(int left, int right) {
        return new DoubleComparison(left, right);
    }

    @Override
    public ColumnType type() {
        return ColumnType.BIGINT;
    }

    @Override
    public Block evaluate(Chunk chunk) {
        BlockBuilder b = BlockBuilder.create(type().execType(), chunk.positionCount());
        for (int p = 0; p < chunk.positionCount(); p++) {
            b.append(evaluate(chunk, p));
        }
        return b.build();
    }

    @Override
    public Object evaluate(Chunk chunk, int position) {
        Object a = chunk.get(left, position);
        Object b = chunk.get(right, position);
        return a == null || b == null ? null : (Double) a < (Double) b ? 1L : 0L;
    }
}
