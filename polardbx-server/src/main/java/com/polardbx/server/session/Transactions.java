package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.server.ServerContext;
import com.polardbx.transaction.Transaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Transaction boundaries of one session: explicit BEGIN/COMMIT/ROLLBACK, autocommit=0, MySQL's implicit commit,
 * and one-statement transactions for autocommit writes that touch several data nodes.
 */
public final class Transactions {
    private final ServerContext context;
    private final SessionState state;

    Transactions(ServerContext context, SessionState state) {
        this.context = context;
        this.state = state;
    }

    /** True while a transaction spans statements (explicit, or autocommit=0 after the first statement). */
    public boolean active() {
        return state.transaction != null;
    }

    public void begin() {
        implicitCommit();
        state.transaction = context.transactions().begin();
        state.explicitTransaction = true;
    }

    public void commit() {
        Transaction tx = state.transaction;
        state.transaction = null;
        state.explicitTransaction = false;
        if (tx != null) {
            tx.commit();
        }
    }

    public void rollback() {
        Transaction tx = state.transaction;
        state.transaction = null;
        state.explicitTransaction = false;
        if (tx != null) {
            tx.rollback();
        }
    }

    public void implicitCommit() {
        if (state.transaction != null) {
            commit();
        }
    }

    void rollbackQuietly() {
        try {
            rollback();
        } catch (RuntimeException ignored) {
            // the branches are rolled back by the DNs when the connections go away, or by recovery
        }
    }

    /** The session transaction if one must be open now (explicit, or autocommit=0), else null. */
    private Transaction sessionTransaction() {
        if (state.transaction == null && !state.autocommit()) {
            state.transaction = context.transactions().begin();
        }
        return state.transaction;
    }

    /**
     * Runs a write. Inside a session transaction it uses that; otherwise a write to one DN runs on a pooled
     * autocommit connection and a write to several DNs in its own distributed transaction, committed at the end.
     */
    public <T> T write(boolean severalDataNodes, Function<ConnectionProvider, T> work) {
        Transaction tx = sessionTransaction();
        if (tx != null) {
            return work.apply(transactional(tx));
        }
        if (!severalDataNodes) {
            return work.apply(pooled());
        }
        Transaction own = context.transactions().begin();
        T result;
        try {
            result = work.apply(transactional(own));
        } catch (RuntimeException | Error e) {
            try {
                own.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        own.commit();
        return result;
    }

    /** Connections for a query: the session transaction's branches if one is open, else pooled ones. */
    public ConnectionProvider forRead() {
        Transaction tx = sessionTransaction();
        return tx != null ? transactional(tx) : pooled();
    }

    private ConnectionProvider pooled() {
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                return context.dataNodes().getConnection(dnId);
            }

            @Override
            public void release(String dnId, Connection connection) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    throw new SqlError(e, ErrorCode.ER_INTERNAL, e.getMessage());
                }
            }

            @Override
            public boolean allowsParallel() {
                return true;
            }
        };
    }

    private static ConnectionProvider transactional(Transaction tx) {
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                return tx.connection(dnId);
            }

            @Override
            public void release(String dnId, Connection connection) {
                // the branch connection stays with the transaction until commit/rollback
            }

            @Override
            public boolean allowsParallel() {
                return false;
            }
        };
    }
}
