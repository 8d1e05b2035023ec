package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import java.util.List;

/**
 * Assigns probe and build rows of a {@link ParallelHashJoinOperator} to one of N workers by their join key, so that
 * keys the join considers equal (equal {@link GroupKey}s under the join's key collations) always meet in the same
 * worker. When every key pair is LONG on both sides the value's own hash is used (cheap, and a LONG column holds only
 * {@code Long}s, equal exactly when their values are); otherwise the hash of {@link ValueComparator#hashKey}, which
 * equates e.g. 7 and 7.00 and general_ci spellings. A NULL key hashes to a fixed value: the row matches nothing and
 * must only be emitted once (LEFT), by whichever single worker gets it. Immutable.
 */
final class JoinKeyRouter {
    private final Collation[] collations;
    private final boolean longKeys;
    private final int workers;

    JoinKeyRouter(List<ColumnType> probeTypes, int[] probeKeys, List<ColumnType> buildTypes, int[] buildKeys,
                  int workers) {
        this.collations = HashJoinOperator.keyCollations(probeTypes, probeKeys, buildTypes, buildKeys);
        boolean allLong = true;
        for (int i = 0; i < probeKeys.length; i++) {
            allLong &= probeTypes.get(probeKeys[i]).execType() == ExecType.LONG
                && buildTypes.get(buildKeys[i]).execType() == ExecType.LONG;
        }
        this.longKeys = allLong;
        this.workers = workers;
    }

    /** The worker (0..N-1) of the row at {@code position}, whose join key is in {@code keys}. */
    int workerOf(Chunk chunk, int position, int[] keys) {
        int h = 1;
        for (int i = 0; i < keys.length; i++) {
            Object v = chunk.get(keys[i], position);
            int vh = v == null ? 0 : longKeys ? Long.hashCode((Long) v)
                : ValueComparator.hashKey(v, collations[i]).hashCode();
            h = 31 * h + vh;
        }
        // a different mix than the spill partitions' (PartitionedSpillWriter), so a worker's rows still spread there
        h *= 0x9E3779B9;
        return Math.floorMod(h ^ (h >>> 16), workers);
    }
}
