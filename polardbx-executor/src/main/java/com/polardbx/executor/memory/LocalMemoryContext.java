package com.polardbx.executor.memory;

/**
 * One operator's share of the query {@link MemoryPool}: the operator states how many bytes it holds now and the
 * context reserves or frees the difference. Not thread-safe (one operator, one thread).
 *
 * <p>A spillable operator passes its own {@link MemoryRevoker}: the context registers it with the pool (until
 * {@link #close}) and the pool never asks an operator to revoke from inside that operator's own reservation.
 */
public final class LocalMemoryContext implements AutoCloseable {
    private final MemoryPool pool;
    private final MemoryRevoker owner;
    private long bytes;
    private boolean closed;

    public LocalMemoryContext(MemoryPool pool) {
        this(pool, null);
    }

    /** A context whose operator can spill: {@code owner} is registered with the pool until {@link #close}. */
    public LocalMemoryContext(MemoryPool pool, MemoryRevoker owner) {
        this.pool = pool;
        this.owner = owner;
        if (owner != null) {
            pool.addRevoker(owner);
        }
    }

    /**
     * Sets this operator's retained bytes; when growing, other operators may be asked to spill; throws
     * ER_CAPACITY_EXCEEDED (3170) if the pool is still short.
     */
    public void setBytes(long newBytes) {
        long delta = newBytes - bytes;
        if (delta > 0) {
            pool.reserve(delta, owner);
        } else if (delta < 0) {
            pool.free(-delta);
        }
        bytes = newBytes;
    }

    /**
     * Like {@link #setBytes} but returns {@code false} instead of failing, leaving the retained bytes unchanged: the
     * caller (a spillable operator) then spills and sets a smaller size.
     */
    public boolean trySetBytes(long newBytes) {
        long delta = newBytes - bytes;
        if (delta > 0) {
            if (!pool.tryReserve(delta, owner)) {
                return false;
            }
        } else if (delta < 0) {
            pool.free(-delta);
        }
        bytes = newBytes;
        return true;
    }

    /** Adds to the retained bytes. */
    public void addBytes(long delta) {
        setBytes(bytes + delta);
    }

    public long bytes() {
        return bytes;
    }

    /** The pool's limit (spillable operators size their spill pages from it). */
    public long poolLimitBytes() {
        return pool.limitBytes();
    }

    /** Frees everything and unregisters the revoker; idempotent. */
    @Override
    public void close() {
        setBytes(0);
        if (!closed && owner != null) {
            pool.removeRevoker(owner);
        }
        closed = true;
    }
}
