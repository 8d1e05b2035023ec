package com.polardbx.transaction.xa;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.SQLException;

/** Turns a JDBC error from a data node into the {@link SqlError} a client sees. */
public final class DataNodeErrors {
    /** XAER_NOTA: the xid is unknown on that server (already committed or rolled back). */
    public static final int XAER_NOTA = 1397;
    private static final int FIRST_CLIENT_ERRNO = 2000;

    private DataNodeErrors() {
    }

    /**
     * A server error keeps the DN's errno, SQLSTATE and message, so applications react as they do against MySQL
     * (1062, 1213, 1205 ...); a driver or network error becomes "lost connection to data node".
     */
    public static SqlError toSqlError(String dnId, SQLException e) {
        if (e.getErrorCode() > 0 && e.getErrorCode() < FIRST_CLIENT_ERRNO) {
            return SqlError.passThrough(e.getErrorCode(), e.getSQLState(), e.getMessage(), e);
        }
        return new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, dnId, e.getMessage());
    }
}
