package com.polardbx.server.session;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.scan.ConnectionProvider;
import java.util.List;

/**
 * The DN connections of one query, to be closed when the query's rows have been read: a consistent snapshot is then
 * ended and its connections go back to the pool.
 */
public interface QueryConnections extends ConnectionProvider, AutoCloseable {
    @Override
    void close();

    /**
     * Ends these connections after the query failed: a DN may still be streaming rows on them, so they must not take
     * another statement (a COMMIT there can wait forever). Default: the same as {@link #close()}.
     */
    default void abandon() {
        close();
    }

    /** A cursor that also closes these connections, then runs {@code andThen}, when it is closed. */
    default RowCursor closedWith(RowCursor cursor, Runnable andThen) {
        return new RowCursor() {
            @Override
            public List<ColumnMeta> columns() {
                return cursor.columns();
            }

            @Override
            public Object[] next() {
                return cursor.next();
            }

            @Override
            public void close() {
                try {
                    cursor.close();
                } finally {
                    try {
                        QueryConnections.this.close();
                    } finally {
                        andThen.run();
                    }
                }
            }
        };
    }

    /**
     * These connections for a result that goes straight to the client: nothing else runs on them until it has been
     * read to its end (a client's next command waits for the whole result), so its rows may be streamed (see
     * {@link ConnectionProvider#allowsStreaming()}; the executor still uses cursors when its plan needs two results
     * of one connection at once).
     */
    default QueryConnections streamingToClient() {
        QueryConnections self = this;
        return new QueryConnections() {
            @Override
            public java.sql.Connection acquire(String dnId) {
                return self.acquire(dnId);
            }

            @Override
            public void release(String dnId, java.sql.Connection connection) {
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
                return true;
            }

            @Override
            public void close() {
                self.close();
            }

            @Override
            public void abandon() {
                self.abandon();
            }
        };
    }

    /** Connections that need no closing (pooled per shard, or a transaction's branches). */
    static QueryConnections of(ConnectionProvider provider) {
        return new QueryConnections() {
            @Override
            public java.sql.Connection acquire(String dnId) {
                return provider.acquire(dnId);
            }

            @Override
            public void release(String dnId, java.sql.Connection connection) {
                provider.release(dnId, connection);
            }

            @Override
            public boolean allowsParallel() {
                return provider.allowsParallel();
            }

            @Override
            public boolean allowsParallelAcrossDataNodes() {
                return provider.allowsParallelAcrossDataNodes();
            }

            @Override
            public void close() {
            }


        };
    }
}
