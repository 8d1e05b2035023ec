package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A source of constant rows (VALUES, SELECT without FROM, test inputs). */
public final class ValuesOperator implements SourceOperator {
    private final Deque<Chunk> chunks;

    public ValuesOperator(List<Chunk> chunks) {
        this.chunks = new ArrayDeque<>(chunks);
    }

    /** Rows of Java values, converted to the given column types. */
    public static ValuesOperator ofRows(List<ColumnType> types, List<Object[]> rows) {
        ChunkBuilder builder = new ChunkBuilder(types);
        List<Chunk> chunks = new java.util.ArrayList<>();
        for (Object[] row : rows) {
            builder.appendRow(row);
            if (builder.isFull()) {
                chunks.add(builder.build());
            }
        }
        if (!builder.isEmpty()) {
            chunks.add(builder.build());
        }
        return new ValuesOperator(chunks);
    }

    @Override
    public Chunk getOutput() {
        return chunks.poll();
    }

    @Override
    public void finish() {
        chunks.clear();
    }

    @Override
    public boolean isFinished() {
        return chunks.isEmpty();
    }

    @Override
    public void close() {
        chunks.clear();
    }
}
