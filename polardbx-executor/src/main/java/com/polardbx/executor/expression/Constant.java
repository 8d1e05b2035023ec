package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;

/** A literal value. */
final class Constant extends RowExpression {
    private final Object value;

    Constant(Object value, ColumnType type) {
        super(type);
        this.value = value;
    }

    Object value() {
        return value;
    }

    @Override
    public Object evaluate(Chunk chunk, int position) {
        return value;
    }
}
