package com.polardbx.tests;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's MySQL connector in its embedded engine, subscribed to the CN as to a MySQL primary: collects the
 * change events of one database as transactions (by Debezium's own transaction metadata) of row changes in the text
 * form of {@link TestingBinlogConsumer} ({@code INSERT db.t [1, a]}, ...), and every failure the engine reports.
 */
final class TestingDebeziumConsumer implements AutoCloseable {
    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    /** Transaction id to its changes, in the order the transactions began. */
    private final Map<String, List<String>> transactions = new LinkedHashMap<>();
    private final List<String> ended = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> schemaChanges = new ArrayList<>();
    /** The rows the snapshot read (op r), as {@code READ db.t [..]}. */
    private final List<String> snapshotRows = new ArrayList<>();
    private final String database;
    private boolean finished;

    /**
     * A connector for {@code database} that records the schemas and the binlog position, no rows (snapshot mode
     * {@code no_data}, no table locks), then streams the binlog.
     */
    TestingDebeziumConsumer(int port, String database, int serverId) {
        this(port, database, serverId, "no_data");
    }

    /** The same with another {@code snapshot.mode} ({@code initial}: the rows too, by SELECT, then the binlog). */
    TestingDebeziumConsumer(int port, String database, int serverId, String snapshotMode) {
        this.database = database;
        Properties p = new Properties();
        p.setProperty("name", "polardbx-debezium-it");
        p.setProperty("connector.class", "io.debezium.connector.mysql.MySqlConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("schema.history.internal", "io.debezium.relational.history.MemorySchemaHistory");
        p.setProperty("database.hostname", "127.0.0.1");
        p.setProperty("database.port", Integer.toString(port));
        p.setProperty("database.user", "root");
        p.setProperty("database.password", "");
        p.setProperty("database.ssl.mode", "disabled");
        p.setProperty("database.server.id", Integer.toString(serverId));
        p.setProperty("topic.prefix", "cn");
        p.setProperty("database.include.list", database);
        // other tests' DDL in the shared binlog is not this connector's: its MySQL grammar refuses MariaDB-only
        // forms such as DEFAULT uuid() (no parentheses) that SHOW CREATE TABLE prints
        p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        p.setProperty("snapshot.mode", snapshotMode);
        p.setProperty("provide.transaction.metadata", "true");
        p.setProperty("include.schema.changes", "true");
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("connect.timeout.ms", "10000");
        p.setProperty("errors.max.retries", "0");
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(p)
            .using((success, message, error) -> finished(success, message, error))
            .notifying(this::onEvent)
            .build();
    }

    void start() {
        executor.execute(engine);
    }

    private synchronized void finished(boolean success, String message, Throwable error) {
        if (!success || error != null) {
            StringBuilder chain = new StringBuilder(String.valueOf(message));
            for (Throwable t = error; t != null; t = t.getCause()) {
                chain.append(" <- ").append(t);
            }
            errors.add(chain.toString());
        }
        finished = true;
        notifyAll();
    }

    private synchronized void onEvent(RecordChangeEvent<SourceRecord> event) {
        SourceRecord record = event.record();
        if (!(record.value() instanceof Struct value)) {
            return; // a tombstone after a delete
        }
        String topic = record.topic();
        if (topic.equals("cn.transaction")) {
            if (value.getString("status").equals("END")) {
                ended.add(value.getString("id"));
                notifyAll();
            }
            return;
        }
        if (topic.equals("cn")) {
            schemaChanges.add(value.getString("databaseName") + " " + value.getString("ddl"));
            notifyAll();
            return;
        }
        Struct source = value.getStruct("source");
        if (!database.equals(source.getString("db"))) {
            return;
        }
        String table = source.getString("db") + "." + source.getString("table");
        Struct trx = value.getStruct("transaction");
        String op = value.getString("op");
        if (op.equals("r")) {
            snapshotRows.add("READ " + table + " " + text(value.getStruct("after")));
            notifyAll();
            return;
        }
        String change = switch (op) {
            case "c" -> "INSERT " + table + " " + text(value.getStruct("after"));
            case "u" -> "UPDATE " + table + " " + text(value.getStruct("before")) + " -> "
                + text(value.getStruct("after"));
            case "d" -> "DELETE " + table + " " + text(value.getStruct("before"));
            default -> "OP " + op + " " + table;
        };
        if (trx == null) {
            errors.add("change without a transaction: " + change);
            return;
        }
        transactions.computeIfAbsent(trx.getString("id"), k -> new ArrayList<>()).add(change);
    }

    private static String text(Struct row) {
        List<String> values = new ArrayList<>();
        for (Field f : row.schema().fields()) {
            values.add(String.valueOf(row.get(f)));
        }
        return values.toString();
    }

    /**
     * Waits until {@code count} transactions of the database ended (or the time is up, or the engine stopped);
     * returns those ended, in the order they began.
     */
    synchronized List<List<String>> awaitTransactions(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (endedOfDatabase().size() < count && !finished && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return endedOfDatabase();
    }

    private List<List<String>> endedOfDatabase() {
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> t : transactions.entrySet()) {
            if (ended.contains(t.getKey())) {
                out.add(List.copyOf(t.getValue()));
            }
        }
        return out;
    }

    /** Waits until the snapshot read {@code count} rows of the database (or the time is up); returns them. */
    synchronized List<String> awaitSnapshotRows(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (snapshotRows.size() < count && !finished && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return List.copyOf(snapshotRows);
    }

    /** Waits for a schema change event whose DDL contains {@code text}; returns all received, as "db ddl". */
    synchronized List<String> awaitSchemaChange(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (schemaChanges.stream().noneMatch(d -> d.contains(text)) && !finished
            && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return List.copyOf(schemaChanges);
    }

    /** Every transaction id with its changes and whether it ended, for failure messages. */
    synchronized String describe() {
        StringBuilder sb = new StringBuilder();
        transactions.forEach((id, changes) -> sb.append('\n').append(id)
            .append(ended.contains(id) ? " ended " : " open ")
            .append(changes));
        return sb.toString();
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws Exception {
        engine.close();
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
