package com.polardbx.gms.store;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.sql.SQLException;

/** Small JDBC helpers shared by the metadb accessors. */
public final class MetaSql {
    private static final int DEADLOCK = 1213;
    private static final int MAX_ATTEMPTS = 5;

    private MetaSql() {
    }

    /** Wraps a metadb failure for the client; metadb trouble is an internal error, never the user's. */
    public static SqlError error(SQLException e) {
        return new SqlError(e, ErrorCode.ER_INTERNAL, "metadb: " + e.getMessage());
    }

    /** Work done inside one metadb transaction. */
    @FunctionalInterface
    public interface TxBody<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code body} in one transaction on a fresh metadb connection; rolls back on any failure and retries a few
     * times when InnoDB picked the transaction as a deadlock victim (the body must be safe to run again).
     */
    public static <T> T inTransaction(MetaDb db, TxBody<T> body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransactionOnce(db, body);
            } catch (SQLException e) {
                if (e.getErrorCode() != DEADLOCK || attempt >= MAX_ATTEMPTS) {
                    throw error(e);
                }
            }
        }
    }

    private static <T> T inTransactionOnce(MetaDb db, TxBody<T> body) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T result = body.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
