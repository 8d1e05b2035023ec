package com.polardbx.transaction.xa;

import com.mysql.cj.MysqlConnection;
import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XA branch: a pooled connection to one data node with an XA transaction started on it.
 *
 * <p>Call order: {@link #start}, statements on {@link #connection()}, then either {@link #end()} +
 * {@link #prepare()} + {@link #commit()}, or {@link #end()} + {@link #commitOnePhase()}, or {@link #rollback()};
 * finally exactly one of {@link #release()}, {@link #evict()} or {@link #abandon()}. Not thread-safe, but the steps
 * may run on different threads one after the other.
 */
public final class XaBranch {
    private static final Logger log = LoggerFactory.getLogger(XaBranch.class);

    /** Where the branch is in the XA state machine. */
    public enum State { ACTIVE, IDLE, PREPARED, COMMITTED, ROLLED_BACK }

    private final DataNodePools pools;
    private final Xid xid;
    private final Connection connection;
    private final long sessionId;
    private volatile State state = State.ACTIVE;
    private volatile boolean detached;

    private XaBranch(DataNodePools pools, Xid xid, Connection connection, long sessionId) {
        this.pools = pools;
        this.xid = xid;
        this.connection = connection;
        this.sessionId = sessionId;
    }

    /**
     * A consistent read of a table every InnoDB server has: InnoDB creates a transaction's read view at its first
     * consistent read, so this fixes the branch's snapshot now. ({@code LIMIT 0} or an impossible WHERE would not.)
     */
    private static final String READ_VIEW_ANCHOR = "SELECT 1 FROM mysql.innodb_table_stats LIMIT 1";

    /** Borrows a connection and runs {@code XA START}; the connection goes back to the pool when that fails. */
    public static XaBranch start(DataNodePools pools, Xid xid) throws SQLException {
        return start(pools, xid, Connection.TRANSACTION_REPEATABLE_READ);
    }

    /**
     * Like {@link #start(DataNodePools, Xid)} with a JDBC isolation level for the branch; the pool puts the
     * connection's level back when it is returned.
     */
    public static XaBranch start(DataNodePools pools, Xid xid, int isolation) throws SQLException {
        Connection c = pools.getConnection(xid.dnId());
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            if (c.getTransactionIsolation() != isolation) {
                c.setTransactionIsolation(isolation);
            }
            long sessionId = sessionId(c);
            execute(c, "XA START " + xid.toSql());
            return new XaBranch(pools, xid, c, sessionId);
        } catch (SQLException | RuntimeException e) {
            pools.evict(xid.dnId(), c);
            throw e;
        }
    }

    public Xid xid() {
        return xid;
    }

    public String dnId() {
        return xid.dnId();
    }

    public State state() {
        return state;
    }

    /** The DN server thread id of the branch's connection ({@code CONNECTION_ID()}, {@code KILL} takes it). */
    public long sessionId() {
        return sessionId;
    }

    /** An action on another connection that concerns this branch's session, such as {@code KILL QUERY}. */
    @FunctionalInterface
    public interface SessionAction {
        void run() throws SQLException;
    }

    /**
     * Runs an action, typically from another thread, while the branch still owns its connection: {@link #release()},
     * {@link #evict()} wait for it, so the action can't reach a session already handed to someone else.
     *
     * @return false, without running the action, when the connection was already given up
     */
    public synchronized boolean whileAttached(SessionAction action) throws SQLException {
        if (detached) {
            return false;
        }
        action.run();
        return true;
    }

    /** The connection the branch's statements run on; owned by the branch, never closed by callers. */
    public Connection connection() {
        return connection;
    }

    /** Creates the branch's read view now (see {@link #READ_VIEW_ANCHOR}). */
    public void openReadView() throws SQLException {
        try (Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(READ_VIEW_ANCHOR)) {
            while (rs.next()) {
                // drain
            }
        }
    }

    public void end() throws SQLException {
        execute(connection, "XA END " + xid.toSql());
        state = State.IDLE;
    }

    public void prepare() throws SQLException {
        execute(connection, "XA PREPARE " + xid.toSql());
        state = State.PREPARED;
    }

    public void commit() throws SQLException {
        execute(connection, "XA COMMIT " + xid.toSql());
        state = State.COMMITTED;
    }

    public void commitOnePhase() throws SQLException {
        execute(connection, "XA COMMIT " + xid.toSql() + " ONE PHASE");
        state = State.COMMITTED;
    }

    /**
     * Rolls the branch back from whatever state it is in, best effort.
     *
     * @return true when the connection is known to be clean (no XA transaction left on it)
     */
    public boolean rollback() {
        if (state == State.COMMITTED || state == State.ROLLED_BACK) {
            return true;
        }
        if (state == State.ACTIVE) {
            try {
                end();
            } catch (SQLException e) {
                // A deadlock victim or a killed branch refuses XA END; XA ROLLBACK below still cleans it up.
                log.debug("XA END before rollback of {} failed: {}", xid, e.getMessage());
            }
        }
        try {
            execute(connection, "XA ROLLBACK " + xid.toSql());
            state = State.ROLLED_BACK;
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == DataNodeErrors.XAER_NOTA) {
                state = State.ROLLED_BACK;
                return true;
            }
            log.warn("XA ROLLBACK of {} failed, the connection will be evicted: {}", xid, e.getMessage());
            return false;
        }
    }

    /** Returns the connection to the pool; only after the branch committed or rolled back. */
    public void release() {
        if (detach()) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("returning connection of {} failed: {}", xid, e.getMessage());
        }
    }

    /** Closes the physical connection; a prepared branch survives it on the DN and is left to recovery. */
    public void evict() {
        if (detach()) {
            return;
        }
        try {
            pools.evict(xid.dnId(), connection);
        } catch (RuntimeException e) {
            log.warn("evicting connection of {} failed: {}", xid, e.getMessage());
        }
    }

    /** Drops the connection at once as a dying process would: no XA END, no rollback, socket closed. */
    public void abandon() {
        if (detached) {
            return;
        }
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.debug("abort of {} failed: {}", xid, e.getMessage());
        }
        evict();
    }

    /** Marks the connection as given up; true when it already was. */
    private synchronized boolean detach() {
        boolean was = detached;
        detached = true;
        return was;
    }

    /** Releases the connection when it is clean, evicts it otherwise. */
    public void rollbackAndRelease() {
        if (rollback()) {
            release();
        } else {
            evict();
        }
    }

    /**
     * The server thread id, known to mysql-connector-j from the handshake (no round trip); other drivers are asked.
     * The pool hands out HikariCP proxies, which unwrap to the driver's connection.
     */
    private static long sessionId(Connection c) throws SQLException {
        if (c.isWrapperFor(MysqlConnection.class)) {
            return c.unwrap(MysqlConnection.class).getId();
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
