package com.polardbx.executor.scan;

import com.polardbx.common.error.SqlError;
import java.sql.SQLException;

/** Turns JDBC errors from a data node into client errors that keep the DN's errno and SQLSTATE. */
public final class DataNodeErrors {
    private DataNodeErrors() {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataNodeErrors.class);

    /**
     * A pass-through error with the DN's own message: the client sees MariaDB's text, never which DN answered (that
     * goes to the CN's log).
     */
    public static SqlError fromDataNode(String dnId, SQLException e) {
        int errno = e.getErrorCode() == 0 ? 2013 : e.getErrorCode();
        log.debug("data node {} answered {}: {}", dnId, errno, e.getMessage());
        return SqlError.passThrough(errno, e.getSQLState(), e.getMessage(), e);
    }
}
