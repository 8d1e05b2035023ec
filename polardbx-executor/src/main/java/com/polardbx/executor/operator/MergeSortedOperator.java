package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import java.util.List;
import java.util.PriorityQueue;

/**
 * K-way merge of inputs that are each already sorted by the same keys (DN shards running ORDER BY): the CN only
 * merges. Correct only if {@link SortKey}s use the DNs' collation. Ties are taken from the lower-numbered input first.
 */
public final class MergeSortedOperator implements SourceOperator {
    private final List<ChunkSource> inputs;
    private final List<ColumnType> types;
    private final RowComparator comparator;
    private final int outputRows;
    private final PriorityQueue<Cursor> heap;
    private boolean started;
    private boolean finished;

    /** The current position in one input. */
    private static final class Cursor {
        final int input;
        Chunk chunk;
        int position;

        Cursor(int input, Chunk chunk) {
            this.input = input;
            this.chunk = chunk;
        }
    }

    public MergeSortedOperator(List<ChunkSource> inputs, List<ColumnType> types, List<SortKey> keys) {
        this(inputs, types, keys, Chunk.DEFAULT_SIZE);
    }

    /** A merge emitting chunks of at most {@code outputRows} rows (small pages when writing a merged spill run). */
    public MergeSortedOperator(List<ChunkSource> inputs, List<ColumnType> types, List<SortKey> keys, int outputRows) {
        this.inputs = List.copyOf(inputs);
        this.types = types;
        this.comparator = new RowComparator(keys);
        this.outputRows = Math.max(1, outputRows);
        this.heap = new PriorityQueue<>(Math.max(1, inputs.size()), (a, b) -> {
            int c = comparator.compare(a.chunk, a.position, b.chunk, b.position);
            return c != 0 ? c : Integer.compare(a.input, b.input);
        });
    }

    @Override
    public Chunk getOutput() {
        if (finished) {
            return null;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < inputs.size(); i++) {
                Chunk first = inputs.get(i).next();
                if (first != null) {
                    heap.add(new Cursor(i, first));
                }
            }
        }
        ChunkBuilder builder = new ChunkBuilder(types, outputRows);
        while (!heap.isEmpty() && !builder.isFull()) {
            Cursor top = heap.poll();
            builder.appendRow(top.chunk, top.position);
            if (advance(top)) {
                heap.add(top);
            }
        }
        if (heap.isEmpty()) {
            finished = true;
        }
        return builder.isEmpty() ? null : builder.build();
    }

    private boolean advance(Cursor cursor) {
        cursor.position++;
        while (cursor.position >= cursor.chunk.positionCount()) {
            Chunk next = inputs.get(cursor.input).next();
            if (next == null) {
                return false;
            }
            cursor.chunk = next;
            cursor.position = 0;
        }
        return true;
    }

    @Override
    public void finish() {
        finished = true;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void close() {
        finished = true;
        heap.clear();
        CloseAll.close(inputs);
    }
}
