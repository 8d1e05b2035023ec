package com.polardbx.executor.scan;

import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.QueryContext;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the rows of one physical query on one DN as chunks. The query starts in the constructor, so
 * {@link #columns()} is known before the first chunk is read. One consumer thread.
 */
public final class ShardScanSource implements ChunkSource {
    private final String dnId;
    private final ConnectionProvider connections;
    private final QueryContext context;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet resultSet;
    private final List<ColumnMeta> columns = new ArrayList<>();
    private final List<ColumnType> types = new ArrayList<>();
    private boolean done;
    private boolean closed;

    public ShardScanSource(String dnId, String sql, ConnectionProvider connections, QueryContext context) {
        this.dnId = dnId;
        this.connections = connections;
        this.context = context;
        this.connection = connections.acquire(dnId);
        Statement st = null;
        try {
            st = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            if (connections.allowsParallel()) {
                // Stream rows instead of buffering them; not on a shared transaction connection, which may have to
                // serve another shard's query while this result is still open.
                st.setFetchSize(Integer.MIN_VALUE);
            }
            this.statement = st;
            this.resultSet = st.executeQuery(sql);
            ResultSetMetaData md = resultSet.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                ColumnMeta meta = ResultColumns.meta(md, i);
                columns.add(meta);
                types.add(ResultColumns.type(meta));
            }
        } catch (SQLException e) {
            closeQuietly(st);
            connections.release(dnId, connection);
            throw DataNodeError.of(dnId, e);
        }
    }

    public List<ColumnMeta> columns() {
        return columns;
    }

    public List<ColumnType> types() {
        return types;
    }

    @Override
    public Chunk next() {
        if (done) {
            return null;
        }
        if (context != null) {
            context.checkInterrupted();
        }
        ChunkBuilder builder = new ChunkBuilder(types);
        Object[] row = new Object[types.size()];
        try {
            while (!builder.isFull() && resultSet.next()) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = read(i + 1, types.get(i));
                }
                builder.appendRow(row);
            }
            if (!builder.isFull()) {
                done = true;
                close();
            }
        } catch (SQLException e) {
            close();
            throw DataNodeError.of(dnId, e);
        }
        return builder.isEmpty() ? null : builder.build();
    }

    private Object read(int column, ColumnType type) throws SQLException {
        Object v = switch (type.execType()) {
            case LONG -> {
                long l = resultSet.getLong(column);
                yield resultSet.wasNull() ? null : l;
            }
            case BIG_INTEGER -> {
                BigDecimal d = resultSet.getBigDecimal(column);
                yield d == null ? null : d.toBigInteger();
            }
            case DOUBLE -> {
                double d = resultSet.getDouble(column);
                yield resultSet.wasNull() ? null : d;
            }
            case DECIMAL -> resultSet.getBigDecimal(column);
            case BYTES -> resultSet.getBytes(column);
            case STRING -> resultSet.getString(column);
        };
        return type.execType() == ExecType.STRING && v == null ? null : v;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!done) {
                statement.cancel(); // a streaming result would otherwise be read to its end on close
            }
        } catch (SQLException ignored) {
            // best effort
        }
        closeQuietly(resultSet);
        closeQuietly(statement);
        connections.release(dnId, connection);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the connection is released right after
            }
        }
    }

    /** Helper kept here so callers see DN errors with their own errno. */
    static final class DataNodeError {
        private DataNodeError() {
        }

        static SqlError of(String dnId, SQLException e) {
            return SqlError.passThrough(e.getErrorCode() == 0 ? 1105 : e.getErrorCode(), e.getSQLState(),
                e.getMessage(), e);
        }
    }
}
