package com.polardbx.transaction.deadlock;

import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's sessions on the data nodes: reads their lock waits and interrupts waiting statements.
 *
 * <p>Each DN gets one dedicated connection outside the pool, opened on first use and closed after
 * {@link #closeIdle} finds it unused: deadlocked transactions hold pooled connections, and a detector that had to wait
 * for one could not resolve the deadlock that exhausted the pool. The lock waits and the process list are read as the
 * monitor account ({@link DataNodePools#openMonitor}, PROCESS only: it sees other sessions' transactions); KILL QUERY
 * goes through a second session as the CN's own account, which may end its own threads without any privilege.
 * Thread-safe.
 */
final class LockWaitMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("polardbx.deadlock");
    /** MariaDB's answer to KILL for a thread that has gone away in the meantime. */
    private static final int ER_NO_SUCH_THREAD = 1094;

    private final DataNodePools pools;
    private final Map<String, Session> sessions = new HashMap<>();

    private static final class Session {
        final Connection connection;
        /** The CN account's session, opened on the first KILL. */
        Connection killer;
        long lastUse;

        Session(Connection connection) {
            this.connection = connection;
        }

        void close() {
            closeQuietly(connection);
            if (killer != null) {
                closeQuietly(killer);
            }
        }
    }

    LockWaitMonitor(DataNodePools pools) {
        this.pools = pools;
    }

    /** The DN's wait-for edges now; one round trip. */
    synchronized List<LockWait> read(String dnId) throws SQLException {
        List<DataNodeLockWaits.Row> rows = new ArrayList<>();
        Connection c = session(dnId);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(DataNodeLockWaits.SQL)) {
            while (rs.next()) {
                rows.add(new DataNodeLockWaits.Row(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getLong(6)));
            }
        } catch (SQLException e) {
            drop(dnId);
            throw e;
        }
        return DataNodeLockWaits.edges(dnId, rows);
    }

    /**
     * For each of the given sessions that is running a statement now, how long it has been running, in ms. Read from
     * {@code PROCESSLIST}, which, unlike the InnoDB lock tables, is never served from a cache.
     */
    synchronized Map<Long, Double> statementMillis(String dnId, Collection<Long> threadIds) throws SQLException {
        Map<Long, Double> result = new HashMap<>();
        if (threadIds.isEmpty()) {
            return result;
        }
        String ids = threadIds.stream().map(String::valueOf).collect(Collectors.joining(", "));
        try (Statement st = session(dnId).createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, TIME_MS FROM information_schema.PROCESSLIST"
                 + " WHERE COMMAND IN ('Query', 'Execute') AND ID IN (" + ids + ")")) {
            while (rs.next()) {
                result.put(rs.getLong(1), rs.getDouble(2));
            }
        } catch (SQLException e) {
            drop(dnId);
            throw e;
        }
        return result;
    }

    /** {@code KILL QUERY}: the statement running in that DN session ends with error 1317, its transaction lives on. */
    synchronized void killQuery(String dnId, long threadId) throws SQLException {
        try (Statement st = killer(dnId).createStatement()) {
            st.execute("KILL QUERY " + threadId);
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_NO_SUCH_THREAD) {
                return;
            }
            drop(dnId);
            throw e;
        }
    }

    /** Closes the sessions not used for {@code idleMillis}. */
    synchronized void closeIdle(long idleMillis) {
        long now = System.currentTimeMillis();
        for (Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Session> entry = it.next();
            if (now - entry.getValue().lastUse >= idleMillis) {
                it.remove();
                entry.getValue().close();
            }
        }
    }

    @Override
    public synchronized void close() {
        sessions.values().forEach(Session::close);
        sessions.clear();
    }

    private Connection session(String dnId) throws SQLException {
        Session session = sessions.get(dnId);
        if (session == null) {
            session = new Session(pools.openMonitor(dnId));
            sessions.put(dnId, session);
        }
        session.lastUse = System.currentTimeMillis();
        return session.connection;
    }

    private Connection killer(String dnId) throws SQLException {
        session(dnId);
        Session session = sessions.get(dnId);
        if (session.killer == null) {
            session.killer = pools.openDedicated(dnId);
        }
        return session.killer;
    }

    private void drop(String dnId) {
        Session session = sessions.remove(dnId);
        if (session != null) {
            session.close();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a deadlock detector session failed: {}", e.getMessage());
        }
    }
}
