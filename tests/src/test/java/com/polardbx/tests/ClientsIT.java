package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real MySQL clients against the CN: the mariadb CLI, Connector/J (server-side prepared statements, TLS +
 * caching_sha2_password) and MariaDB Connector/J. */
class ClientsIT {
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS clients");
            SqlFiles.execute(c, "CREATE DATABASE clients MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE clients.kv (id INT PRIMARY KEY, v VARCHAR(20), d DATETIME, "
                + "amount DECIMAL(10,2)) PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(c, "DROP USER IF EXISTS 'app'@'%'");
        }
    }

    @Test
    void mariadbCliRunsStatements() throws Exception {
        String out = cli("CREATE TABLE IF NOT EXISTS clients.cli (id INT PRIMARY KEY, s VARCHAR(10)) "
            + "PARTITION BY KEY(id) PARTITIONS 2; INSERT INTO clients.cli VALUES (1,'one'),(2,'two'),(3,'three');"
            + " SELECT s FROM clients.cli ORDER BY id; SELECT DATABASE(), @@version_comment");
        assertTrue(out.contains("one\ntwo\nthree"), out);
        String error = cli("SELECT * FROM clients.missing");
        assertTrue(error.contains("ERROR 1146 (42S02)"), error);
    }

    private String cli(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb", "-h127.0.0.1", "-P" + cluster.port(), "-uroot", "--skip-ssl",
            "-N", "-B", "-e", sql).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mariadb CLI timed out");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void serverSidePreparedStatements() throws SQLException {
        try (Connection c = cluster.connect("clients", "useServerPrepStmts=true&cachePrepStmts=true")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?, ?)")) {
                for (int i = 100; i < 110; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v'" + i);
                    ps.setString(3, "2024-05-0" + (i % 9 + 1) + " 10:00:00");
                    ps.setBigDecimal(4, new java.math.BigDecimal(i + ".25"));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v, d, amount FROM kv WHERE id = ?")) {
                ps.setInt(1, 105);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("v'105", rs.getString(1));
                    assertEquals("2024-05-07 10:00:00.0", rs.getTimestamp(2).toString());
                    assertEquals(new java.math.BigDecimal("105.25"), rs.getBigDecimal(3));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM kv WHERE id BETWEEN ? AND 109")) {
                ps.setInt(1, 100);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(10, rs.getLong(1));
                }
            }
        }
    }

    /**
     * A cross-shard prepared query executed with many different values is planned once: the plan cache hit counter
     * grows with every execution after the first, and each result equals the rows computed from a full scan.
     */
    @Test
    void preparedCrossShardQueriesReuseOnePlan() throws SQLException {
        try (Connection c = cluster.connect("clients", "useServerPrepStmts=true&cachePrepStmts=true");
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT IGNORE INTO kv VALUES (200, 'a', NULL, 1.50), (201, 'b', NULL, 20.00), "
                + "(202, 'c', NULL, 300.25), (203, 'd', NULL, 4000.75)");
            java.util.Map<Integer, java.math.BigDecimal> amounts = new java.util.HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, amount FROM kv")) {
                while (rs.next()) {
                    amounts.put(rs.getInt(1), rs.getBigDecimal(2));
                }
            }
            long hitsBefore = planCacheCounter(s, "polardbx_plan_cache_hits");
            int executions = 20;
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), SUM(amount) FROM kv WHERE amount > ? AND id <> ?")) {
                for (int i = 0; i < executions; i++) {
                    java.math.BigDecimal floor = java.math.BigDecimal.valueOf(i * 211L, 1);
                    int excluded = 200 + i % 4;
                    ps.setBigDecimal(1, floor);
                    ps.setInt(2, excluded);
                    long count = 0;
                    java.math.BigDecimal sum = null;
                    for (var e : amounts.entrySet()) {
                        if (e.getValue() != null && e.getValue().compareTo(floor) > 0 && e.getKey() != excluded) {
                            count++;
                            sum = sum == null ? e.getValue() : sum.add(e.getValue());
                        }
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(count, rs.getLong(1), "count above " + floor);
                        assertEquals(sum, rs.getBigDecimal(2), "sum above " + floor);
                    }
                }
            }
            long hits = planCacheCounter(s, "polardbx_plan_cache_hits") - hitsBefore;
            assertTrue(hits >= executions - 1, "plan cache hits " + hits + " for " + executions + " executions");
        }
    }

    private static long planCacheCounter(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW STATUS LIKE '" + name + "'")) {
            assertTrue(rs.next(), name);
            return rs.getLong(2);
        }
    }

    @Test
    void tlsWithCachingSha2Password() throws SQLException {
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("CREATE USER 'app'@'%' IDENTIFIED BY 's3cret'");
            st.execute("GRANT ALL ON clients.* TO 'app'@'%'");
        }
        String url = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/clients?sslMode=REQUIRED";
        try (Connection c = DriverManager.getConnection(url, "app", "s3cret");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CURRENT_USER()")) {
            assertTrue(rs.next());
            assertEquals("app@%", rs.getString(1));
        }
        SQLException denied = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
            () -> DriverManager.getConnection(url, "app", "wrong"));
        assertEquals(1045, denied.getErrorCode());
    }

    @Test
    void privilegesAreEnforced() throws SQLException {
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS 'reader'@'%'");
            st.execute("CREATE USER 'reader'@'%' IDENTIFIED BY 'r'");
            st.execute("GRANT SELECT ON clients.* TO 'reader'@'%'");
            st.execute("CREATE DATABASE IF NOT EXISTS clients_private MODE='auto'");
        }
        String url = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/clients?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(url, "reader", "r"); Statement st = c.createStatement()) {
            st.executeQuery("SELECT COUNT(*) FROM kv").close();
            SQLException insert = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> st.execute("INSERT INTO kv (id) VALUES (999)"));
            assertEquals(1142, insert.getErrorCode());
            SQLException create = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> st.execute("CREATE TABLE nope (id INT PRIMARY KEY)"));
            assertEquals(1044, create.getErrorCode());
            SQLException use = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> st.execute("USE clients_private"));
            assertEquals(1044, use.getErrorCode());
        }
        SQLException db = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
            () -> DriverManager.getConnection(url.replace("/clients?", "/clients_private?"), "reader", "r"));
        assertEquals(1044, db.getErrorCode());
    }

    @Test
    void mariadbConnectorJ() throws SQLException {
        String url = "jdbc:mariadb://127.0.0.1:" + cluster.port() + "/clients?sslMode=disable";
        try (Connection c = DriverManager.getConnection(url, "root", "");
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO kv (id, v) VALUES (200, 'maria'), (201, 'db')");
            List<String> rows = SqlFiles.rows(c, "SELECT id, v FROM kv WHERE id IN (200, 201) ORDER BY id");
            assertEquals(List.of("200 | maria", "201 | db"), rows);
        }
    }
}
