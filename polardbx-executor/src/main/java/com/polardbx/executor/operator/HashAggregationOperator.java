package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY with aggregates. Output: the group-by columns, then each call's output columns. Groups are emitted in
 * first-seen order after {@link #finish}; a group's key values are those of its first row (as MySQL shows them).
 * Without GROUP BY, empty input still yields one row (COUNT 0, the others NULL).
 *
 * <p>Group state is reserved in the query memory pool; spilling (grace aggregation) is a later step.
 */
public final class HashAggregationOperator implements Operator {
    private static final long GROUP_OVERHEAD_BYTES = 96;

    private final int[] groupChannels;
    private final Collation[] groupCollations;
    private final List<AggregateCall> calls;
    private final List<ColumnType> outputTypes;
    private final LocalMemoryContext memory;
    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private Iterator<Group> output;
    private boolean finishing;

    /** One group's key values and accumulators. */
    private record Group(Object[] keyValues, Accumulator[] accumulators) {
    }

    public HashAggregationOperator(QueryContext context, List<ColumnType> inputTypes, int[] groupChannels,
                                   List<AggregateCall> calls) {
        this.groupChannels = groupChannels.clone();
        this.groupCollations = new Collation[groupChannels.length];
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < groupChannels.length; i++) {
            ColumnType t = inputTypes.get(groupChannels[i]);
            groupCollations[i] = t.collation();
            types.add(t);
        }
        this.calls = List.copyOf(calls);
        for (AggregateCall call : calls) {
            types.addAll(call.outputTypes());
        }
        this.outputTypes = List.copyOf(types);
        this.memory = context.newMemoryContext();
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        for (int p = 0; p < chunk.positionCount(); p++) {
            GroupKey key = GroupKey.of(chunk, p, groupChannels, groupCollations);
            Group group = groups.get(key);
            if (group == null) {
                group = newGroup(chunk, p);
                groups.put(key, group);
            }
            for (Accumulator acc : group.accumulators()) {
                acc.add(chunk, p);
            }
        }
        memory.setBytes(estimateBytes());
    }

    private Group newGroup(Chunk chunk, int position) {
        Object[] keyValues = new Object[groupChannels.length];
        for (int i = 0; i < groupChannels.length; i++) {
            keyValues[i] = chunk.get(groupChannels[i], position);
        }
        Accumulator[] accumulators = new Accumulator[calls.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = Accumulator.create(calls.get(i));
        }
        return new Group(keyValues, accumulators);
    }

    private long estimateBytes() {
        long perGroup = GROUP_OVERHEAD_BYTES + 48L * groupChannels.length + 40L * calls.size();
        long total = groups.size() * perGroup;
        if (calls.stream().anyMatch(AggregateCall::distinct)) {
            for (Group g : groups.values()) {
                for (Accumulator a : g.accumulators()) {
                    total += a.sizeInBytes();
                }
            }
        }
        return total;
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (groups.isEmpty() && groupChannels.length == 0) {
            groups.put(GroupKey.of(new Chunk(1), 0, groupChannels, groupCollations), newGroup(new Chunk(1), 0));
        }
        output = groups.values().iterator();
    }

    @Override
    public Chunk getOutput() {
        if (output == null || !output.hasNext()) {
            return null;
        }
        ChunkBuilder builder = new ChunkBuilder(outputTypes);
        Object[] row = new Object[outputTypes.size()];
        while (output.hasNext() && !builder.isFull()) {
            Group g = output.next();
            System.arraycopy(g.keyValues(), 0, row, 0, g.keyValues().length);
            int c = g.keyValues().length;
            for (Accumulator acc : g.accumulators()) {
                for (Object v : acc.result()) {
                    row[c++] = v;
                }
            }
            builder.appendRow(row);
        }
        if (!output.hasNext()) {
            groups.clear();
            memory.close();
        }
        return builder.build();
    }

    @Override
    public boolean isFinished() {
        return finishing && (output == null || !output.hasNext());
    }

    @Override
    public void close() {
        groups.clear();
        output = null;
        memory.close();
    }
}
