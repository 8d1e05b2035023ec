package com.polardbx.common.result;

import java.util.Iterator;
import java.util.List;

/** What one statement produced: either an update count (OK packet) or rows (a result set). */
public sealed interface StatementResult {

    /** Number of warnings the statement raised (sent in OK/EOF packets). */
    int warnings();

    /** The OK-packet outcome of a statement without a result set. */
    record Ok(long affectedRows, long lastInsertId, int warnings, String info, List<Notice> notices)
        implements StatementResult {
        public static final Ok EMPTY = new Ok(0, 0, 0, null);

        public Ok(long affectedRows, long lastInsertId, int warnings, String info) {
            this(affectedRows, lastInsertId, warnings, info, List.of());
        }

        public static Ok of(long affectedRows) {
            return new Ok(affectedRows, 0, 0, null);
        }

        /** An OK that raised one note, as MySQL's {@code IF [NOT] EXISTS} clauses do for what they skipped. */
        public static Ok noted(com.polardbx.common.error.ErrorCode code, Object... args) {
            return new Ok(0, 0, 1, null, List.of(new Notice("Note", code.errno(), code.format(args))));
        }
    }

    /** One row of SHOW WARNINGS a statement raised: its level (Note, Warning, Error), code and message. */
    record Notice(String level, int code, String message) {
    }

    /** A result set; the cursor is consumed and closed by the protocol layer. */
    record Rows(RowCursor cursor, int warnings) implements StatementResult {
        public static Rows of(RowCursor cursor) {
            return new Rows(cursor, 0);
        }
    }

    /**
     * LOAD DATA LOCAL INFILE: the client must now send {@code fileName}; the protocol layer feeds what it sends to
     * {@code receiver} and answers with the OK packet {@link LocalFileReceiver#finish()} returns.
     */
    record LocalFile(String fileName, LocalFileReceiver receiver) implements StatementResult {
        @Override
        public int warnings() {
            return 0;
        }
    }

    /** A fully materialized result set, handy for SHOW commands and constants. */
    static Rows ofRows(List<ColumnMeta> columns, List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        return Rows.of(new RowCursor() {
            @Override
            public List<ColumnMeta> columns() {
                return columns;
            }

            @Override
            public Object[] next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public void close() {
            }
        });
    }
}
