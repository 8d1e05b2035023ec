package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ValueComparator;
import java.util.Arrays;

/**
 * Hashable key of some channels of a row: equal exactly when MySQL considers the values equal (strings by collation
 * key, numbers by value, NULLs equal to each other).
 */
final class GroupKey {
    private final Object[] keys;
    private final int hash;

    private GroupKey(Object[] keys) {
        this.keys = keys;
        this.hash = Arrays.hashCode(keys);
    }

    static GroupKey of(Chunk chunk, int position, int[] channels, Collation[] collations) {
        Object[] keys = new Object[channels.length];
        for (int i = 0; i < channels.length; i++) {
            keys[i] = ValueComparator.hashKey(chunk.get(channels[i], position), collations[i]);
        }
        return new GroupKey(keys);
    }

    /** True if any key value is SQL NULL (such keys never match in an equi-join). */
    static boolean hasNull(Chunk chunk, int position, int[] channels) {
        for (int c : channels) {
            if (chunk.block(c).isNull(position)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && hash == k.hash && Arrays.equals(keys, k.keys);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
