package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global binlog against real consumers: a mixed workload through the CN (single-shard and cross-shard
 * transactions, a rollback, broadcast writes, updates and deletes) must reach mysql-binlog-connector-java over
 * COM_BINLOG_DUMP from the CN's port, and {@code mariadb-binlog} reading the files, as exactly the committed
 * row changes, whole transactions, in commit order wherever two transactions touch the same row, nothing rolled back,
 * each broadcast write once, each logical DDL once; a MariaDB replica of the CN ends with the cluster's data; and
 * again, with nothing lost or repeated, after the CDC restarts.
 */
class CdcIT {
    private static final String DB = "cdc_it";
    private static TestingCluster cluster;
    /** The binlog position before the workload. */
    private static String startFile;
    private static long startPosition;
    /** The committed transactions of the workload, as the consumer must see them. */
    private static final List<List<String>> expected = new ArrayList<>();
    /** The model of cdc_it.orders: id to [id, customer, amount]. */
    private static final Map<Long, List<Object>> orders = new TreeMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        cluster.enableCdc();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            String[] before;
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rs.next(), "SHOW MASTER STATUS is empty");
                before = new String[] {rs.getString("File"), rs.getString("Position")};
            }
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " MODE='auto'");
            st.execute("CREATE TABLE " + DB + ".orders (id BIGINT PRIMARY KEY, customer VARCHAR(20),"
                + " amount DECIMAL(10,2)) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("CREATE TABLE " + DB + ".regions (code CHAR(2) PRIMARY KEY, name VARCHAR(20)) BROADCAST");
            // the workload starts right after the DDL above, which must reach the binlog, once, as runnable SQL
            try (TestingBinlogConsumer ddl = new TestingBinlogConsumer(cluster.port(), before[0],
                Long.parseLong(before[1]), DB)) {
                ddl.start();
                String[] after = ddl.awaitDdl("`regions`", 30_000);
                startFile = after[0];
                startPosition = Long.parseLong(after[1]);
                assertEquals(1, ddl.ddls().stream().filter(d -> d.startsWith("CREATE TABLE `orders`")).count(),
                    ddl.ddls().toString());
                assertEquals(1, ddl.ddls().stream().filter(d -> d.startsWith("CREATE DATABASE")).count(),
                    ddl.ddls().toString());
                assertTrue(ddl.ddls().stream().noneMatch(d -> d.contains("MODE")), ddl.ddls().toString());
            }
            workload(c, 1);
            // a logical DDL appears once, between the rows before and after it
            st.execute("CREATE TABLE " + DB + ".later (id INT PRIMARY KEY, v VARCHAR(10)) PARTITION BY HASH(id)"
                + " PARTITIONS 4");
            expected.add(List.of("DDL " + DB + " CREATE TABLE `later`"));
            st.execute("INSERT INTO " + DB + ".later VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            expected.add(List.of("INSERT " + DB + ".later [1, a]", "INSERT " + DB + ".later [2, b]",
                "INSERT " + DB + ".later [3, c]"));
            // a view is GMS metadata only, yet a consumer needs its DDL too
            st.execute("CREATE VIEW " + DB + ".`later_view` AS SELECT id FROM " + DB + ".later");
            expected.add(List.of("DDL " + DB + " CREATE VIEW " + DB + ".`later_view` AS SELECT id FROM " + DB
                + ".later"));
        }
    }

    @AfterAll
    static void tearDown() {
        cluster.disableCdc();
    }

    /** Runs the workload with ids from {@code base}, recording what must appear in the binlog. */
    private static void workload(Connection c, long base) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (long id = base; id < base + 6; id++) {
                st.execute("INSERT INTO " + DB + ".orders VALUES (" + id + ", 'c" + id + "', " + id + ".50)");
                expected.add(List.of(insert(id, "c" + id, new BigDecimal(id + ".50"))));
            }
            // one statement over all shards: a two-phase transaction
            st.execute("INSERT INTO " + DB + ".orders VALUES (" + (base + 6) + ", 'm', 1.00), (" + (base + 7)
                + ", 'm', 2.00), (" + (base + 8) + ", 'm', 3.00), (" + (base + 9) + ", 'm', 4.00)");
            List<String> multi = new ArrayList<>();
            for (long id = base + 6; id < base + 10; id++) {
                multi.add(insert(id, "m", new BigDecimal((id - base - 5) + ".00")));
            }
            expected.add(multi);
            c.setAutoCommit(false);
            st.execute("UPDATE " + DB + ".orders SET amount = amount + 1 WHERE id IN (" + base + ", " + (base + 1)
                + ", " + (base + 2) + ", " + (base + 3) + ")");
            List<String> cross = new ArrayList<>();
            for (long id = base; id < base + 4; id++) {
                cross.add(update(id, 2, ((BigDecimal) orders.get(id).get(2)).add(BigDecimal.ONE)));
            }
            st.execute("INSERT INTO " + DB + ".orders VALUES (" + (base + 10) + ", 'x', 9.99)");
            cross.add(insert(base + 10, "x", new BigDecimal("9.99")));
            c.commit();
            expected.add(cross);
            st.execute("INSERT INTO " + DB + ".orders VALUES (" + (base + 99) + ", 'rolled back', 0)");
            st.execute("UPDATE " + DB + ".orders SET customer = 'rolled back' WHERE id IN (" + base + ", "
                + (base + 1) + ")");
            c.rollback();
            c.setAutoCommit(true);
            String code = "r" + base % 10;
            st.execute("INSERT INTO " + DB + ".regions VALUES ('" + code + "', 'Europe')");
            expected.add(List.of("INSERT " + DB + ".regions [" + code + ", Europe]"));
            st.execute("UPDATE " + DB + ".regions SET name = 'EU' WHERE code = '" + code + "'");
            expected.add(List.of("UPDATE " + DB + ".regions [" + code + ", Europe] -> [" + code + ", EU]"));
            st.execute("DELETE FROM " + DB + ".orders WHERE id = " + (base + 1));
            expected.add(List.of(delete(base + 1)));
        }
    }

    private static String insert(long id, String customer, BigDecimal amount) {
        List<Object> row = List.of(id, customer, amount);
        orders.put(id, row);
        return "INSERT " + DB + ".orders " + row;
    }

    private static String update(long id, int column, Object value) {
        List<Object> before = orders.get(id);
        List<Object> after = new ArrayList<>(before);
        after.set(column, value);
        orders.put(id, List.copyOf(after));
        return "UPDATE " + DB + ".orders " + before + " -> " + after;
    }

    private static String delete(long id) {
        return "DELETE " + DB + ".orders " + orders.remove(id);
    }

    @Test
    void connectorOverBinlogDumpSeesTheCommittedTransactionsInOrder() throws Exception {
        List<List<String>> all;
        try (TestingBinlogConsumer consumer = new TestingBinlogConsumer(cluster.port(), startFile, startPosition, DB)) {
            consumer.start();
            assertCommitted(consumer, expected);
            assertEquals(List.of(), consumer.errors());
            all = consumer.awaitTransactions(expected.size(), 0);
            Thread.sleep(1500);
            assertTrue(consumer.heartbeats() > 0, "heartbeat events while idle");
        }
        // a consumer resuming after the first transaction it processed gets exactly the ones after it
        String[] afterFirst = endOfFirstTransaction();
        try (TestingBinlogConsumer resumed = new TestingBinlogConsumer(cluster.port(), afterFirst[0],
            Long.parseLong(afterFirst[1]), DB)) {
            resumed.start();
            List<List<String>> rest = resumed.awaitTransactions(all.size() - 1, 30_000);
            Thread.sleep(500);
            assertEquals(all.subList(1, all.size()), resumed.awaitTransactions(all.size(), 0));
            assertEquals(rest.size(), all.size() - 1);
            assertEquals(List.of(), resumed.errors());
        }
    }

    /** File and end position of the first XID event after the workload's start, from SHOW BINLOG EVENTS. */
    private static String[] endOfFirstTransaction() throws SQLException {
        String file = startFile;
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            for (int files = 0; files < 100; files++) {
                String sql = "SHOW BINLOG EVENTS IN '" + file + "'" + (file.equals(startFile) ? " FROM " + startPosition
                    : "");
                String next = null;
                try (ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        if (rs.getString("Event_type").equals("Xid")) {
                            return new String[] {file, rs.getString("End_log_pos")};
                        }
                        if (rs.getString("Event_type").equals("Rotate")) {
                            next = rs.getString("Info").split(";")[0];
                        }
                    }
                }
                file = next;
            }
        }
        throw new AssertionError("no XID event after " + startFile + ":" + startPosition);
    }

    /** The transactions must be the expected ones, each once and whole; two that touch one row keep their order. */
    private static void assertCommitted(TestingBinlogConsumer consumer, List<List<String>> want) throws Exception {
        List<List<String>> got = consumer.awaitTransactions(want.size(), 30_000);
        Thread.sleep(1000); // nothing more may come
        got = consumer.awaitTransactions(want.size(), 0);
        List<List<String>> sortedGot = got.stream().map(CdcIT::sorted).toList();
        List<List<String>> sortedWant = want.stream().map(CdcIT::sorted).toList();
        assertEquals(sorted(sortedWant.stream().map(String::valueOf).toList()),
            sorted(sortedGot.stream().map(String::valueOf).toList()), "the transactions, in any order");
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
        if (a.get(0).startsWith("DDL ") || b.get(0).startsWith("DDL ")) {
            // a DDL is ordered against every change of its table
            String table = (a.get(0).startsWith("DDL ") ? a : b).get(0).split("`")[1];
            return (a.get(0).startsWith("DDL ") ? b : a).stream().anyMatch(c -> c.contains("." + table + " "));
        }
        for (String x : a) {
            for (String y : b) {
                if (rowKey(x).equals(rowKey(y))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "orders [5" from "UPDATE cdc_it.orders [5, ...] -> ...": the table and the primary key. */
    private static String rowKey(String change) {
        String[] parts = change.split(" ", 3);
        return parts[1] + " " + parts[2].substring(0, parts[2].indexOf(','));
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.sort(copy);
        return copy;
    }

    @Test
    void mariadbBinlogReadsTheFilesAndTheCnsDump() throws Exception {
        try (TestingBinlogConsumer consumer = new TestingBinlogConsumer(cluster.port(), startFile, startPosition, DB)) {
            consumer.start();
            consumer.awaitTransactions(expected.size(), 30_000); // the CDC has written the workload
        }
        List<String> files = new ArrayList<>();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString(1));
            }
        }
        List<String> fromFiles = new ArrayList<>(List.of("mariadb-binlog", "--base64-output=DECODE-ROWS", "-v"));
        for (String f : files) {
            fromFiles.add(cluster.cdcDir().resolve("binlog").resolve(f).toAbsolutePath().toString());
        }
        List<String> want = rowOps(expected);
        assertEquals(want, decoded(run(fromFiles)), "mariadb-binlog on the files");
        // and over COM_BINLOG_DUMP from the CN: it refuses servers whose VERSION() starts with 8, so the CN reports
        // the binlog's 5.7 to it (it sends program_name=mysqlbinlog)
        List<String> remote = List.of("mariadb-binlog", "--no-defaults", "--read-from-remote-server", "-h127.0.0.1",
            "-P" + cluster.port(), "-uroot", "--base64-output=DECODE-ROWS", "-v", "--to-last-log", files.get(0));
        assertEquals(want, decoded(run(remote)), "mariadb-binlog --read-from-remote-server");
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("8.0."), "other clients still see " + rs.getString(1));
        }
    }

    /** "INSERT cdc_it.orders 1" for each row change, sorted. */
    private static List<String> rowOps(List<List<String>> transactions) {
        List<String> out = new ArrayList<>();
        for (List<String> t : transactions) {
            for (String change : t) {
                if (change.startsWith("DDL ")) {
                    continue;
                }
                String[] parts = change.split(" ", 3);
                out.add(parts[0] + " " + parts[1] + " " + parts[2].substring(1, parts[2].indexOf(',')));
            }
        }
        return sorted(out);
    }

    private static final Pattern ROW_OP = Pattern.compile(
        "^### (INSERT INTO|UPDATE|DELETE FROM) `([^`]*)`\\.`([^`]*)`\\R###\\s+(?:SET|WHERE)\\R###\\s+@1='?([^'\\n]*)'?$",
        Pattern.MULTILINE);

    private static List<String> decoded(String output) {
        List<String> out = new ArrayList<>();
        Matcher m = ROW_OP.matcher(output);
        while (m.find()) {
            if (m.group(2).equals(DB)) {
                out.add(m.group(1).split(" ")[0] + " " + m.group(2) + "." + m.group(3) + " " + m.group(4));
            }
        }
        return sorted(out);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertEquals(0, exit, String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @Test
    void mariadbReplicaEndsWithTheClusterData() throws Exception {
        try (TestingBinlogConsumer consumer = new TestingBinlogConsumer(cluster.port(), startFile, startPosition, DB)) {
            consumer.start();
            consumer.awaitTransactions(expected.size(), 30_000); // the CDC has written the workload
        }
        String file;
        long position;
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            assertTrue(rs.next());
            file = rs.getString(1);
            position = rs.getLong(2);
        }
        try (Connection replica = cluster.connectDirect(null); Statement st = replica.createStatement()) {
            st.execute("STOP SLAVE");
            st.execute("RESET SLAVE ALL");
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".orders (id BIGINT PRIMARY KEY, customer VARCHAR(20),"
                + " amount DECIMAL(10,2))");
            st.execute("CREATE TABLE " + DB + ".regions (code CHAR(2) PRIMARY KEY, name VARCHAR(20))");
            st.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + cluster.port()
                + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_LOG_FILE='" + startFile + "', MASTER_LOG_POS="
                + startPosition + ", MASTER_USE_GTID=no, MASTER_HEARTBEAT_PERIOD=1");
            st.execute("START SLAVE");
            try {
                String status = awaitReplica(st, file, position);
                for (String table : List.of("orders", "regions", "later")) {
                    assertEquals(rows(cluster.connect(DB, null), table), rows(cluster.connectDirect(DB), table),
                        DB + "." + table + " on the replica; " + status);
                }
            } finally {
                st.execute("STOP SLAVE");
                st.execute("RESET SLAVE ALL");
            }
        }
    }

    /** Waits until the replica executed up to {@code file:position}; returns its last status for messages. */
    private static String awaitReplica(Statement st, String file, long position) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String status = "";
        while (System.currentTimeMillis() < deadline) {
            try (ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                assertTrue(rs.next());
                status = "IO " + rs.getString("Slave_IO_Running") + " " + rs.getString("Last_IO_Error") + ", SQL "
                    + rs.getString("Slave_SQL_Running") + " " + rs.getString("Last_SQL_Error") + ", at "
                    + rs.getString("Relay_Master_Log_File") + ":" + rs.getLong("Exec_Master_Log_Pos");
                if (rs.getString("Relay_Master_Log_File").equals(file) && rs.getLong("Exec_Master_Log_Pos") >= position) {
                    return status;
                }
                if (!rs.getString("Last_SQL_Error").isEmpty()) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("replica did not reach " + file + ":" + position + ": " + status);
    }

    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table
            + " ORDER BY 1")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    @Test
    void binlogStatementsNeedTheReplicationPrivileges() throws Exception {
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS 'cdc_user'@'%'");
            st.execute("CREATE USER 'cdc_user'@'%' IDENTIFIED BY 'pw'");
        }
        String url = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection u = java.sql.DriverManager.getConnection(url, "cdc_user", "pw");
             Statement st = u.createStatement()) {
            for (String sql : List.of("SHOW MASTER STATUS", "SHOW BINARY LOGS", "SHOW BINLOG EVENTS LIMIT 1")) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> st.executeQuery(sql), sql);
                assertEquals(1227, e.getErrorCode(), sql);
            }
        }
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("GRANT REPLICATION CLIENT, REPLICATION SLAVE ON *.* TO 'cdc_user'@'%'");
        }
        try (Connection u = java.sql.DriverManager.getConnection(url, "cdc_user", "pw");
             Statement st = u.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rs.next());
                assertTrue(rs.getString("File").startsWith("binlog."));
            }
            try (ResultSet rs = st.executeQuery("SHOW BINLOG EVENTS LIMIT 2")) {
                assertTrue(rs.next());
                assertEquals("Format_desc", rs.getString("Event_type"));
                assertEquals(4, rs.getLong("Pos"));
                assertTrue(rs.next());
                assertEquals(rs.getLong("Pos"), 123); // the FORMAT_DESCRIPTION of MySQL 5.7 is 119 bytes
            }
        }
    }

    @Test
    void aDumpFromAFileOrPositionThatDoesNotExistGets1236() throws Exception {
        for (String[] start : List.of(new String[] {"binlog.999999", "4"}, new String[] {"../etc/passwd", "4"},
            new String[] {startFile, "99999999"})) {
            try (WireClient wire = new WireClient(cluster.port(), 10_000)) {
                assertTrue(wire.login("root", "").isOk());
                java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
                p.writeBytes(WireClient.int4(Long.parseLong(start[1])));
                p.writeBytes(new byte[] {0, 0}); // flags
                p.writeBytes(WireClient.int4(4343)); // replica server id
                p.writeBytes(start[0].getBytes(StandardCharsets.US_ASCII));
                WireClient.Packet answer = wire.command(0x12, p.toByteArray());
                assertTrue(answer.isError(), answer.toString());
                assertEquals(1236, answer.errno(), answer.toString());
            }
        }
    }

    /**
     * A steady trickle of commits reaches a connected consumer within a fraction of a second each: the dump sends
     * what it has once it has caught up, rather than batching events until a buffer fills (it did: seconds late).
     */
    @Test
    void eachCommitReachesAConnectedConsumerSoon() throws Exception {
        String db = "cdc_latency";
        String[] start;
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " MODE='auto'");
            st.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 4");
            Thread.sleep(1000); // the DDL is in the binlog before the consumer's start
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rs.next());
                start = new String[] {rs.getString(1), rs.getString(2)};
            }
        }
        int n = 30;
        List<Long> committed = new ArrayList<>();
        try (TestingBinlogConsumer consumer = new TestingBinlogConsumer(cluster.port(), start[0],
            Long.parseLong(start[1]), db); Connection c = cluster.connect(db, null); Statement st = c.createStatement()) {
            consumer.start();
            for (int i = 1; i <= n; i++) {
                st.execute("INSERT INTO t VALUES (" + i + ")");
                committed.add(System.nanoTime());
                Thread.sleep(100);
            }
            List<List<String>> got = consumer.awaitTransactions(n, 30_000);
            List<Long> arrived = consumer.arrivals();
            assertEquals(n, got.size(), got.toString());
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // single-DN commits on different DNs within one heartbeat may come in either order (docs/cdc.md)
                int id = Integer.parseInt(got.get(i).get(0).replaceAll(".*\\[(\\d+)\\]$", "$1"));
                latencies.add((arrived.get(i) - committed.get(id - 1)) / 1_000_000);
            }
            Collections.sort(latencies);
            assertTrue(latencies.get(n / 2) < 1000, "median commit-to-consumer latency, ms: " + latencies);
        }
    }

    @Test
    void restartLosesAndRepeatsNothing() throws Exception {
        Path binlogDir = cluster.cdcDir().resolve("binlog");
        assertTrue(binlogDir.toFile().isDirectory());
        cluster.restartCdc();
        try (Connection c = cluster.connect(null, null)) {
            workload(c, 1000);
        }
        try (TestingBinlogConsumer consumer = new TestingBinlogConsumer(cluster.port(), startFile, startPosition, DB)) {
            consumer.start();
            assertCommitted(consumer, expected);
            assertEquals(List.of(), consumer.errors());
        }
    }
}
