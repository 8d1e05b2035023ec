package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups of a {@link HashAggregationOperator} in memory, in first-seen order, with an estimate of their bytes.
 * Rows come in raw ({@link #add}) or as spilled group state ({@link #restore}: the group-key columns, then each
 * accumulator's state columns). Not thread-safe.
 */
final class GroupTable {
    private static final long GROUP_OVERHEAD_BYTES = 96;

    private final int[] groupChannels;
    private final Collation[] groupCollations;
    private final int[] stateKeyChannels;
    private final List<AggregateCall> calls;
    private final List<ColumnType> stateTypes;
    private final boolean hasDistinct;
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private long distinctBytes;

    /** One group's key values (those of its first row) and accumulators. */
    record Group(GroupKey key, Object[] keyValues, Accumulator[] accumulators) {
    }

    GroupTable(List<ColumnType> inputTypes, int[] groupChannels, List<AggregateCall> calls) {
        this.groupChannels = groupChannels.clone();
        this.groupCollations = new Collation[groupChannels.length];
        this.stateKeyChannels = new int[groupChannels.length];
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < groupChannels.length; i++) {
            ColumnType t = inputTypes.get(groupChannels[i]);
            groupCollations[i] = t.collation();
            stateKeyChannels[i] = i;
            types.add(t);
        }
        this.calls = List.copyOf(calls);
        for (AggregateCall call : calls) {
            types.addAll(Accumulator.create(call).stateTypes());
        }
        this.stateTypes = List.copyOf(types);
        this.hasDistinct = calls.stream().anyMatch(AggregateCall::distinct);
    }

    /** Column types of spilled group state: the group keys, then every accumulator's state. */
    List<ColumnType> stateTypes() {
        return stateTypes;
    }

    /** The group key of a raw input row. */
    GroupKey keyOf(Chunk chunk, int position) {
        return GroupKey.of(chunk, position, groupChannels, groupCollations);
    }

    /** The group key of a spilled state row. */
    GroupKey stateKeyOf(Chunk chunk, int position) {
        return GroupKey.of(chunk, position, stateKeyChannels, groupCollations);
    }

    /** Aggregates every row of a raw input chunk. */
    void add(Chunk chunk) {
        for (int p = 0; p < chunk.positionCount(); p++) {
            GroupKey key = keyOf(chunk, p);
            Group group = groups.get(key);
            if (group == null) {
                group = newGroup(key, chunk, p, groupChannels);
                groups.put(key, group);
            }
            for (Accumulator acc : group.accumulators()) {
                if (hasDistinct) {
                    long before = acc.sizeInBytes();
                    acc.add(chunk, p);
                    distinctBytes += acc.sizeInBytes() - before;
                } else {
                    acc.add(chunk, p);
                }
            }
        }
    }

    /** Adds the groups of a chunk of spilled state; each group occurs at most once among the state rows of a table. */
    void restore(Chunk state) {
        for (int p = 0; p < state.positionCount(); p++) {
            GroupKey key = stateKeyOf(state, p);
            Group group = newGroup(key, state, p, stateKeyChannels);
            if (groups.putIfAbsent(key, group) != null) {
                throw new IllegalStateException("group spilled twice at one level");
            }
            int offset = stateKeyChannels.length;
            for (Accumulator acc : group.accumulators()) {
                long before = acc.sizeInBytes();
                acc.readState(state, p, offset);
                offset += acc.stateTypes().size();
                distinctBytes += acc.sizeInBytes() - before;
            }
        }
    }

    /** The group with no rows of an aggregation without GROUP BY over empty input (COUNT 0, the others NULL). */
    void addEmptyGroup() {
        Chunk empty = new Chunk(1);
        GroupKey key = keyOf(empty, 0);
        groups.put(key, newGroup(key, empty, 0, groupChannels));
    }

    private Group newGroup(GroupKey key, Chunk chunk, int position, int[] keyChannels) {
        Object[] keyValues = new Object[keyChannels.length];
        for (int i = 0; i < keyChannels.length; i++) {
            keyValues[i] = chunk.get(keyChannels[i], position);
        }
        Accumulator[] accumulators = new Accumulator[calls.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = Accumulator.create(calls.get(i));
        }
        return new Group(key, keyValues, accumulators);
    }

    /** The group's spilled form, a row of {@link #stateTypes}. */
    Object[] stateRow(Group g) {
        Object[] row = new Object[stateTypes.size()];
        System.arraycopy(g.keyValues(), 0, row, 0, g.keyValues().length);
        int offset = g.keyValues().length;
        for (Accumulator acc : g.accumulators()) {
            acc.writeState(row, offset);
            offset += acc.stateTypes().size();
        }
        return row;
    }

    /** The group's output row: key values, then every call's result columns. */
    static void outputRow(Group g, Object[] row) {
        System.arraycopy(g.keyValues(), 0, row, 0, g.keyValues().length);
        int c = g.keyValues().length;
        for (Accumulator acc : g.accumulators()) {
            for (Object v : acc.result()) {
                row[c++] = v;
            }
        }
    }

    long estimatedBytes() {
        long perGroup = GROUP_OVERHEAD_BYTES + 48L * groupChannels.length + 40L * calls.size();
        return groups.size() * perGroup + distinctBytes;
    }

    int size() {
        return groups.size();
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    Collection<Group> groups() {
        return groups.values();
    }

    void clear() {
        groups.clear();
        distinctBytes = 0;
    }
}
