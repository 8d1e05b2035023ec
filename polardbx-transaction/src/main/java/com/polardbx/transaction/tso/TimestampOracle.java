package com.polardbx.transaction.tso;

/**
 * Where a CN gets TSO timestamps: the process-local {@link Tso} or the cluster-wide {@link TsoService}.
 *
 * <p>Thread-safe. A timestamp returned by {@link #next()} is greater than every timestamp any caller anywhere in the
 * cluster got from a {@code next()} that returned before this one was called.
 */
public interface TimestampOracle {
    /**
     * A new timestamp; {@code physical ms << 22 | logical}.
     *
     * @throws com.polardbx.common.error.SqlError 1105 when no timestamp can be handed out safely (metadb unreachable
     *     past the persisted window, or no TSO leader reachable within the service's bounded wait)
     */
    long next();
}
