package com.polardbx.optimizer.plan;

import org.apache.calcite.rel.RelNode;

/**
 * The algorithm the CN uses for GROUP BY: {@link #STREAMING} when its input arrives sorted on all group keys
 * (the first entries of {@link InputOrder} are the group keys, in any order and direction), so that each group's
 * rows are adjacent; {@link #HASH} otherwise, and always without group keys.
 */
public enum AggregateAlgorithm {
    STREAMING,
    HASH;

    /** {@code groupFields} are the input fields the aggregate groups by. */
    public static AggregateAlgorithm choose(RelNode input, int[] groupFields) {
        return InputOrder.coveringPrefix(InputOrder.of(input), groupFields) != null ? STREAMING : HASH;
    }

    /** Fields 0 .. n-1 (a merge aggregate's group columns). */
    public static int[] firstFields(int n) {
        int[] fields = new int[n];
        for (int i = 0; i < n; i++) {
            fields[i] = i;
        }
        return fields;
    }
}
