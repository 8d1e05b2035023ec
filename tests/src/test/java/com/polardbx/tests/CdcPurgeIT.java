package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PURGE BINARY LOGS} and the retention of the global binlog through the CN, as on a MySQL primary:
 * {@code SHOW BINARY LOGS} and the files follow, a dump from a purged file gets 1236, errors and warnings are
 * MySQL's (compared with a MariaDB DN's answer to the same statement where it cannot purge the DN's binlogs),
 * SUPER is needed, and
 * {@code binlog_expire_logs_seconds} / {@code expire_logs_days} remove old files by themselves. That a file a dump
 * reads is never purged is {@code TestBinlogPurge}'s (a dump here would read to the end at once).
 */
class CdcPurgeIT {
    private static final String DB = "cdc_purge";
    private static TestingCluster cluster;
    private static int nextId = 1;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        cluster.enableCdc();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " MODE='auto'");
            st.execute("CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, pad VARCHAR(200)) PARTITION BY HASH(id)"
                + " PARTITIONS 4");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL binlog_expire_logs_seconds = 2592000");
            st.execute("SET GLOBAL expire_logs_days = 0");
        }
        cluster.disableCdc();
    }

    /** Writes rows until the binlog has at least {@code count} files; returns SHOW BINARY LOGS' names. */
    private static List<String> atLeastFiles(int count) throws Exception {
        try (Connection c = cluster.connect(DB, null); Statement st = c.createStatement()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                List<String> files = binaryLogs(st);
                if (files.size() >= count) {
                    return files;
                }
                st.execute("INSERT INTO t VALUES (" + nextId++ + ", REPEAT('x', 200))");
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the binlog did not reach " + count + " files");
    }

    private static List<String> binaryLogs(Statement st) throws SQLException {
        List<String> files = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.add(rs.getString("Log_name"));
            }
        }
        return files;
    }

    private static List<String> warnings(Statement st) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW WARNINGS")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
            }
        }
        return out;
    }

    @Test
    void purgeToRemovesTheEarlierFiles() throws Exception {
        List<String> files = atLeastFiles(4);
        String target = files.get(files.size() - 2);
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("PURGE BINARY LOGS TO '" + target + "'");
            assertEquals(List.of(), warnings(st));
            List<String> after = binaryLogs(st);
            assertEquals(target, after.get(0), "SHOW BINARY LOGS starts at the target: " + after);
            for (String gone : files.subList(0, files.indexOf(target))) {
                assertFalse(Files.exists(cluster.cdcDir().resolve("binlog").resolve(gone)), gone);
            }
            // MASTER is a synonym; purging to the first file purges nothing
            st.execute("PURGE MASTER LOGS TO '" + target + "'");
            assertEquals(after, binaryLogs(st));
        }
        // a dump from a purged file: 1236, as from any file the primary does not have
        try (WireClient wire = new WireClient(cluster.port(), 10_000)) {
            assertTrue(wire.login("root", "").isOk());
            java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
            p.writeBytes(WireClient.int4(4));
            p.writeBytes(new byte[] {0, 0}); // flags
            p.writeBytes(WireClient.int4(4344)); // replica server id
            p.writeBytes(files.get(0).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            WireClient.Packet answer = wire.command(0x12, p.toByteArray());
            assertTrue(answer.isError(), answer.toString());
            assertEquals(1236, answer.errno(), answer.toString());
        }
    }

    @Test
    void errorsAndWarningsAreThoseOfMariaDb() throws Exception {
        atLeastFiles(2);
        String sql = "PURGE BINARY LOGS TO 'binlog.999999'";
        SQLException cn = assertThrows(SQLException.class, () -> execute(cluster.connect(null, null), sql), sql);
        SQLException dn = assertThrows(SQLException.class, () -> execute(cluster.connectDirect(null), sql), sql);
        assertEquals(dn.getErrorCode() + " " + dn.getSQLState() + " " + dn.getMessage(),
            cn.getErrorCode() + " " + cn.getSQLState() + " " + cn.getMessage(), sql);
        // not a datetime: a warning and nothing purged (the DN keeps its binlogs as well)
        for (String before : List.of("PURGE BINARY LOGS BEFORE 'not a date'",
            "PURGE MASTER LOGS BEFORE '2026-13-45 99:00:00'")) {
            List<String> files;
            List<String> cnWarnings;
            try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
                files = binaryLogs(st);
                st.execute(before);
                cnWarnings = warnings(st);
                assertEquals(files, binaryLogs(st), before);
            }
            try (Connection c = cluster.connectDirect(null); Statement st = c.createStatement()) {
                st.execute(before);
                assertEquals(warnings(st), cnWarnings, before);
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (c; Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void purgeBeforeNowKeepsTheActiveFileWithMySqlsWarning() throws Exception {
        atLeastFiles(3);
        Thread.sleep(1100); // file times have a resolution of a second on some file systems
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            String active;
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                active = rs.getString(1);
            }
            st.execute("PURGE BINARY LOGS BEFORE NOW() + INTERVAL 1 DAY");
            assertEquals(List.of("Warning 1868 file " + active + " was not purged because it is the active log"
                + " file."), warnings(st));
            assertEquals(List.of(active), binaryLogs(st));
        }
    }

    @Test
    void purgeNeedsSuper() throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS 'purger'@'%'");
            st.execute("CREATE USER 'purger'@'%' IDENTIFIED BY 'pw'");
            st.execute("GRANT REPLICATION CLIENT, REPLICATION SLAVE ON *.* TO 'purger'@'%'");
        }
        String sql = "PURGE BINARY LOGS BEFORE '2000-01-01 00:00:00'";
        try (Connection u = DriverManager.getConnection(url, "purger", "pw"); Statement st = u.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.execute(sql));
            assertEquals(1227, e.getErrorCode(), e.getMessage());
            assertEquals("42000", e.getSQLState());
            assertEquals("Access denied; you need (at least one of) the SUPER, BINLOG ADMIN privilege(s) for this"
                + " operation", e.getMessage(), "MariaDB's message");
        }
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("GRANT SUPER ON *.* TO 'purger'@'%'");
        }
        try (Connection u = DriverManager.getConnection(url, "purger", "pw"); Statement st = u.createStatement()) {
            st.execute(sql);
            assertEquals(List.of(), warnings(st));
        }
    }

    @Test
    void retentionRemovesOldFilesByItself() throws Exception {
        atLeastFiles(3);
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            List<String> before = binaryLogs(st);
            Thread.sleep(2100);
            st.execute("SET GLOBAL expire_logs_days = 0");
            st.execute("SET GLOBAL binlog_expire_logs_seconds = 2");
            try (ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE 'binlog_expire_logs_seconds'")) {
                assertTrue(rs.next());
                assertEquals("2", rs.getString(2));
            }
            long deadline = System.currentTimeMillis() + 10_000;
            List<String> after = binaryLogs(st);
            while (after.contains(before.get(0)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                after = binaryLogs(st);
            }
            assertFalse(after.contains(before.get(0)), "old files purged: " + before + " then " + after);
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rs.next());
                assertEquals(List.of(rs.getString(1)), after, "only the active file stays");
            }
            // back to no expiry by seconds; expire_logs_days (MariaDB's and MySQL 5.7's name) also purges
            st.execute("SET GLOBAL binlog_expire_logs_seconds = 0");
            List<String> kept = atLeastFiles(after.size() + 2);
            Thread.sleep(1500);
            assertEquals(kept.get(0), binaryLogs(st).get(0), "nothing purged without a retention");
            st.execute("SET GLOBAL expire_logs_days = 1");
            try (ResultSet rs = st.executeQuery("SHOW GLOBAL VARIABLES LIKE 'expire_logs_days'")) {
                assertTrue(rs.next());
                assertEquals("1", rs.getString(2));
            }
            Thread.sleep(1500);
            assertEquals(kept.get(0), binaryLogs(st).get(0), "files of today are kept for a day");
        }
    }
}
