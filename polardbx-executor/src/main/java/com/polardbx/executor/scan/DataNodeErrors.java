package com.polardbx.executor.scan;

import com.polardbx.common.error.SqlError;
import java.sql.SQLException;

/** Turns JDBC errors from a data node into client errors that keep the DN's errno and SQLSTATE. */
public final class DataNodeErrors {
    private DataNodeErrors() {
    }

    /** A pass-through error whose message names the data node. */
    public static SqlError fromDataNode(String dnId, SQLException e) {
        int errno = e.getErrorCode() == 0 ? 2013 : e.getErrorCode();
        return SqlError.passThrough(errno, e.getSQLState(), "[" + dnId + "] " + e.getMessage(), e);
    }
}
