package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.List;

/**
 * GROUP BY over input sorted on the group keys (in any direction and key order): the rows of a group are adjacent,
 * so only the current group's accumulators are held and each group is emitted as soon as a row with another key
 * arrives. Output columns and values are those of {@link HashAggregationOperator} (group keys, then each call's
 * outputs; a group shows the key values of its first row), in input order. Needs at least one group key.
 */
public final class StreamingAggregationOperator implements Operator {
    private final QueryContext context;
    private final int[] groupChannels;
    private final Collation[] collations;
    private final List<AggregateCall> calls;
    private final List<ColumnType> outputTypes;
    private final LocalMemoryContext memory;
    private final ChunkBuilder output;
    private final List<Chunk> ready = new ArrayList<>();
    private GroupKey currentKey;
    private Object[] currentKeyValues;
    private Accumulator[] accumulators;
    private boolean finishing;

    public StreamingAggregationOperator(QueryContext context, List<ColumnType> inputTypes, int[] groupChannels,
                                        List<AggregateCall> calls) {
        if (groupChannels.length == 0) {
            throw new IllegalArgumentException("streaming aggregation needs group keys");
        }
        this.context = context;
        this.groupChannels = groupChannels.clone();
        this.collations = new Collation[groupChannels.length];
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < groupChannels.length; i++) {
            collations[i] = inputTypes.get(groupChannels[i]).collation();
            types.add(inputTypes.get(groupChannels[i]));
        }
        for (AggregateCall call : calls) {
            types.addAll(call.outputTypes());
        }
        this.calls = List.copyOf(calls);
        this.outputTypes = List.copyOf(types);
        this.memory = context.newMemoryContext();
        this.output = new ChunkBuilder(outputTypes);
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing && ready.isEmpty();
    }

    @Override
    public void addInput(Chunk chunk) {
        for (int p = 0; p < chunk.positionCount(); p++) {
            GroupKey key = GroupKey.of(chunk, p, groupChannels, collations);
            if (!key.equals(currentKey)) {
                emitCurrent();
                startGroup(key, chunk, p);
            }
            long bytes = 0;
            for (Accumulator acc : accumulators) {
                acc.add(chunk, p);
                bytes += acc.sizeInBytes();
            }
            memory.setBytes(bytes); // only DISTINCT sets grow; one group's must fit (3170 otherwise)
        }
        context.checkInterrupted();
    }

    private void startGroup(GroupKey key, Chunk chunk, int p) {
        currentKey = key;
        currentKeyValues = new Object[groupChannels.length];
        for (int i = 0; i < groupChannels.length; i++) {
            currentKeyValues[i] = chunk.get(groupChannels[i], p);
        }
        accumulators = new Accumulator[calls.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = Accumulator.create(calls.get(i));
        }
    }

    private void emitCurrent() {
        if (currentKey == null) {
            return;
        }
        Object[] row = new Object[outputTypes.size()];
        System.arraycopy(currentKeyValues, 0, row, 0, currentKeyValues.length);
        int at = currentKeyValues.length;
        for (Accumulator acc : accumulators) {
            for (Object v : acc.result()) {
                row[at++] = v;
            }
        }
        output.appendRow(row);
        if (output.isFull()) {
            ready.add(output.build());
        }
        currentKey = null;
        accumulators = null;
    }

    @Override
    public Chunk getOutput() {
        if (!ready.isEmpty()) {
            return ready.remove(0);
        }
        return null;
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        emitCurrent();
        if (!output.isEmpty()) {
            ready.add(output.build());
        }
        memory.setBytes(0);
    }

    @Override
    public boolean isFinished() {
        return finishing && ready.isEmpty();
    }

    @Override
    public void close() {
        ready.clear();
        accumulators = null;
        memory.close();
    }
}
