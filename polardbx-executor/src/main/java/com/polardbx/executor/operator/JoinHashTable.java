package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.spill.PartitionedSpillWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The build side of a {@link HashJoinOperator} in memory: the build chunks as they came, and for each join key the
 * addresses (chunk, position) of its rows in insertion order. Rows with a NULL key are not kept (they never match).
 * Not thread-safe.
 */
final class JoinHashTable {
    /** Per row: its address in a key's row list (amortized growth included). */
    private static final long ROW_BYTES = 16;
    /** Per distinct key: hash map node and slot, GroupKey, its array and the row list. */
    private static final long KEY_BYTES = 160;
    private static final long KEY_VALUE_BYTES = 64;

    private final int[] keyChannels;
    private final Collation[] collations;
    private final List<Chunk> chunks = new ArrayList<>();
    private final Map<GroupKey, Rows> rows = new HashMap<>();
    private long bytes;
    private long rowCount;

    /** The addresses of the rows of one key. */
    static final class Rows {
        private long[] addresses = new long[1];
        private int size;

        private void add(long address) {
            if (size == addresses.length) {
                addresses = Arrays.copyOf(addresses, size * 2);
            }
            addresses[size++] = address;
        }

        int size() {
            return size;
        }

        long address(int i) {
            return addresses[i];
        }
    }

    JoinHashTable(int[] keyChannels, Collation[] collations) {
        this.keyChannels = keyChannels.clone();
        this.collations = collations.clone();
    }

    /** The most bytes adding {@code chunk} can take (every row a new key): reserve this before {@link #add}. */
    long bytesToAdd(Chunk chunk) {
        return chunk.sizeInBytes() + chunk.positionCount() * (ROW_BYTES + KEY_BYTES
            + KEY_VALUE_BYTES * keyChannels.length);
    }

    void add(Chunk chunk) {
        int index = chunks.size();
        chunks.add(chunk);
        bytes += chunk.sizeInBytes();
        for (int p = 0; p < chunk.positionCount(); p++) {
            if (GroupKey.hasNull(chunk, p, keyChannels)) {
                continue;
            }
            GroupKey key = GroupKey.of(chunk, p, keyChannels, collations);
            Rows r = rows.get(key);
            if (r == null) {
                r = new Rows();
                rows.put(key, r);
                bytes += KEY_BYTES + KEY_VALUE_BYTES * keyChannels.length;
            }
            r.add(((long) index << 32) | p);
            bytes += ROW_BYTES;
            rowCount++;
        }
    }

    /** The build rows whose key equals the probe row's key; {@code null} if none or the probe key has a NULL. */
    Rows lookup(Chunk probe, int position, int[] probeKeys) {
        if (GroupKey.hasNull(probe, position, probeKeys)) {
            return null;
        }
        return rows.get(GroupKey.of(probe, position, probeKeys, collations));
    }

    /** Copies the build row at {@code address} into {@code row[offset ...]}. */
    void copyRow(long address, Object[] row, int offset) {
        Chunk chunk = chunks.get((int) (address >>> 32));
        int position = (int) address;
        for (int c = 0; c < chunk.channelCount(); c++) {
            row[offset + c] = chunk.get(c, position);
        }
    }

    /** Writes every kept row to the writer's partition of its key at {@code level}. */
    void spillTo(PartitionedSpillWriter writer, int level) {
        for (Chunk chunk : chunks) {
            for (int p = 0; p < chunk.positionCount(); p++) {
                if (!GroupKey.hasNull(chunk, p, keyChannels)) {
                    int hash = GroupKey.of(chunk, p, keyChannels, collations).hashCode();
                    writer.append(PartitionedSpillWriter.partition(hash, level, writer.partitionCount()), chunk, p);
                }
            }
        }
    }

    long bytes() {
        return bytes;
    }

    long rowCount() {
        return rowCount;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    void clear() {
        chunks.clear();
        rows.clear();
        bytes = 0;
        rowCount = 0;
    }
}
