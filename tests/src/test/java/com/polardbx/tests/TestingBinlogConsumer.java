package com.polardbx.tests;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * A replica of the CN's global binlog made with mysql-binlog-connector-java (COM_BINLOG_DUMP): collects committed
 * transactions as lists of row changes in text form ({@code INSERT db.t [1, a]}, {@code UPDATE db.t [..] -> [..]},
 * {@code DELETE db.t [..]}), keeping only the tables of one database.
 */
final class TestingBinlogConsumer implements AutoCloseable {
    private final BinaryLogClient client;
    private final String database;
    private final Map<Long, String> tables = new HashMap<>();
    private final List<List<String>> transactions = new ArrayList<>();
    /** When each of {@link #transactions} arrived (System.nanoTime()). */
    private final List<Long> arrivals = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> ddls = new ArrayList<>();
    private String[] afterLastDdl;
    private List<String> open;
    private int heartbeats;

    TestingBinlogConsumer(int port, String file, long position, String database) {
        this.database = database;
        client = new BinaryLogClient("127.0.0.1", port, "root", "");
        client.setServerId(4242);
        client.setBinlogFilename(file);
        client.setBinlogPosition(position);
        client.setHeartbeatInterval(500);
        client.setKeepAlive(false);
        client.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.DISABLED);
        client.registerEventListener(this::onEvent);
    }

    void start() throws Exception {
        client.connect(10_000);
    }

    private synchronized void onEvent(Event e) {
        EventType type = e.getHeader().getEventType();
        if (type == EventType.HEARTBEAT) {
            heartbeats++;
        } else if (e.getData() instanceof QueryEventData q) {
            if (q.getSql().equals("BEGIN")) {
                if (open != null) {
                    errors.add("BEGIN inside a transaction");
                }
                open = new ArrayList<>();
            } else if (q.getDatabase().equals(database) || q.getSql().contains(database)) {
                // a DDL: its own transaction, "DDL db CREATE TABLE `name`" (the statement up to the first '(')
                String sql = q.getSql();
                int paren = sql.indexOf('(');
                transactions.add(List.of("DDL " + q.getDatabase() + " " + (paren < 0 ? sql : sql.substring(0, paren))
                    .trim()));
                arrivals.add(System.nanoTime());
                ddls.add(sql);
                afterLastDdl = new String[] {client.getBinlogFilename(),
                    Long.toString(((com.github.shyiko.mysql.binlog.event.EventHeaderV4) e.getHeader()).getNextPosition())};
                notifyAll();
            }
        } else if (e.getData() instanceof TableMapEventData m) {
            tables.put(m.getTableId(), m.getDatabase() + "." + m.getTable());
        } else if (e.getData() instanceof WriteRowsEventData w) {
            for (Serializable[] row : w.getRows()) {
                add(w.getTableId(), "INSERT " + tables.get(w.getTableId()) + " " + text(row));
            }
        } else if (e.getData() instanceof UpdateRowsEventData u) {
            for (Entry<Serializable[], Serializable[]> row : u.getRows()) {
                add(u.getTableId(), "UPDATE " + tables.get(u.getTableId()) + " " + text(row.getKey()) + " -> "
                    + text(row.getValue()));
            }
        } else if (e.getData() instanceof DeleteRowsEventData d) {
            for (Serializable[] row : d.getRows()) {
                add(d.getTableId(), "DELETE " + tables.get(d.getTableId()) + " " + text(row));
            }
        } else if (type == EventType.XID) {
            if (open == null) {
                errors.add("XID outside a transaction");
            } else if (!open.isEmpty()) {
                transactions.add(open);
                arrivals.add(System.nanoTime());
            }
            open = null;
            notifyAll();
        }
    }

    private void add(long tableId, String change) {
        String table = tables.get(tableId);
        if (table == null) {
            errors.add("rows event for unmapped table id " + tableId);
            return;
        }
        if (open == null) {
            errors.add("rows event outside a transaction");
            return;
        }
        if (table.startsWith(database + ".")) {
            open.add(change);
        }
    }

    static String text(Serializable[] row) {
        List<String> values = new ArrayList<>();
        for (Serializable v : row) {
            values.add(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
        }
        return values.toString();
    }

    /** Waits until {@code count} transactions of the database arrived (or the time is up); returns a copy. */
    synchronized List<List<String>> awaitTransactions(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (transactions.size() < count && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return List.copyOf(transactions);
    }

    /** When each transaction {@link #awaitTransactions} returns arrived, by System.nanoTime(). */
    synchronized List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Waits for a DDL containing {@code text}; returns the file and position right after the last DDL. */
    synchronized String[] awaitDdl(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (ddls.stream().noneMatch(d -> d.contains(text)) && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (ddls.stream().noneMatch(d -> d.contains(text))) {
            throw new AssertionError("no DDL with " + text + " in " + ddls);
        }
        return afterLastDdl;
    }

    /** The DDL statements received for the database, in full. */
    synchronized List<String> ddls() {
        return List.copyOf(ddls);
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized int heartbeats() {
        return heartbeats;
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
    }
}
