package com.polardbx.executor.operator.window;

import com.polardbx.executor.chunk.ColumnType;

/** One window function call: computes its value for every row of a partition. Stateless between partitions. */
public interface WindowFunction {
    /** The type of the column this function appends. */
    ColumnType outputType();

    /** The function's value for each row of {@code partition}, in partition order. */
    Object[] evaluate(WindowPartition partition);
}
