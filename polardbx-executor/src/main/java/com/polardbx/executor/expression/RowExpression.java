package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.BlockBuilder;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;

/** Base of the compiled expression nodes: evaluates row by row and assembles blocks from that. */
abstract class RowExpression implements Expression {
    private final ColumnType type;

    RowExpression(ColumnType type) {
        this.type = type;
    }

    @Override
    public final ColumnType type() {
        return type;
    }

    @Override
    public Block evaluate(Chunk chunk) {
        int n = chunk.positionCount();
        BlockBuilder builder = BlockBuilder.create(type.execType(), n);
        for (int p = 0; p < n; p++) {
            builder.append(evaluate(chunk, p));
        }
        return builder.build();
    }
}
