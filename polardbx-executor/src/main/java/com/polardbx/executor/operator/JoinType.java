package com.polardbx.executor.operator;

/** The join types {@link HashJoinOperator} implements. */
public enum JoinType {
    INNER,
    /** Every probe row at least once; build columns NULL when nothing matches. */
    LEFT
}
