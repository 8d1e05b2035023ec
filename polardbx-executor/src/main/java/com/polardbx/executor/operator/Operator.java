package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;

/**
 * A push operator: receives chunks through {@link #addInput}, produces chunks through {@link #getOutput}.
 *
 * <p>Call order (the {@link Driver} follows it): {@link #addInput} only when {@link #needsInput} returned true;
 * {@link #getOutput} at any time, returning {@code null} when nothing is ready; {@link #finish} once, after the last
 * input, telling the operator no more input comes; the operator is done when {@link #isFinished} returns true, which
 * may happen before {@code finish()} (e.g. a satisfied LIMIT); {@link #close} exactly once at the end, also on errors
 * and cancellation, releasing memory and resources.
 *
 * <p>Thread-safety: an operator is driven by one thread at a time; no method may be called concurrently.
 */
public interface Operator extends AutoCloseable {
    /** Whether the operator accepts a chunk now. */
    boolean needsInput();

    /** Adds an input chunk; only after {@link #needsInput} returned true. */
    void addInput(Chunk chunk);

    /** The next output chunk, or {@code null} if none is ready yet. */
    Chunk getOutput();

    /** Signals that no more input will be added. */
    void finish();

    /** True when the operator will produce no more output. */
    boolean isFinished();

    /** Releases resources; called once, always. */
    @Override
    void close();
}
