package com.polardbx.executor.memory;

/**
 * Something that can give memory back on request, e.g. by spilling to disk (the hook for spillable operators).
 *
 * <p>Called by {@link MemoryPool#reserve} on the reserving thread when the pool is short; implementations must only
 * free memory they own and must not reserve memory themselves.
 */
public interface MemoryRevoker {
    /** Tries to free at least {@code bytes}; returns how many bytes were actually freed. */
    long revoke(long bytes);
}
