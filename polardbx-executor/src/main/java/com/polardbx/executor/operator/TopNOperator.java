package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * ORDER BY ... LIMIT n: keeps only the first {@code n} rows by the keys in a bounded heap, emits them sorted after
 * {@link #finish}. Ties keep input order. Put a {@link LimitOperator} after it for an OFFSET (n = offset + count).
 */
public final class TopNOperator implements Operator {
    private static final long ROW_OVERHEAD_BYTES = 64;

    private final List<ColumnType> types;
    private final int n;
    private final Comparator<RankedRow> order;
    private final PriorityQueue<RankedRow> heap;
    private final LocalMemoryContext memory;
    private long sequence;
    private List<RankedRow> sorted;
    private int emitted;
    private boolean finishing;

    /** A row with its arrival number, used to break ties stably. */
    private record RankedRow(Object[] values, long sequence) {
    }

    public TopNOperator(QueryContext context, List<ColumnType> types, List<SortKey> keys, int n) {
        this.types = types;
        this.n = n;
        RowComparator rows = new RowComparator(keys);
        this.order = Comparator.<RankedRow, Object[]>comparing(RankedRow::values, rows)
            .thenComparingLong(RankedRow::sequence);
        // The heap's head is the worst row kept so far.
        this.heap = new PriorityQueue<>(Math.max(1, Math.min(n, 4096)), order.reversed());
        this.memory = context.newMemoryContext();
    }

    @Override
    public boolean needsInput() {
        return !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        if (n == 0) {
            return;
        }
        for (int p = 0; p < chunk.positionCount(); p++) {
            RankedRow row = new RankedRow(chunk.row(p), sequence++);
            if (heap.size() < n) {
                heap.add(row);
            } else if (order.compare(row, heap.peek()) < 0) {
                heap.poll();
                heap.add(row);
            }
        }
        memory.setBytes(heap.size() * (ROW_OVERHEAD_BYTES + 16L * types.size()));
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        sorted = new ArrayList<>(heap);
        sorted.sort(order);
        heap.clear();
    }

    @Override
    public Chunk getOutput() {
        if (sorted == null || emitted >= sorted.size()) {
            return null;
        }
        ChunkBuilder builder = new ChunkBuilder(types);
        while (emitted < sorted.size() && !builder.isFull()) {
            builder.appendRow(sorted.get(emitted++).values());
        }
        return builder.build();
    }

    @Override
    public boolean isFinished() {
        return finishing && emitted >= sorted.size();
    }

    @Override
    public void close() {
        heap.clear();
        sorted = null;
        memory.close();
    }
}
