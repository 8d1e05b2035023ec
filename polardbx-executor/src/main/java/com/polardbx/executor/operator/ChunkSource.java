package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;

/**
 * A pull-style stream of chunks: how multi-input operators read their inputs. {@link #next} returns {@code null} at
 * the end; {@link #close} releases everything, also before the end. One consumer thread.
 */
public interface ChunkSource extends AutoCloseable {
    /** The next non-empty chunk, or {@code null} when the stream is exhausted; may block. */
    Chunk next();

    @Override
    void close();
}
