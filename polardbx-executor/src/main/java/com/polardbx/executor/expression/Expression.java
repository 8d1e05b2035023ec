package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;

/**
 * A compiled scalar expression over the columns of an input chunk. Stateless after compilation and thread-safe.
 *
 * <p>Boolean results are MySQL integers: 1, 0 or NULL.
 */
public interface Expression {
    /** The result type (MySQL's, e.g. DECIMAL with scale+4 for integer division). */
    ColumnType type();

    /** Evaluates the expression for every position of the chunk. */
    Block evaluate(Chunk chunk);

    /** Evaluates the expression for one position; the value has the Java type of {@link #type()}'s exec type. */
    Object evaluate(Chunk chunk, int position);
}
