package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;

/** A reference to an input channel. */
final class InputReference extends RowExpression {
    private final int channel;

    InputReference(int channel, ColumnType type) {
        super(type);
        this.channel = channel;
    }

    @Override
    public Block evaluate(Chunk chunk) {
        return chunk.block(channel);
    }

    @Override
    public Object evaluate(Chunk chunk, int position) {
        return chunk.get(channel, position);
    }
}
