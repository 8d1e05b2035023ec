package com.polardbx.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the shared MariaDB instances start, accept XA two-phase commit and keep data across kill -9 + restart. */
@ExtendWith(TestingDataNodesExtension.class)
class TestingDataNodesIT {
    private static TestingDataNodes nodes;

    @BeforeAll
    static void startNodes(TestingDataNodes shared) {
        nodes = shared;
    }

    @Test
    void sharedStartsThreeConfiguredInstancesOnce() throws SQLException {
        assertEquals(3, nodes.size());
        assertTrue(nodes == TestingDataNodes.shared(), "shared() must return the same instance set");
        Set<Long> serverIds = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            try (Connection conn = nodes.connect(i); Statement stmt = conn.createStatement();
                ResultSet rs = stmt.executeQuery(
                    "SELECT @@port, @@server_id, @@log_bin, @@binlog_format, @@binlog_row_image, @@version")) {
                assertTrue(rs.next());
                assertEquals(nodes.port(i), rs.getInt(1));
                serverIds.add(rs.getLong(2));
                ports.add(rs.getInt(1));
                assertEquals(1, rs.getInt(3), "log_bin");
                assertEquals("ROW", rs.getString(4));
                assertEquals("FULL", rs.getString(5));
                assertTrue(rs.getString(6).contains("MariaDB"), rs.getString(6));
            }
            assertTrue(Files.isDirectory(nodes.dataDir(i).resolve("mysql")), "datadir " + nodes.dataDir(i));
            assertTrue(nodes.dataDir(i).toString().contains("testing-dns"));
        }
        assertEquals(3, serverIds.size(), "server ids must be distinct");
        assertEquals(3, ports.size(), "ports must be distinct");
    }

    @Test
    void preparedXaBranchSurvivesDisconnectAndCommitsFromAnotherSession() throws SQLException {
        int dn = 1;
        exec(dn, "CREATE DATABASE IF NOT EXISTS it_xa", "DROP TABLE IF EXISTS it_xa.t",
            "CREATE TABLE it_xa.t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
        try (Connection conn = nodes.connect(dn); Statement stmt = conn.createStatement()) {
            stmt.execute("XA START 'it-xa-1','b1'");
            stmt.execute("INSERT INTO it_xa.t VALUES (1, 'prepared')");
            stmt.execute("XA END 'it-xa-1','b1'");
            stmt.execute("XA PREPARE 'it-xa-1','b1'");
        }
        assertTrue(recoveredXids(dn).contains("it-xa-1b1"), "XA RECOVER must list the prepared branch");
        assertEquals(0, count(dn, "it_xa.t"), "prepared rows are invisible before commit");
        exec(dn, "XA COMMIT 'it-xa-1','b1'");
        assertFalse(recoveredXids(dn).contains("it-xa-1b1"));
        assertEquals(1, count(dn, "it_xa.t"));
    }

    @Test
    void kill9AndRestartKeepCommittedRowsAndPreparedBranches() throws SQLException {
        int dn = 2;
        exec(dn, "CREATE DATABASE IF NOT EXISTS it_crash", "DROP TABLE IF EXISTS it_crash.t",
            "CREATE TABLE it_crash.t (id INT PRIMARY KEY) ENGINE=InnoDB",
            "INSERT INTO it_crash.t VALUES (1), (2), (3)");
        try (Connection conn = nodes.connect(dn); Statement stmt = conn.createStatement()) {
            stmt.execute("XA START 'it-crash-1'");
            stmt.execute("INSERT INTO it_crash.t VALUES (4)");
            stmt.execute("XA END 'it-crash-1'");
            stmt.execute("XA PREPARE 'it-crash-1'");
        }
        int port = nodes.port(dn);

        nodes.kill9(dn);
        assertFalse(nodes.isRunning(dn));
        assertThrows(SQLException.class, () -> nodes.connect(dn).close(), "a killed instance must refuse connections");

        nodes.restart(dn);
        assertTrue(nodes.isRunning(dn));
        assertEquals(port, nodes.port(dn), "restart keeps the port");
        assertEquals(3, count(dn, "it_crash.t"), "committed rows survive kill -9");
        assertTrue(recoveredXids(dn).contains("it-crash-1"), "prepared branch survives kill -9");
        exec(dn, "XA COMMIT 'it-crash-1'");
        assertEquals(4, count(dn, "it_crash.t"));
    }

    private static void exec(int i, String... sqls) throws SQLException {
        try (Connection conn = nodes.connect(i); Statement stmt = conn.createStatement()) {
            for (String sql : sqls) {
                stmt.execute(sql);
            }
        }
    }

    private static int count(int i, String table) throws SQLException {
        try (Connection conn = nodes.connect(i); Statement stmt = conn.createStatement();
            ResultSet rs = stmt.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    /** gtrid + bqual of every prepared branch, as XA RECOVER's data column concatenates them. */
    private static List<String> recoveredXids(int i) throws SQLException {
        List<String> xids = new ArrayList<>();
        try (Connection conn = nodes.connect(i); Statement stmt = conn.createStatement();
            ResultSet rs = stmt.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                xids.add(rs.getString("data"));
            }
        }
        return xids;
    }
}
