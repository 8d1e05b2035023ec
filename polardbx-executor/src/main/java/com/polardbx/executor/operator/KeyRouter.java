package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.LongBlock;
import com.polardbx.executor.chunk.ValueComparator;
import java.util.Arrays;
import java.util.List;

/**
 * Splits chunks among N parallel workers by a hash of some key channels, so that keys the operator considers equal
 * (equal {@link GroupKey}s under the given collations) always go to the same worker. The coordinator of a parallel
 * operator hashes each row once here and hands every worker only its own rows.
 *
 * <p>The value hash: a channel marked {@code longValues} (a LONG column whose values only meet other LONGs) hashes
 * the long itself, without boxing; a string hashes its collation key ({@link Collation#sortKeyHash}); anything else
 * the {@link ValueComparator#hashKey}, which equates e.g. 7 and 7.00. NULL hashes to 0, so a row whose keys are all
 * NULL always goes to one fixed worker. Not thread-safe (its position buffers are reused); one per coordinator.
 */
final class KeyRouter {
    private final int[] channels;
    private final Collation[] collations;
    private final boolean[] longValues;
    private final int workers;
    private int[] hashes = new int[0];
    private final int[][] positions;
    private final int[] counts;

    KeyRouter(int[] channels, Collation[] collations, boolean[] longValues, int workers) {
        this.channels = channels.clone();
        this.collations = collations.clone();
        this.longValues = longValues.clone();
        this.workers = workers;
        this.positions = new int[workers][0];
        this.counts = new int[workers];
    }

    /** A router on group keys: a column's values compare in its own collation. */
    static KeyRouter forGroupBy(List<ColumnType> types, int[] channels, int workers) {
        Collation[] collations = new Collation[channels.length];
        boolean[] longs = new boolean[channels.length];
        for (int i = 0; i < channels.length; i++) {
            collations[i] = types.get(channels[i]).collation();
            longs[i] = types.get(channels[i]).execType() == ExecType.LONG;
        }
        return new KeyRouter(channels, collations, longs, workers);
    }

    /**
     * The rows of {@code chunk} per worker, in input order: element w is null when worker w gets none, the chunk
     * itself when it gets all of them, else a compact copy of its rows.
     */
    Chunk[] split(Chunk chunk) {
        int rows = chunk.positionCount();
        Chunk[] parts = new Chunk[workers];
        if (rows == 0) {
            return parts;
        }
        hash(chunk, rows);
        if (positions[0].length < rows) {
            for (int w = 0; w < workers; w++) {
                positions[w] = new int[Math.max(rows, Chunk.DEFAULT_SIZE)];
            }
        }
        Arrays.fill(counts, 0);
        for (int p = 0; p < rows; p++) {
            // a different mix than the spill partitions', so a worker's rows still spread over those
            int h = hashes[p] * 0x9E3779B9;
            int w = Math.floorMod(h ^ (h >>> 16), workers);
            positions[w][counts[w]++] = p;
        }
        for (int w = 0; w < workers; w++) {
            if (counts[w] == rows) {
                parts[w] = chunk;
            } else if (counts[w] > 0) {
                parts[w] = chunk.copyPositions(positions[w], counts[w]);
            }
        }
        return parts;
    }

    /** Fills {@code hashes[0 .. rows)} column by column. */
    private void hash(Chunk chunk, int rows) {
        if (hashes.length < rows) {
            hashes = new int[Math.max(rows, Chunk.DEFAULT_SIZE)];
        }
        Arrays.fill(hashes, 0, rows, 1);
        for (int i = 0; i < channels.length; i++) {
            Block block = chunk.block(channels[i]);
            if (longValues[i] && block instanceof LongBlock longs) {
                for (int p = 0; p < rows; p++) {
                    hashes[p] = 31 * hashes[p] + (longs.isNull(p) ? 0 : Long.hashCode(longs.getLong(p)));
                }
                continue;
            }
            Collation collation = collations[i];
            boolean longs = longValues[i];
            for (int p = 0; p < rows; p++) {
                Object v = block.get(p);
                int vh = v == null ? 0 : v instanceof String s ? collation.sortKeyHash(s)
                    : longs ? Long.hashCode((Long) v) : ValueComparator.hashKey(v, collation).hashCode();
                hashes[p] = 31 * hashes[p] + vh;
            }
        }
    }
}
