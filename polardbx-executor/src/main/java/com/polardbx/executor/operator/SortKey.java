package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Collation;

/**
 * One ORDER BY key: input channel, direction, and the collation strings compare under.
 *
 * <p>NULL is the smallest value: first in ascending order, last in descending order, as in MySQL.
 */
public record SortKey(int channel, boolean ascending, Collation collation) {
    public static SortKey asc(int channel, Collation collation) {
        return new SortKey(channel, true, collation);
    }

    public static SortKey desc(int channel, Collation collation) {
        return new SortKey(channel, false, collation);
    }
}
