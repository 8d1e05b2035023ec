package com.polardbx.transaction.xa;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.SQLException;

/** Turns a JDBC error from a data node into the {@link SqlError} a client sees. */
public final class DataNodeErrors {
    /** XAER_NOTA: the xid is unknown on that server (already committed or rolled back). */
    public static final int XAER_NOTA = 1397;
    /** XAER_RMFAIL: on XA END or XA PREPARE it means the DN already rolled the branch back (deadlock, timeout). */
    public static final int XAER_RMFAIL = 1399;
    /** ER_LOCK_DEADLOCK: the DN's own deadlock detector rolled back the branch's DN transaction. */
    public static final int ER_LOCK_DEADLOCK = 1213;

    private DataNodeErrors() {
    }

    /**
     * A server error keeps the DN's errno, SQLSTATE and message, so applications react as they do against MySQL
     * (1062, 1213, 1205 ...); a driver or network error becomes "lost connection to data node".
     */
    public static SqlError toSqlError(String dnId, SQLException e) {
        return toSqlError(dnId, e, false);
    }

    /**
     * Like {@link #toSqlError(String, SQLException)} for a failed XA END / XA PREPARE / one-phase commit: a branch
     * the DN had already rolled back (its state is ROLLBACK ONLY) is reported as MySQL's XA_RBROLLBACK.
     */
    public static SqlError toCommitError(String dnId, SQLException e) {
        return toSqlError(dnId, e, true);
    }

    /**
     * The first MySQL errno in a failure's cause chain ({@link SqlError#errno()}, {@link SQLException#getErrorCode()}),
     * or 0.
     */
    public static int errno(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SqlError e && e.errno() > 0) {
                return e.errno();
            }
            if (t instanceof SQLException e && e.getErrorCode() > 0) {
                return e.getErrorCode();
            }
        }
        return 0;
    }

    /** A failure of any kind as the error the client gets: a {@link SqlError} as it is, a DN error passed through. */
    public static SqlError toClientError(Throwable failure) {
        if (failure instanceof SqlError e) {
            return e;
        }
        if (failure instanceof SQLException e) {
            return toSqlError("of the transaction", e);
        }
        return new SqlError(failure, ErrorCode.ER_INTERNAL, String.valueOf(failure.getMessage()));
    }

    private static SqlError toSqlError(String dnId, SQLException e, boolean committing) {
        if (committing && e.getErrorCode() == XAER_RMFAIL) {
            return new SqlError(e, ErrorCode.ER_XA_RBROLLBACK);
        }
        if (SqlError.isServerErrno(e.getErrorCode())) {
            return SqlError.passThrough(e.getErrorCode(), e.getSQLState(), e.getMessage(), e);
        }
        return new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, dnId, e.getMessage());
    }
}
