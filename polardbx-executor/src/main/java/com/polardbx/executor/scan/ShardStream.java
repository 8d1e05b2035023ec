package com.polardbx.executor.scan;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.operator.QueryContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard query being executed: its connection, streaming statement and result reader. Used by one thread, except
 * that its query's context may close it from another (after a failure); closing releases the connection exactly once.
 */
final class ShardStream implements AutoCloseable {
    /** Rows per server-side cursor fetch: few round trips, a bounded batch in the CN heap. */
    private static final int CURSOR_FETCH_ROWS = 4096;

    private static final Logger log = LoggerFactory.getLogger(ShardStream.class);

    private final ShardQuery query;
    private boolean warningsKept;
    private final ConnectionProvider provider;
    private final QueryContext context;
    private Connection connection;
    private Statement statement;
    private ResultSet resultSet;
    private ResultSetChunkReader reader;
    private DataNodeColumns columns;
    private long openedNanos;
    private long rowsRead;

    ShardStream(ShardQuery query, ConnectionProvider provider, QueryContext context) {
        this.query = query;
        this.provider = provider;
        this.context = context;
    }

    /** Acquires a connection and starts the query; afterwards {@link #columns()} is known. */
    synchronized void open() {
        connection = provider.acquire(query.dnId());
        openedNanos = System.nanoTime();
        try {
            if (provider.allowsStreaming()) {
                statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                // mysql-connector-j streams rows one by one only with this exact fetch size
                statement.setFetchSize(Integer.MIN_VALUE);
                if (!provider.allowsParallel() && context != null) {
                    // the session keeps this connection: an unread stream would block its next statement
                    context.onClose(this::close);
                }
            } else {
                // A transaction's branch or a snapshot connection that other shard queries may need while this result
                // is open, which a stream forbids; buffering the whole result instead can exhaust the heap.
                // A server-side cursor (the pools set useCursorFetch) fetches in batches and lets cursors interleave.
                statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
                statement.setFetchSize(CURSOR_FETCH_ROWS);
            }
            java.sql.Statement running = statement;
            context.onCancel(() -> {
                try {
                    running.cancel(); // KILL QUERY on the DN: a long statement stops now, not at the next chunk
                } catch (SQLException | RuntimeException ignored) {
                    // the statement finished or its connection is gone
                }
            });
            resultSet = statement instanceof java.sql.PreparedStatement prepared ? prepared.executeQuery()
                : statement.executeQuery(query.sql());
            columns = DataNodeColumns.of(resultSet.getMetaData());
            reader = new ResultSetChunkReader(resultSet, columns.types());
        } catch (SQLException e) {
            throw DataNodeErrors.fromDataNode(query.dnId(), e);
        }
    }

    DataNodeColumns columns() {
        return columns;
    }

    /** The next chunk, or {@code null} when the shard is exhausted. */
    synchronized Chunk next() {
        try {
            Chunk chunk = reader.next();
            if (chunk != null) {
                rowsRead += chunk.positionCount();
            } else {
                keepWarnings(); // the DN counts them in its last packet; the driver asks only when there are some
            }
            return chunk;
        } catch (SQLException e) {
            throw DataNodeErrors.fromDataNode(query.dnId(), e);
        }
    }

    /** Hands the DN's warnings for this shard query to the statement (once, when its rows are all read). */
    private void keepWarnings() throws SQLException {
        com.polardbx.common.metrics.DataNodeWork work = context != null ? context.dataNodeWork()
            : com.polardbx.common.metrics.DataNodeWork.current();
        if (warningsKept || work == null || statement == null) {
            return;
        }
        warningsKept = true;
        for (java.sql.SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
            work.warned(w.getErrorCode(), w.getMessage());
        }
    }

    /** Closes the result (a stream's unread rows are read and dropped) and releases the connection; idempotent. */
    @Override
    public synchronized void close() {
        if (connection == null) {
            return;
        }
        try {
            // Closing an unfinished streaming result set reads (and discards) the remaining rows.
            if (resultSet != null) {
                resultSet.close();
                keepWarnings(); // a reader that stopped after its rows (one value) did not see the end
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException e) {
            log.warn("closing the result of shard query on {} failed: {}", query.dnId(), e.getMessage());
        } finally {
            Connection c = connection;
            connection = null;
            provider.release(query.dnId(), c);
            long elapsed = System.nanoTime() - openedNanos;
            if (context != null) {
                context.dataNodeWork().shardFinished(rowsRead, elapsed);
            }
            com.polardbx.common.metrics.DataNodeLatencies.observe(query.dnId(), elapsed);
        }
    }
}
