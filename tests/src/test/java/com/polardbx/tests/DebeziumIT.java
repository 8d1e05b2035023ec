package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debezium's MySQL connector (embedded engine) subscribed to the CN's global binlog as to a MySQL primary: it reads
 * the schemas and the position through the CN's SQL (snapshot without data, under FTWRL), streams over COM_BINLOG_DUMP,
 * and must emit exactly the committed row changes of a workload with single-shard, cross-shard and broadcast writes,
 * a rollback, a delete and a CREATE TABLE: logical names, the values written, one event per row, each transaction
 * whole (Debezium's transaction metadata) and in commit order wherever two transactions touch one row.
 */
class DebeziumIT {
    private static final String DB = "debezium_it";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        cluster.enableCdc();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " MODE='auto'");
            st.execute("CREATE TABLE " + DB + ".accounts (id BIGINT PRIMARY KEY, owner VARCHAR(20),"
                + " balance DECIMAL(10,2)) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("CREATE TABLE " + DB + ".currencies (code CHAR(3) PRIMARY KEY, name VARCHAR(20)) BROADCAST");
        }
    }

    @AfterAll
    static void tearDown() {
        cluster.disableCdc();
    }

    @Test
    void debeziumEmitsExactlyTheCommittedChanges() throws Exception {
        List<List<String>> expected = new ArrayList<>();
        try (TestingDebeziumConsumer debezium = new TestingDebeziumConsumer(cluster.port(), DB, 5401)) {
            debezium.start();
            // the snapshot has read the binlog position before it reports the tables' schemas
            List<String> snapshot = debezium.awaitSchemaChange("CREATE TABLE `currencies`", 60_000);
            assertEquals(List.of(), debezium.errors(), "the connector's snapshot");
            assertTrue(snapshot.stream().anyMatch(d -> d.startsWith(DB + " CREATE TABLE `accounts`")),
                snapshot.toString());

            try (Connection c = cluster.connect(DB, null); Statement st = c.createStatement()) {
                // one statement over every shard: a distributed transaction
                st.execute("INSERT INTO accounts VALUES (1, 'ann', 100.00), (2, 'bob', 200.00), (3, 'cid', 300.00),"
                    + " (4, 'dan', 400.00)");
                expected.add(List.of(row("INSERT", "accounts", "[1, ann, 100.00]"),
                    row("INSERT", "accounts", "[2, bob, 200.00]"), row("INSERT", "accounts", "[3, cid, 300.00]"),
                    row("INSERT", "accounts", "[4, dan, 400.00]")));
                st.execute("INSERT INTO accounts VALUES (5, 'eve', 5.00)");
                expected.add(List.of(row("INSERT", "accounts", "[5, eve, 5.00]")));
                // a transfer across DNs and a broadcast write in one transaction
                c.setAutoCommit(false);
                st.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1");
                st.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2");
                st.execute("INSERT INTO currencies VALUES ('EUR', 'Euro')");
                c.commit();
                expected.add(List.of(row("UPDATE", "accounts", "[1, ann, 100.00] -> [1, ann, 90.00]"),
                    row("UPDATE", "accounts", "[2, bob, 200.00] -> [2, bob, 210.00]"),
                    row("INSERT", "currencies", "[EUR, Euro]")));
                st.execute("INSERT INTO accounts VALUES (99, 'rolled back', 0)");
                st.execute("UPDATE accounts SET owner = 'rolled back' WHERE id IN (3, 4)");
                st.execute("INSERT INTO currencies VALUES ('XXX', 'rolled back')");
                c.rollback();
                c.setAutoCommit(true);
                st.execute("UPDATE currencies SET name = 'euro' WHERE code = 'EUR'");
                expected.add(List.of(row("UPDATE", "currencies", "[EUR, Euro] -> [EUR, euro]")));
                st.execute("UPDATE accounts SET balance = 0 WHERE id IN (3, 4)");
                expected.add(List.of(row("UPDATE", "accounts", "[3, cid, 300.00] -> [3, cid, 0.00]"),
                    row("UPDATE", "accounts", "[4, dan, 400.00] -> [4, dan, 0.00]")));
                st.execute("DELETE FROM accounts WHERE id = 3");
                expected.add(List.of(row("DELETE", "accounts", "[3, cid, 0.00]")));
                // a table created while streaming: Debezium parses the DDL to decode its rows
                st.execute("CREATE TABLE later (id INT PRIMARY KEY, v VARCHAR(10)) PARTITION BY HASH(id) PARTITIONS 4");
                st.execute("INSERT INTO later VALUES (1, 'a'), (2, 'b')");
                expected.add(List.of(row("INSERT", "later", "[1, a]"), row("INSERT", "later", "[2, b]")));
            }

            List<List<String>> got = debezium.awaitTransactions(expected.size(), 60_000);
            Thread.sleep(1500); // nothing more may come
            got = debezium.awaitTransactions(expected.size(), 0);
            assertEquals(List.of(), debezium.errors(), "the connector's errors");
            assertCommitted(expected, got, debezium.describe());
            List<String> ddl = debezium.awaitSchemaChange("`later`", 10_000);
            assertEquals(1, ddl.stream().filter(d -> d.startsWith(DB + " CREATE TABLE `later`")).count(),
                ddl.toString());
            assertEquals(rowsOf("accounts"), replay(got, "accounts"), "accounts replayed from Debezium's events");
            assertEquals(rowsOf("currencies"), replay(got, "currencies"), "currencies replayed");
        }
    }

    /**
     * {@code snapshot.mode=initial}: Debezium reads the rows already there through the CN (FLUSH TABLES WITH READ LOCK,
     * a consistent-snapshot transaction, SHOW MASTER STATUS, UNLOCK TABLES, SELECT * per table), each once (a
     * broadcast table's rows once), then streams from the position it read: the snapshot plus the streamed changes
     * fold to the tables the CN shows.
     */
    @Test
    void initialSnapshotReadsEachRowOnceThenStreams() throws Exception {
        String db = "debezium_snap";
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " MODE='auto'");
            st.execute("CREATE TABLE " + db + ".accounts (id BIGINT PRIMARY KEY, owner VARCHAR(20),"
                + " balance DECIMAL(10,2)) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("CREATE TABLE " + db + ".currencies (code CHAR(3) PRIMARY KEY, name VARCHAR(20)) BROADCAST");
            st.execute("INSERT INTO " + db + ".accounts VALUES (1, 'ann', 1.00), (2, 'bob', 2.00), (3, 'cid', 3.00),"
                + " (4, 'dan', 4.00), (5, 'eve', 5.00), (6, 'fay', 6.00)");
            st.execute("INSERT INTO " + db + ".currencies VALUES ('EUR', 'Euro'), ('USD', 'Dollar')");
        }
        List<String> before = new ArrayList<>();
        for (String table : List.of("accounts", "currencies")) {
            for (String r : rowsOf(db, table)) {
                before.add("READ " + db + "." + table + " " + r);
            }
        }
        long locksBefore = statementsRun("FLUSH TABLES WITH READ LOCK");
        long unlocksBefore = statementsRun("UNLOCK TABLES");
        try (TestingDebeziumConsumer debezium = new TestingDebeziumConsumer(cluster.port(), db, 5402, "initial")) {
            debezium.start();
            List<String> read = debezium.awaitSnapshotRows(before.size(), 60_000);
            // its default locking mode (minimal) took the global read lock and released it
            assertTrue(statementsRun("FLUSH TABLES WITH READ LOCK") > locksBefore, "Debezium ran FTWRL");
            assertTrue(statementsRun("UNLOCK TABLES") > unlocksBefore, "Debezium ran UNLOCK TABLES");
            // the snapshot ends with its schema; streaming starts at the position it read
            debezium.awaitSchemaChange("`currencies`", 10_000);
            Thread.sleep(2000);
            assertEquals(List.of(), debezium.errors(), "the connector's snapshot");
            assertEquals(sorted(before), sorted(debezium.awaitSnapshotRows(before.size(), 0)),
                "the snapshot's rows, each once; received " + read);
            List<List<String>> expected = new ArrayList<>();
            try (Connection c = cluster.connect(db, null); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("UPDATE accounts SET balance = balance - 1 WHERE id = 1");
                st.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 2");
                c.commit();
                c.setAutoCommit(true);
                expected.add(List.of("UPDATE " + db + ".accounts [1, ann, 1.00] -> [1, ann, 0.00]",
                    "UPDATE " + db + ".accounts [2, bob, 2.00] -> [2, bob, 3.00]"));
                st.execute("INSERT INTO accounts VALUES (7, 'gus', 7.00)");
                expected.add(List.of("INSERT " + db + ".accounts [7, gus, 7.00]"));
                st.execute("DELETE FROM currencies WHERE code = 'USD'");
                expected.add(List.of("DELETE " + db + ".currencies [USD, Dollar]"));
            }
            List<List<String>> got = debezium.awaitTransactions(expected.size(), 60_000);
            Thread.sleep(1500); // nothing more may come
            got = debezium.awaitTransactions(expected.size(), 0);
            assertEquals(List.of(), debezium.errors(), "the connector's errors");
            assertEquals(expected.stream().map(DebeziumIT::sorted).toList(),
                got.stream().map(DebeziumIT::sorted).toList(), "streamed after the snapshot; " + debezium.describe());
        }
    }

    /**
     * The statements of Debezium's consistent snapshot ({@code snapshot.locking.mode=minimal} without its
     * {@code FLUSH TABLES WITH READ LOCK}, so that commits keep running meanwhile) while writers commit distributed
     * transactions the whole time: {@code START TRANSACTION WITH CONSISTENT SNAPSHOT}, {@code SHOW MASTER STATUS}, a
     * pause (Debezium reads schemas there), {@code SELECT} of the table in the transaction, then the binlog from the
     * position read. Each committed row is in the snapshot or in the binlog
     * after the position, never both, never neither. (With {@code snapshot.locking.mode=none} Debezium reads the rows
     * outside any transaction and itself warns that rows may come twice.)
     */
    @Test
    void consistentSnapshotAndItsPositionHaveEachRowOnce() throws Exception {
        String db = "debezium_busy";
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " MODE='auto'");
            st.execute("CREATE TABLE " + db + ".moves (id BIGINT PRIMARY KEY, tag VARCHAR(10))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("CREATE TABLE " + db + ".counter (id INT PRIMARY KEY, n BIGINT) BROADCAST");
            st.execute("INSERT INTO " + db + ".counter VALUES (1, 0)");
        }
        java.util.concurrent.atomic.AtomicLong nextId = new java.util.concurrent.atomic.AtomicLong(1000);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> writerErrors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(() -> {
                try (Connection c = cluster.connect(db, null); Statement st = c.createStatement()) {
                    while (!stop.get()) {
                        // each transaction writes the broadcast table too: a distributed commit over both DNs
                        c.setAutoCommit(false);
                        long id = nextId.getAndAdd(4);
                        st.execute("INSERT INTO moves VALUES (" + id + ", 'w'), (" + (id + 1) + ", 'w'), ("
                            + (id + 2) + ", 'w'), (" + (id + 3) + ", 'w')");
                        st.execute("UPDATE counter SET n = n + 1 WHERE id = 1");
                        c.commit();
                        c.setAutoCommit(true);
                    }
                } catch (SQLException e) {
                    writerErrors.add(e.getErrorCode() + " " + e.getMessage());
                }
            }, "snapshot-writer-" + w);
            t.start();
            writers.add(t);
        }
        Map<Long, Integer> seen = new TreeMap<>();
        String file;
        long position;
        try (Connection c = cluster.connect(db, null); Statement st = c.createStatement()) {
            Thread.sleep(1000);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            c.setAutoCommit(false);
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rs.next());
                file = rs.getString(1);
                position = rs.getLong(2);
            }
            Thread.sleep(1500);
            try (ResultSet rs = st.executeQuery("SELECT id FROM moves")) {
                while (rs.next()) {
                    seen.merge(rs.getLong(1), 1, Integer::sum);
                }
            }
            c.commit();
        }
        Thread.sleep(1000);
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
        }
        assertEquals(List.of(), writerErrors, "the writers");
        List<Long> committed = new ArrayList<>();
        for (String r : rowsOf(db, "moves")) {
            committed.add(Long.parseLong(r.substring(1, r.indexOf(','))));
        }
        Collections.sort(committed);
        int inSnapshot = seen.size();
        String prefix = "INSERT " + db + ".moves [";
        try (TestingBinlogConsumer binlog = new TestingBinlogConsumer(cluster.port(), file, position, db)) {
            binlog.start();
            long deadline = System.currentTimeMillis() + 60_000;
            Map<Long, Integer> all = new TreeMap<>(seen);
            while (System.currentTimeMillis() < deadline) {
                all = new TreeMap<>(seen);
                for (List<String> tx : binlog.awaitTransactions(0, 0)) {
                    for (String change : tx) {
                        if (change.startsWith(prefix)) {
                            all.merge(Long.parseLong(change.substring(prefix.length(), change.indexOf(','))), 1,
                                Integer::sum);
                        }
                    }
                }
                if (all.keySet().containsAll(committed)) {
                    break;
                }
                Thread.sleep(500);
            }
            Thread.sleep(1000); // nothing more may come
            assertEquals(List.of(), binlog.errors(), "the binlog consumer");
            seen = all;
        }
        final Map<Long, Integer> counted = seen;
        List<Long> twice = counted.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<Long> missing = committed.stream().filter(id -> !counted.containsKey(id)).toList();
        assertTrue(inSnapshot > 20 && committed.size() > inSnapshot + 20,
            "writes ran before and after the snapshot: " + inSnapshot + " of " + committed.size());
        assertEquals(List.of(), twice, "rows both in the snapshot and after its position");
        assertEquals(List.of(), missing, "rows neither in the snapshot nor after its position");
        assertEquals(committed, List.copyOf(counted.keySet()), "exactly the committed rows");
    }

    /**
     * A one-DN commit (an autocommit single-shard insert) right after another session's {@code START TRANSACTION WITH
     * CONSISTENT SNAPSHOT} returned is not in the snapshot, so it must be after the position that session's
     * {@code SHOW MASTER STATUS} reports. Before the snapshot stopped this CN's commits and wrote a heartbeat on every
     * DN, such a commit took its DN's last heartbeat (taken before the snapshot's timestamp) as its place in the
     * global binlog: missing from both, in nearly every round (a heartbeat lands in between in about 1 of 50).
     */
    @Test
    void oneDnCommitRightAfterASnapshotIsAfterItsPosition() throws Exception {
        String db = "debezium_one_dn";
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " MODE='auto'");
            st.execute("CREATE TABLE " + db + ".one (id BIGINT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 4");
        }
        List<String> missing = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            String file;
            long position;
            try (Connection snapshot = cluster.connect(db, null); Connection writer = cluster.connect(db, null);
                 Statement s = snapshot.createStatement(); Statement w = writer.createStatement()) {
                s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                w.execute("INSERT INTO one VALUES (" + id + ")");
                try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                    assertTrue(rs.next());
                    file = rs.getString(1);
                    position = rs.getLong(2);
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM one WHERE id = " + id)) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "committed after the snapshot opened: not in it");
                }
                s.execute("COMMIT");
            }
            String insert = "INSERT " + db + ".one [" + id + "]";
            try (TestingBinlogConsumer binlog = new TestingBinlogConsumer(cluster.port(), file, position, db)) {
                binlog.start();
                List<List<String>> after = binlog.awaitTransactions(1, 5_000);
                assertEquals(List.of(), binlog.errors(), "the binlog consumer");
                if (after.stream().noneMatch(tx -> tx.contains(insert))) {
                    missing.add(insert + " (after " + file + ":" + position + ": " + after + ")");
                }
            }
        }
        assertEquals(List.of(), missing, "one-DN commits neither in the snapshot nor after its position");
    }

    /**
     * A consistent snapshot stops this CN's commits for a moment; an autocommit update holds its commit stage while it
     * waits for the row lock of another transaction, whose COMMIT then waits for the snapshot. The snapshot gives way
     * between tries, so all three finish at once rather than when the update's lock wait times out (50 s).
     */
    @Test
    void consistentSnapshotGivesWayToACommitAWaitingWriteNeeds() throws Exception {
        String db = "debezium_give_way";
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " MODE='auto'");
            st.execute("CREATE TABLE " + db + ".t (id BIGINT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("INSERT INTO " + db + ".t VALUES (1, 0)");
        }
        try (Connection holder = cluster.connect(db, null); Connection waiter = cluster.connect(db, null);
             Connection snapshot = cluster.connect(db, null); Statement h = holder.createStatement()) {
            holder.setAutoCommit(false);
            h.execute("UPDATE t SET v = v + 1 WHERE id = 1");
            java.util.concurrent.CompletableFuture<Void> update = java.util.concurrent.CompletableFuture.runAsync(
                () -> run(waiter, "UPDATE t SET v = v + 10 WHERE id = 1"));
            Thread.sleep(500); // the autocommit update waits for the row lock
            java.util.concurrent.CompletableFuture<Void> open = java.util.concurrent.CompletableFuture.runAsync(
                () -> run(snapshot, "START TRANSACTION WITH CONSISTENT SNAPSHOT"));
            Thread.sleep(300);
            long started = System.nanoTime();
            holder.commit();
            update.get(10, java.util.concurrent.TimeUnit.SECONDS);
            open.get(10, java.util.concurrent.TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 5_000, "the commit, the update and the snapshot took " + tookMs + " ms");
            run(snapshot, "COMMIT");
            assertEquals(List.of("[1, 11]"), rowsOf(db, "t"));
        }
    }

    /** How many times statements starting with {@code text} ran on the CN (any database), by the digest summary. */
    private static long statementsRun(String text) throws SQLException {
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(COUNT_STAR), 0) FROM"
                 + " performance_schema.events_statements_summary_by_digest WHERE DIGEST_TEXT LIKE '" + text + "%'")) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    private static void run(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getErrorCode() + " " + e.getMessage(), e);
        }
    }

    /** Debezium reads the server's character set with a SHOW VARIABLES WHERE: the CN must filter as MariaDB does. */
    @Test
    void showWithWhereKeepsOnlyMatchingRowsAsTheDataNode() throws Exception {
        String[] shows = {"SHOW VARIABLES WHERE Variable_name IN ('character_set_server','collation_server')",
            "SHOW VARIABLES WHERE Variable_name = 'sql_mode'",
            "SHOW VARIABLES WHERE Variable_name LIKE 'sql_mod%' OR Variable_name = 'autocommit'",
            "SHOW DATABASES WHERE `Database` = 'information_schema'"};
        for (String show : shows) {
            assertEquals(names(cluster.connect(null, null), show), names(cluster.connectDirect(null), show), show);
        }
        assertEquals(List.of("accounts"), names(cluster.connect(DB, null),
            "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE' AND Tables_in_" + DB + " LIKE 'a%'"));
    }

    /** The first column of a SHOW's rows, sorted; closes the connection. */
    private static List<String> names(Connection c, String show) throws SQLException {
        List<String> out = new ArrayList<>();
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery(show)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        Collections.sort(out);
        return out;
    }

    private static String row(String op, String table, String values) {
        return op + " " + DB + "." + table + " " + values;
    }

    /** The same transactions, each whole; two transactions that touch one row keep their order. */
    private static void assertCommitted(List<List<String>> want, List<List<String>> got, String received) {
        List<String> sortedWant = want.stream().map(DebeziumIT::sorted).map(String::valueOf).toList();
        List<String> sortedGot = got.stream().map(DebeziumIT::sorted).map(String::valueOf).toList();
        assertEquals(sorted(sortedWant), sorted(sortedGot), "the transactions, in any order; received " + received);
        for (int i = 0; i < want.size(); i++) {
            for (int j = i + 1; j < want.size(); j++) {
                if (touchSameRow(want.get(i), want.get(j))) {
                    assertTrue(sortedGot.indexOf(sortedWant.get(i)) < sortedGot.indexOf(sortedWant.get(j)),
                        "commit order of " + want.get(i) + " and " + want.get(j) + " in " + got);
                }
            }
        }
    }

    private static boolean touchSameRow(List<String> a, List<String> b) {
        return a.stream().anyMatch(x -> b.stream().anyMatch(y -> rowKey(x).equals(rowKey(y))));
    }

    /** "debezium_it.accounts [5" from "UPDATE debezium_it.accounts [5, ...] -> ...": table and primary key. */
    private static String rowKey(String change) {
        String[] parts = change.split(" ", 3);
        return parts[1] + " " + parts[2].substring(0, parts[2].indexOf(','));
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    /** The table's rows folded from the change events, in key order, as "[v1, v2, ...]". */
    private static List<String> replay(List<List<String>> transactions, String table) {
        Map<String, String> rows = new TreeMap<>();
        String prefix = DB + "." + table + " ";
        for (List<String> t : transactions) {
            for (String change : t) {
                String[] parts = change.split(" ", 2);
                if (!parts[1].startsWith(prefix)) {
                    continue;
                }
                String values = parts[1].substring(prefix.length());
                String after = values.contains(" -> ") ? values.substring(values.indexOf(" -> ") + 4) : values;
                String key = after.substring(1, after.indexOf(','));
                switch (parts[0]) {
                    case "DELETE" -> rows.remove(key);
                    default -> rows.put(key, after);
                }
            }
        }
        return List.copyOf(rows.values());
    }

    /** The table's rows read through the CN, in the same form and order as {@link #replay}. */
    private static List<String> rowsOf(String table) throws SQLException {
        return rowsOf(DB, table);
    }

    private static List<String> rowsOf(String db, String table) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = cluster.connect(db, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(rs.getString(i));
                }
                rows.put(values.get(0), values.toString());
            }
        }
        return List.copyOf(rows.values());
    }
}
