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
            resetSettings(tx);
            tx.commit();
        }
    }

    public void rollback() {
        Transaction tx = state.transaction;
        state.transaction = null;
        state.explicitTransaction = false;
        if (tx != null) {
            resetSettings(tx);
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
            resetSettings(own);
        } catch (RuntimeException | Error e) {
            try {
                resetSettings(own);
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

    /**
     * Session variables whose value changes what a DN computes (time zone, SQL mode, ...), as {@code SET SESSION}
     * assignments, or null when the session uses the server defaults (the common case: no extra round trip).
     */
    private String dataNodeSettings() {
        StringBuilder sb = null;
        for (String name : DN_VARIABLES) {
            Object value = state.variables.get(name);
            if (value != null && !value.equals(context.variables().global(name))) {
                sb = sb == null ? new StringBuilder("SET SESSION ") : sb.append(", ");
                sb.append(name).append(" = ").append(Placeholders.literal(value));
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** Variables the CN hands on to the DNs because they change results computed there. */
    private static final java.util.List<String> DN_VARIABLES = java.util.List.of("time_zone", "sql_mode",
        "div_precision_increment", "group_concat_max_len");

    private static final String RESET_SETTINGS =
        "SET SESSION " + String.join(" = DEFAULT, ", DN_VARIABLES) + " = DEFAULT";

    private static void run(Connection connection, String sql) {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw SqlError.passThrough(e.getErrorCode() == 0 ? 1105 : e.getErrorCode(), e.getSQLState(),
                e.getMessage(), e);
        }
    }

    private ConnectionProvider pooled() {
        String settings = dataNodeSettings();
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                Connection c = context.dataNodes().getConnection(dnId);
                if (settings != null) {
                    try {
                        run(c, settings);
                    } catch (RuntimeException e) {
                        release(dnId, c);
                        throw e;
                    }
                }
                return c;
            }

            @Override
            public void release(String dnId, Connection connection) {
                try {
                    if (settings != null) {
                        // back to the server defaults before another session borrows this connection
                        run(connection, RESET_SETTINGS);
                    }
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

    /** DNs of the open session transaction whose branch connection got the session's settings. */
    private final java.util.Set<String> settingsApplied = new java.util.HashSet<>();

    private ConnectionProvider transactional(Transaction tx) {
        String settings = dataNodeSettings();
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                Connection c = tx.connection(dnId);
                if (settings != null && settingsApplied.add(dnId)) {
                    run(c, settings);
                }
                return c;
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

    /** Puts the branch connections back to the server defaults before the transaction hands them to the pool. */
    private void resetSettings(Transaction tx) {
        for (String dn : settingsApplied) {
            try {
                run(tx.connection(dn), RESET_SETTINGS);
            } catch (RuntimeException e) {
                // a broken branch connection is evicted by the transaction, settings and all
            }
        }
        settingsApplied.clear();
    }
}
