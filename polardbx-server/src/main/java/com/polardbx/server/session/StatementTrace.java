package com.polardbx.server.session;

import com.polardbx.server.observe.StatementEvent;

/**
 * What the observers learn about one statement while it runs: its start, the rows it sent or changed, its error.
 * Finished once, when its OK or error is decided or its last row was read. Confined to the session's thread.
 */
final class StatementTrace {
    private final String sql;
    /** The text the digest is computed from: a prepared statement's template, not its bound text. */
    private final String digestSource;
    private final long startNanos;
    private final long startMillis;
    private final String database;
    private final long transactionAtStart;
    /** The statement's own DN work: a streamed result may be finished after the session moved on. */
    private final com.polardbx.common.metrics.DataNodeWork work;
    private long rowsSent;
    private long rowsAffected;
    private long warnings;
    private int errno;
    private boolean finished;

    StatementTrace(String sql, String digestSource, SessionState state, long startNanos) {
        this.sql = sql;
        this.digestSource = digestSource;
        this.startNanos = startNanos;
        this.startMillis = System.currentTimeMillis();
        this.database = state.database;
        this.transactionAtStart = state.transactionId();
        this.work = state.dataNodeWork;
    }

    void ok(long affected, long warningCount) {
        rowsAffected = affected;
        warnings = warningCount;
    }

    void rowSent() {
        rowsSent++;
    }

    void warnings(long warningCount) {
        warnings = warningCount;
    }

    void failed(int errorNumber) {
        errno = errorNumber;
    }

    /** The finished statement, or null when it was already reported. */
    StatementEvent finish(SessionState state) {
        if (finished) {
            return null;
        }
        finished = true;
        long tx = transactionAtStart != 0 ? transactionAtStart : state.transactionId();
        return new StatementEvent(startMillis, System.nanoTime() - startNanos, state.connectionId, state.user,
            state.clientHost, database, sql, rowsSent, rowsAffected, Math.max(work.rows(), rowsSent + rowsAffected),
            errno, warnings, tx, work.shards(), work.nanos());
    }

    String digestSource() {
        return digestSource;
    }
}
