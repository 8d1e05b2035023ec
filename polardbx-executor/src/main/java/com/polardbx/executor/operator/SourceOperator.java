package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;

/** A leaf operator that produces chunks without input (values, DN scans, merges of other sources). */
public interface SourceOperator extends Operator {
    @Override
    default boolean needsInput() {
        return false;
    }

    @Override
    default void addInput(Chunk chunk) {
        throw new IllegalStateException(getClass().getSimpleName() + " takes no input");
    }
}
