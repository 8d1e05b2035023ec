package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import java.util.List;

/** UNION ALL / concatenation: emits every chunk of each input in turn. */
public final class UnionAllOperator implements SourceOperator {
    private final List<ChunkSource> inputs;
    private int current;

    public UnionAllOperator(List<ChunkSource> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public Chunk getOutput() {
        while (current < inputs.size()) {
            Chunk chunk = inputs.get(current).next();
            if (chunk != null) {
                return chunk;
            }
            current++;
        }
        return null;
    }

    @Override
    public void finish() {
        current = inputs.size();
    }

    @Override
    public boolean isFinished() {
        return current >= inputs.size();
    }

    @Override
    public void close() {
        current = inputs.size();
        CloseAll.close(inputs);
    }
}
