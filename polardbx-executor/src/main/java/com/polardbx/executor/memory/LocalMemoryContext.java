package com.polardbx.executor.memory;

/**
 * One operator's share of the query {@link MemoryPool}: the operator states how many bytes it holds now and the
 * context reserves or frees the difference. Not thread-safe (one operator, one thread).
 *
 * <p>A spillable operator passes its own {@link MemoryRevoker}: the context registers it with the pool (until
 * {@link #close}) as owned by the thread that reserves through it, i.e. the thread driving the operator (moved if a
 * later reservation comes from another thread), and the pool never asks an operator to revoke from inside that
 * operator's own reservation.
 */
public final class LocalMemoryContext implements AutoCloseable {
    private final MemoryPool pool;
    private final MemoryRevoker owner;
    /** How many parallel workers share the pool: this operator sizes its buffers from, and grows within, 1/share. */
    private final int share;
    /** Volatile: the pool reads it from other threads to name the holders in its 3170 message. */
    private volatile long bytes;
    private boolean closed;
    /** The thread the revoker is registered for; {@code null} until the first reservation. */
    private Thread registeredFor;

    public LocalMemoryContext(MemoryPool pool) {
        this(pool, null);
    }

    /** A context whose operator can spill: {@code owner} is registered with the pool until {@link #close}. */
    public LocalMemoryContext(MemoryPool pool, MemoryRevoker owner) {
        this(pool, owner, 1);
    }

    /**
     * A context for one of {@code share} parallel workers: {@link #trySetBytes} refuses to grow beyond 1/share of the
     * pool, so that every worker keeps room for its own spill buffers (workers cannot revoke each other's memory).
     */
    public LocalMemoryContext(MemoryPool pool, MemoryRevoker owner, int share) {
        if (share < 1) {
            throw new IllegalArgumentException("share must be positive: " + share);
        }
        this.pool = pool;
        this.owner = owner;
        this.share = share;
        pool.track(this);
    }

    /** Who holds the bytes, for the 3170 message: the spillable operator's class, else a generic name. */
    String holderName() {
        return owner == null ? "operators that cannot spill" : owner.getClass().getSimpleName();
    }

    /** Registers the revoker for the reserving thread (revocation is thread-confined, see {@link MemoryPool}). */
    private void registerForCurrentThread() {
        Thread current = Thread.currentThread();
        if (owner == null || closed || registeredFor == current) {
            return;
        }
        if (registeredFor != null) {
            pool.removeRevoker(owner);
        }
        pool.addRevoker(owner);
        registeredFor = current;
    }

    /**
     * Registers the revoker for the calling thread without reserving anything: for an operator that holds no memory
     * itself but can make others (its parallel workers) give memory back when this thread's reservations fall short.
     */
    public void registerRevoker() {
        registerForCurrentThread();
    }

    /**
     * Sets this operator's retained bytes; when growing, other operators may be asked to spill; throws
     * ER_CAPACITY_EXCEEDED (3170) if the pool is still short.
     */
    public void setBytes(long newBytes) {
        long delta = newBytes - bytes;
        if (delta > 0) {
            registerForCurrentThread();
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
        if (delta > 0 && share > 1 && newBytes > poolLimitBytes()) {
            return false;
        }
        if (delta > 0) {
            registerForCurrentThread();
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

    /** The pool's limit, or this worker's share of it (spillable operators size their spill pages from it). */
    public long poolLimitBytes() {
        return pool.limitBytes() / share;
    }

    /** Bytes the pool could still give without revoking anything (other operators may take them first). */
    public long poolAvailableBytes() {
        return pool.availableBytes();
    }

    /** Frees everything and unregisters the revoker; idempotent. */
    @Override
    public void close() {
        setBytes(0);
        if (!closed && registeredFor != null) {
            pool.removeRevoker(owner);
        }
        closed = true;
        pool.untrack(this);
    }
}
