package com.polardbx.tests.bank;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer of the CN's global binlog (mysql-binlog-connector-java over COM_BINLOG_DUMP) that applies the bank's row
 * changes to a plain MariaDB database, one target transaction per binlog transaction, as a replica would:
 * <ul>
 *   <li>at each XID it checks on the target that the accounts are all there or none, and that their total is the
 *       bank's total, then stores the position after the XID in the same target transaction and commits;</li>
 *   <li>updates and deletes name the whole before-image, inserts the primary key, so a change applied twice (or a
 *       change lost before it) fails to match and is a violation;</li>
 *   <li>after a disconnect it {@link #resume}s from the stored position, the last one it processed.</li>
 * </ul>
 * The target has {@code accounts}, {@code transfers} (as the bank's, not partitioned) and {@code applier_position}.
 */
final class BinlogBankApplier implements AutoCloseable {
    private final int cnPort;
    private final String sourceDb;
    private final Connection target;
    private final Map<Long, String> tables = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private BinaryLogClient client;
    /** Whether a binlog transaction is open on the target. */
    private boolean open;
    private long transactions;
    private long checkedTotals;
    private String file;
    private long position;

    BinlogBankApplier(int cnPort, String sourceDb, Connection target) throws SQLException {
        this.cnPort = cnPort;
        this.sourceDb = sourceDb;
        this.target = target;
        try (Statement st = target.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS applier_position (id INT PRIMARY KEY, file VARCHAR(64) NOT NULL,"
                + " pos BIGINT NOT NULL)");
        }
        target.setAutoCommit(false);
    }

    /** Starts reading at {@code file:pos}, recording it as the last processed position. */
    void startAt(String startFile, long startPosition) throws Exception {
        synchronized (this) {
            try (PreparedStatement ps = target.prepareStatement("REPLACE INTO applier_position VALUES (1, ?, ?)")) {
                ps.setString(1, startFile);
                ps.setLong(2, startPosition);
                ps.executeUpdate();
            }
            target.commit();
        }
        resume();
    }

    /**
     * Drops whatever binlog transaction was half applied and reads again from the stored position. The old client is
     * disconnected outside this object's lock: its thread may be waiting for the lock with an event.
     */
    void resume() throws Exception {
        disconnect();
        BinaryLogClient c;
        synchronized (this) {
            target.rollback();
            open = false;
            tables.clear();
            try (Statement st = target.createStatement();
                 ResultSet rs = st.executeQuery("SELECT file, pos FROM applier_position WHERE id = 1")) {
                rs.next();
                file = rs.getString(1);
                position = rs.getLong(2);
            }
            c = new BinaryLogClient("127.0.0.1", cnPort, "root", "");
            c.setServerId(5151);
            c.setBinlogFilename(file);
            c.setBinlogPosition(position);
            c.setHeartbeatInterval(500);
            c.setKeepAlive(false);
            c.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.DISABLED);
            BinaryLogClient self = c;
            c.registerEventListener(e -> onEvent(self, e));
            client = c;
        }
        c.connect(10_000);
    }

    private synchronized void onEvent(BinaryLogClient from, Event e) {
        if (from != client) {
            return; // a client already replaced (its last events may still arrive)
        }
        try {
            apply(from, e);
        } catch (SQLException ex) {
            violations.add("at " + from.getBinlogFilename() + ":" + ((EventHeaderV4) e.getHeader()).getPosition()
                + ": " + ex.getMessage());
        }
    }

    private void apply(BinaryLogClient from, Event e) throws SQLException {
        EventType type = e.getHeader().getEventType();
        if (e.getData() instanceof QueryEventData q) {
            if (q.getSql().equals("BEGIN")) {
                if (open) {
                    violations.add("BEGIN inside a transaction at " + from.getBinlogFilename());
                }
                target.rollback();
                open = true;
            } // DDL: the target's tables are made by the test
        } else if (e.getData() instanceof TableMapEventData m) {
            tables.put(m.getTableId(), m.getDatabase().equals(sourceDb) ? m.getTable() : null);
        } else if (e.getData() instanceof WriteRowsEventData w) {
            for (Serializable[] row : w.getRows()) {
                change(w.getTableId(), null, row);
            }
        } else if (e.getData() instanceof UpdateRowsEventData u) {
            for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) {
                change(u.getTableId(), row.getKey(), row.getValue());
            }
        } else if (e.getData() instanceof DeleteRowsEventData d) {
            for (Serializable[] row : d.getRows()) {
                change(d.getTableId(), row, null);
            }
        } else if (type == EventType.XID) {
            if (!open) {
                violations.add("XID outside a transaction at " + from.getBinlogFilename());
            }
            commit(from.getBinlogFilename(), ((EventHeaderV4) e.getHeader()).getNextPosition());
        }
    }

    private void change(long tableId, Serializable[] before, Serializable[] after) throws SQLException {
        if (!tables.containsKey(tableId)) {
            violations.add("rows event for unmapped table id " + tableId);
            return;
        }
        String table = tables.get(tableId);
        if (table == null) {
            return; // another database
        }
        if (!open) {
            violations.add("rows event outside a transaction");
        }
        String sql;
        List<Object> args = new ArrayList<>();
        if (before == null) {
            sql = "INSERT INTO " + table + " VALUES (" + "?, ".repeat(after.length - 1) + "?)";
            args.addAll(List.of(after));
        } else {
            String where = " WHERE " + columnsEqual(table, before.length, " AND ");
            sql = after == null ? "DELETE FROM " + table + where
                : "UPDATE " + table + " SET " + columnsEqual(table, after.length, ", ") + where;
            if (after != null) {
                args.addAll(List.of(after));
            }
            args.addAll(List.of(before));
        }
        try (PreparedStatement ps = target.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            if (ps.executeUpdate() != 1) {
                violations.add("no row matched (lost or repeated change): " + sql + " " + args);
            }
        }
    }

    private static String columnsEqual(String table, int count, String separator) {
        List<String> names = table.equals("accounts") ? List.of("id", "balance") : List.of("id", "src", "dst", "amount");
        if (count != names.size()) {
            throw new IllegalStateException(table + " row with " + count + " columns");
        }
        return String.join(separator, names.stream().map(n -> n + " = ?").toList());
    }

    /** Checks the bank's invariant on the target, stores the position after the XID with the changes, commits. */
    private void commit(String xidFile, long next) throws SQLException {
        try (Statement st = target.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(balance), 0) FROM accounts")) {
            rs.next();
            long count = rs.getLong(1);
            long total = rs.getLong(2);
            if (count == BankWorkload.ACCOUNTS) {
                checkedTotals++;
                if (total != BankWorkload.TOTAL) {
                    violations.add("total " + total + " after the transaction ending at " + xidFile + ":" + next);
                }
            } else if (count != 0) {
                violations.add(count + " accounts after the transaction ending at " + xidFile + ":" + next);
            }
        }
        try (PreparedStatement ps = target.prepareStatement("UPDATE applier_position SET file = ?, pos = ?")) {
            ps.setString(1, xidFile);
            ps.setLong(2, next);
            ps.executeUpdate();
        }
        target.commit();
        open = false;
        transactions++;
        file = xidFile;
        position = next;
        notifyAll();
    }

    /** Waits until the transaction ending at or after {@code endFile:endPosition} is applied. */
    synchronized void awaitPosition(String endFile, long endPosition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while ((file.compareTo(endFile) < 0 || (file.equals(endFile) && position < endPosition))
            && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (file.compareTo(endFile) < 0 || (file.equals(endFile) && position < endPosition)) {
            throw new AssertionError("applier at " + file + ":" + position + ", not at " + endFile + ":" + endPosition
                + "; violations " + violations);
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Binlog transactions applied (of any database) and, of them, those after which the total was checked. */
    synchronized long[] counts() {
        return new long[] {transactions, checkedTotals};
    }

    private void disconnect() throws Exception {
        BinaryLogClient c;
        synchronized (this) {
            c = client;
            client = null;
        }
        if (c != null) {
            c.disconnect();
        }
    }

    @Override
    public void close() throws Exception {
        disconnect();
        synchronized (this) {
            target.rollback();
        }
    }
}
