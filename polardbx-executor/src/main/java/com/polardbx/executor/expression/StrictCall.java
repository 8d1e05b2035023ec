package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;

/** A function call that returns NULL when any argument is NULL, and otherwise applies a function to the values. */
final class StrictCall extends RowExpression {
    /** The function body, given non-null argument values. */
    interface Body {
        Object apply(Object[] args);
    }

    private final RowExpression[] args;
    private final Body body;

    StrictCall(ColumnType type, RowExpression[] args, Body body) {
        super(type);
        this.args = args;
        this.body = body;
    }

    @Override
    public Object evaluate(Chunk chunk, int position) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].evaluate(chunk, position);
            if (values[i] == null) {
                return null;
            }
        }
        return body.apply(values);
    }
}
