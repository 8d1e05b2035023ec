package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.spill.SpillFile;

/** The chunks of a spill file as a {@link ChunkSource} (e.g. a sorted run feeding a merge). */
final class SpillFileSource implements ChunkSource {
    private final SpillFile.Reader reader;

    SpillFileSource(SpillFile file) {
        this.reader = file.reader();
    }

    @Override
    public Chunk next() {
        for (Chunk c = reader.next(); c != null; c = reader.next()) {
            if (c.positionCount() > 0) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() {
        reader.close();
    }
}
