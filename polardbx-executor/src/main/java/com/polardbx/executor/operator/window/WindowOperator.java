package com.polardbx.executor.operator.window;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.operator.Operator;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.RowComparator;
import com.polardbx.executor.operator.SortKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Window functions sharing one PARTITION BY / ORDER BY: outputs each input row followed by one column per function.
 *
 * <p>The input must arrive sorted by the partition keys and then the order keys (the planner puts a
 * {@link com.polardbx.executor.operator.SortOperator}, which spills, in front). Rows are buffered one window
 * partition at a time, reserved in the query's memory pool; a partition that does not fit fails the query with
 * 3170 (a partition is not spilled). Rows come out in input order.
 */
public final class WindowOperator implements Operator {
    /** Per buffered row: its array and list slot. */
    private static final long BYTES_PER_ROW = 48;
    private static final long BYTES_PER_VALUE = 24;

    private final List<ColumnType> outputTypes;
    private final RowComparator partitionKeys;
    private final RowComparator orderKeys;
    private final List<WindowFunction> functions;
    private final LocalMemoryContext memory;
    private final int inputChannels;
    private List<Object[]> partition = new ArrayList<>();
    private long partitionBytes;
    private ChunkBuilder builder;
    private final ArrayDeque<Chunk> outputs = new ArrayDeque<>();
    private boolean finishing;

    public WindowOperator(QueryContext context, List<ColumnType> inputTypes, List<SortKey> partitionKeys,
                          List<SortKey> orderKeys, List<WindowFunction> functions) {
        this.partitionKeys = new RowComparator(partitionKeys);
        this.orderKeys = new RowComparator(orderKeys);
        this.functions = List.copyOf(functions);
        this.inputChannels = inputTypes.size();
        List<ColumnType> types = new ArrayList<>(inputTypes);
        for (WindowFunction f : functions) {
            types.add(f.outputType());
        }
        this.outputTypes = List.copyOf(types);
        this.memory = context.newMemoryContext();
        this.builder = new ChunkBuilder(outputTypes);
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing && outputs.isEmpty();
    }

    @Override
    public void addInput(Chunk chunk) {
        long rowBytes = BYTES_PER_ROW + BYTES_PER_VALUE * inputChannels
            + chunk.sizeInBytes() / Math.max(1, chunk.positionCount());
        for (int position = 0; position < chunk.positionCount(); position++) {
            Object[] row = chunk.row(position);
            if (!partition.isEmpty() && partitionKeys.compare(partition.get(partition.size() - 1), row) != 0) {
                emitPartition();
            }
            partition.add(row);
            partitionBytes += rowBytes;
        }
        memory.setBytes(partitionBytes);
    }

    /** Computes every function over the buffered partition and appends its rows to the output. */
    private void emitPartition() {
        WindowPartition p = new WindowPartition(partition, orderKeys);
        Object[][] results = new Object[functions.size()][];
        for (int f = 0; f < results.length; f++) {
            results[f] = functions.get(f).evaluate(p);
        }
        for (int i = 0; i < p.size(); i++) {
            Object[] in = p.row(i);
            Object[] out = new Object[outputTypes.size()];
            System.arraycopy(in, 0, out, 0, inputChannels);
            for (int f = 0; f < results.length; f++) {
                out[inputChannels + f] = results[f][i];
            }
            builder.appendRow(out);
            if (builder.isFull()) {
                outputs.add(builder.build());
                builder = new ChunkBuilder(outputTypes);
            }
        }
        partition = new ArrayList<>();
        partitionBytes = 0;
    }

    @Override
    public Chunk getOutput() {
        return outputs.poll();
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (!partition.isEmpty()) {
            emitPartition();
        }
        if (!builder.isEmpty()) {
            outputs.add(builder.build());
        }
        memory.setBytes(0);
    }

    @Override
    public boolean isFinished() {
        return finishing && outputs.isEmpty();
    }

    @Override
    public void close() {
        partition = new ArrayList<>();
        outputs.clear();
        memory.close();
    }
}
