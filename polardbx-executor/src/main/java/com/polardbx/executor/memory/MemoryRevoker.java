package com.polardbx.executor.memory;

/**
 * Something that can give memory back on request, by spilling to disk (implemented by spillable operators).
 *
 * <p>Called by {@link MemoryPool#tryReserve(long, MemoryRevoker)} when the pool is short, only on the thread that
 * registered the revoker (see {@link MemoryPool}), so a revoker is called between two of its own operator calls
 * (never while it is inside one, except through its own context, which the pool skips). Implementations free only memory they own, may write spill files, must not reserve memory, and return 0
 * when they are in a phase that cannot spill.
 */
public interface MemoryRevoker {
    /** Tries to free at least {@code bytes}; returns how many bytes were actually freed. */
    long revoke(long bytes);
}
