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

    /**
     * Makes the connections of these DNs exist now, on the calling thread, so that a statement about to write on all
     * of them at once finds them ready: a transaction starts its missing branches in parallel. Does nothing by
     * default (pooled connections are borrowed when acquired).
     */
    default void open(java.util.Collection<String> dnIds) {
    }

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

    /**
     * Whether a shard's rows may be streamed as they arrive (one round trip, text protocol), which keeps its
     * connection busy until the last row is read. Otherwise a connection used by one scan after another (a
     * transaction's branch) is read through a server-side cursor (prepare, execute, fetch: three round trips), which
     * lets several results of one connection be open at once. True when no other statement needs the connection
     * before a result is read to its end: always for pooled connections; for a transaction's branches only when a
     * client's SELECT reads them with one stream at a time, which {@link com.polardbx.executor.plan.PlanExecutor}
     * checks for the plan it runs.
     */
    default boolean allowsStreaming() {
        return allowsParallel();
    }

    /** The same connections, read through server-side cursors only (see {@link #allowsStreaming()}). */
    default ConnectionProvider withoutStreaming() {
        if (!allowsStreaming()) {
            return this;
        }
        ConnectionProvider self = this;
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                return self.acquire(dnId);
            }

            @Override
            public void release(String dnId, Connection connection) {
                self.release(dnId, connection);
            }

            @Override
            public boolean allowsParallel() {
                return self.allowsParallel();
            }

            @Override
            public boolean allowsParallelAcrossDataNodes() {
                return self.allowsParallelAcrossDataNodes();
            }

            @Override
            public boolean allowsStreaming() {
                return false;
            }
        };
    }
}
