package com.polardbx.executor.scan;

import java.sql.Connection;

/**
 * Where scans get DN connections. Outside a transaction: borrowed from the pool (parallel use is fine). Inside a
 * transaction: the transaction's branch connection for that DN, which must not be used by two statements at once,
 * so {@link #allowsParallel()} returns false and scans run their shards one after another.
 *
 * <p>{@link #acquire} and {@link #release} may be called from scan worker threads when parallel use is allowed;
 * implementations must then be thread-safe. Every acquired connection is released exactly once.
 */
public interface ConnectionProvider {
    /** A connection to the DN; throws {@link com.polardbx.common.error.SqlError} if the DN is unreachable. */
    Connection acquire(String dnId);

    /** Gives the connection back (closes a pooled one; keeps a transaction's branch connection). */
    void release(String dnId, Connection connection);

    /** Whether connections may be used by several shards concurrently. */
    boolean allowsParallel();

    /**
     * Whether queries on different DNs may run concurrently, each DN's connection used by one thread at a time
     * (true for a transaction's branches). Scans then {@link #acquire} every DN's connection first on the calling
     * thread, so implementations need not be thread-safe when the connection already exists.
     */
    default boolean allowsParallelAcrossDataNodes() {
        return allowsParallel();
    }
}
