package com.polardbx.executor.memory;

/**
 * One operator's share of the query {@link MemoryPool}: the operator states how many bytes it holds now and the
 * context reserves or frees the difference. Not thread-safe (one operator, one thread).
 */
public final class LocalMemoryContext implements AutoCloseable {
    private final MemoryPool pool;
    private long bytes;

    public LocalMemoryContext(MemoryPool pool) {
        this.pool = pool;
    }

    /** Sets this operator's retained bytes; throws ER_OUT_OF_RESOURCES if growing would exceed the pool's limit. */
    public void setBytes(long newBytes) {
        long delta = newBytes - bytes;
        if (delta > 0) {
            pool.reserve(delta);
        } else if (delta < 0) {
            pool.free(-delta);
        }
        bytes = newBytes;
    }

    /** Adds to the retained bytes. */
    public void addBytes(long delta) {
        setBytes(bytes + delta);
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        setBytes(0);
    }
}
