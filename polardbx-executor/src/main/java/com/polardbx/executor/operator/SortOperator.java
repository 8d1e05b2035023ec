package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ORDER BY: buffers all input, sorts it stably by the keys after {@link #finish}, then emits it in chunks.
 *
 * <p>Buffered chunks are reserved in the query's memory pool (spilling sorted runs is a later step).
 */
public final class SortOperator implements Operator {
    private final List<ColumnType> types;
    private final RowComparator comparator;
    private final LocalMemoryContext memory;
    private final List<Chunk> buffered = new ArrayList<>();
    private long[] order;
    private int emitted;
    private boolean finishing;

    public SortOperator(QueryContext context, List<ColumnType> types, List<SortKey> keys) {
        this.types = types;
        this.comparator = new RowComparator(keys);
        this.memory = context.newMemoryContext();
    }

    @Override
    public boolean needsInput() {
        return !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        memory.addBytes(chunk.sizeInBytes());
        buffered.add(chunk);
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        int total = buffered.stream().mapToInt(Chunk::positionCount).sum();
        memory.addBytes(total * 8L);
        Long[] boxed = new Long[total];
        int k = 0;
        for (int c = 0; c < buffered.size(); c++) {
            for (int p = 0; p < buffered.get(c).positionCount(); p++) {
                boxed[k++] = address(c, p);
            }
        }
        // Arrays.sort on objects is a stable merge sort, so equal keys keep their input order.
        Arrays.sort(boxed, (x, y) -> comparator.compare(chunkOf(x), positionOf(x), chunkOf(y), positionOf(y)));
        order = new long[total];
        for (int i = 0; i < total; i++) {
            order[i] = boxed[i];
        }
    }

    private static long address(int chunk, int position) {
        return ((long) chunk << 32) | position;
    }

    private Chunk chunkOf(long address) {
        return buffered.get((int) (address >>> 32));
    }

    private static int positionOf(long address) {
        return (int) address;
    }

    @Override
    public Chunk getOutput() {
        if (order == null || emitted >= order.length) {
            return null;
        }
        ChunkBuilder builder = new ChunkBuilder(types);
        while (emitted < order.length && !builder.isFull()) {
            long a = order[emitted++];
            builder.appendRow(chunkOf(a), positionOf(a));
        }
        if (emitted >= order.length) {
            release();
        }
        return builder.build();
    }

    @Override
    public boolean isFinished() {
        return finishing && (order == null || emitted >= order.length);
    }

    private void release() {
        buffered.clear();
        memory.close();
    }

    @Override
    public void close() {
        release();
        order = null;
    }
}
