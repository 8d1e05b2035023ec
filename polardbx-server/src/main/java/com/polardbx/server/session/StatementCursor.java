package com.polardbx.server.session;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import java.util.List;

/**
 * A statement's result cursor that ends the statement's bookkeeping (SHOW PROCESSLIST's Command/Info) when it is
 * closed, not when the statement returns it: most of a query's work happens while its rows are read and sent. The
 * protocol layer closes the cursor after the last row, after an error and after KILL, so {@code ended} runs in each
 * case. Not thread-safe, like any cursor.
 */
final class StatementCursor implements RowCursor {
    private final RowCursor rows;
    private final Runnable ended;
    private final StatementTrace trace;
    private boolean closed;

    StatementCursor(RowCursor rows, Runnable ended, StatementTrace trace) {
        this.rows = rows;
        this.ended = ended;
        this.trace = trace;
    }

    @Override
    public List<ColumnMeta> columns() {
        return rows.columns();
    }

    @Override
    public Object[] next() {
        try {
            Object[] row = rows.next();
            if (row != null) {
                trace.rowSent();
            }
            return row;
        } catch (com.polardbx.common.error.SqlError e) {
            trace.failed(e.errno()); // the statement fails while its rows are sent
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rows.close();
        } finally {
            ended.run();
        }
    }
}
