package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;

/** A call that evaluates its arguments itself (short-circuit logic, CASE, COALESCE, NULL tests). */
final class LazyCall extends RowExpression {
    /** The function body, evaluating arguments on demand. */
    interface Body {
        Object apply(RowExpression[] args, Chunk chunk, int position);
    }

    private final RowExpression[] args;
    private final Body body;

    LazyCall(ColumnType type, RowExpression[] args, Body body) {
        super(type);
        this.args = args;
        this.body = body;
    }

    @Override
    public Object evaluate(Chunk chunk, int position) {
        return body.apply(args, chunk, position);
    }
}
