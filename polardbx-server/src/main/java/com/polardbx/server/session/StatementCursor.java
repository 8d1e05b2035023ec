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
    private final Runnable exhausted;
    private boolean sawEnd;
    private final Runnable ended;
    private final StatementTrace trace;
    private boolean closed;

    /** @param exhausted runs once after the last row, before the protocol layer writes the result's end */
    StatementCursor(RowCursor rows, Runnable exhausted, Runnable ended, StatementTrace trace) {
        this.rows = rows;
        this.exhausted = exhausted;
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
            } else if (!sawEnd) {
                sawEnd = true;
                exhausted.run();
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
