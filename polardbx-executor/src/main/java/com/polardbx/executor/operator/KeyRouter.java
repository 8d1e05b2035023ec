package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ValueComparator;
import java.util.List;

/**
 * Assigns rows to one of N workers by a hash of their group key, so that rows MySQL considers equal (same
 * {@link GroupKey}) always go to the same worker. Integer keys hash their value directly (a LONG column holds only
 * {@code Long}s, equal exactly when their values are); other types hash their {@link ValueComparator#hashKey}.
 * Immutable.
 */
final class KeyRouter {
    private final int[] channels;
    private final Collation[] collations;
    private final int workers;

    KeyRouter(List<ColumnType> types, int[] channels, int workers) {
        this.channels = channels.clone();
        this.collations = new Collation[channels.length];
        for (int i = 0; i < channels.length; i++) {
            collations[i] = types.get(channels[i]).collation();
        }
        this.workers = workers;
    }

    /** The worker (0..N-1) of the row at {@code position}. */
    int workerOf(Chunk chunk, int position) {
        int h = 1;
        for (int i = 0; i < channels.length; i++) {
            Object v = chunk.get(channels[i], position);
            int vh = v instanceof Long l ? Long.hashCode(l) : ValueComparator.hashKey(v, collations[i]).hashCode();
            h = 31 * h + vh;
        }
        h *= 0x9E3779B9; // spread low-entropy keys (small integers) over the workers
        return Math.floorMod(h ^ (h >>> 16), workers);
    }
}
