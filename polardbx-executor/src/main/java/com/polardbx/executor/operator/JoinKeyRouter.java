package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.util.List;

/**
 * The two {@link KeyRouter}s of a {@link ParallelHashJoinOperator}, one per side, hashing alike so that keys the
 * join considers equal (equal {@link GroupKey}s under the join's key collations) meet in the same worker. The long's
 * own hash is used only when a key pair is LONG on both sides (a LONG 7 may meet a DECIMAL 7.00 otherwise). A probe
 * row with a NULL key matches nothing and must be emitted once (LEFT): it goes to exactly one worker like any row.
 */
final class JoinKeyRouter {
    final KeyRouter probe;
    final KeyRouter build;

    JoinKeyRouter(List<ColumnType> probeTypes, int[] probeKeys, List<ColumnType> buildTypes, int[] buildKeys,
                  int workers) {
        Collation[] collations = HashJoinOperator.keyCollations(probeTypes, probeKeys, buildTypes, buildKeys);
        boolean[] longs = new boolean[probeKeys.length];
        for (int i = 0; i < probeKeys.length; i++) {
            longs[i] = probeTypes.get(probeKeys[i]).execType() == ExecType.LONG
                && buildTypes.get(buildKeys[i]).execType() == ExecType.LONG;
        }
        this.probe = new KeyRouter(probeKeys, collations, longs, workers);
        this.build = new KeyRouter(buildKeys, collations, longs, workers);
    }
}
