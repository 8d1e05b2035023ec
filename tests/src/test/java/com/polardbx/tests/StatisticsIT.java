package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.gms.stats.TableStatisticsRecord;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.catalog.TableStatistics;
import com.polardbx.server.stats.AnalyzedStatistics;
import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ANALYZE TABLE through the CN: MySQL's result set, statistics stored in GMS that match what MariaDB counts on one
 * database holding the same rows, read again by a fresh metadata store (as after a CN restart), and a join whose build
 * side changes once the optimizer knows the NDVs.
 */
class StatisticsIT {
    private static final String ORDERS = "CREATE TABLE orders (id BIGINT NOT NULL, customer_id INT, status VARCHAR(16),"
        + " amount INT, PRIMARY KEY (id))";
    private static final String CUSTOMERS = "CREATE TABLE customers (id INT NOT NULL, nation_id INT, PRIMARY KEY (id))";
    /** orders.status is (almost) unique, customers.nation_id has two values: the orders side is far smaller. */
    private static final String JOIN = "SELECT o.id, c.id FROM orders o JOIN customers c ON o.customer_id = c.id"
        + " WHERE o.status = 's7' AND c.nation_id = 1";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS stats_it");
            SqlFiles.execute(c, "CREATE DATABASE stats_it MODE='auto'");
            SqlFiles.execute(c, "USE stats_it");
            SqlFiles.execute(c, ORDERS + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(c, CUSTOMERS + " PARTITION BY HASH(id) PARTITIONS 4");
            load(c);
        }
        try (Connection direct = cluster.connectDirect(null)) {
            SqlFiles.execute(direct, "DROP DATABASE IF EXISTS stats_reference");
            SqlFiles.execute(direct, "CREATE DATABASE stats_reference");
            SqlFiles.execute(direct, "USE stats_reference");
            SqlFiles.execute(direct, ORDERS);
            SqlFiles.execute(direct, CUSTOMERS);
            load(direct);
        }
    }

    private static void load(Connection c) throws SQLException {
        StringBuilder orders = new StringBuilder("INSERT INTO orders VALUES ");
        StringBuilder customers = new StringBuilder("INSERT INTO customers VALUES ");
        for (int i = 1; i <= 2_000; i++) {
            orders.append(i > 1 ? "," : "").append('(').append(i).append(',').append(i % 1_000 + 1).append(',')
                .append(i % 10 == 0 ? "NULL" : "'s" + i + "'").append(',').append(i % 100).append(')');
            customers.append(i > 1 ? "," : "").append('(').append(i).append(',').append(i % 2 + 1).append(')');
        }
        try (Statement s = c.createStatement()) {
            s.execute(orders.toString());
            s.execute(customers.toString());
        }
    }

    @Test
    void analyzeAnswersLikeMariaDb() throws SQLException {
        String sql = "ANALYZE TABLE %1$s.orders, %1$s.nosuch";
        try (Connection cn = cluster.connect("stats_it", null); Connection direct = cluster.connectDirect(null)) {
            List<String> expected = SqlFiles.rows(direct, String.format(sql, "stats_reference")).stream()
                .map(r -> r.replace("stats_reference", "stats_it")).toList();
            assertEquals(expected, SqlFiles.rows(cn, String.format(sql, "stats_it")));
            assertEquals(List.of("Table", "Op", "Msg_type", "Msg_text"), SqlFiles.labels(cn, "ANALYZE TABLE customers"));
        }
        try (Connection noDb = cluster.connect(null, null)) {
            SQLException e = assertThrows(SQLException.class, () -> SqlFiles.rows(noDb, "ANALYZE TABLE orders"));
            assertEquals(1046, e.getErrorCode());
            e = assertThrows(SQLException.class, () -> SqlFiles.rows(noDb, "ANALYZE TABLE stats_it.orders ++"));
            assertEquals(1064, e.getErrorCode());
            assertEquals("42000", e.getSQLState());
        }
    }

    @Test
    void statisticsMatchMariaDbAndSurviveARestart() throws SQLException {
        try (Connection cn = cluster.connect("stats_it", null)) {
            SqlFiles.rows(cn, "ANALYZE TABLE orders, customers");
        }
        // what a restarted CN builds from GMS at start: a new metadata store and statistics reader
        TestingDataNodes nodes = cluster.dataNodes();
        MetaStore fresh = new MetaStore(new MetaDb(new StorageNode("gms", StorageNode.Kind.GMS, "127.0.0.1",
            nodes.port(0), nodes.user(), nodes.password())));
        AnalyzedStatistics stats = new AnalyzedStatistics(fresh, TableStatistics.NONE);
        TableMeta orders = fresh.table("stats_it", "orders").orElseThrow();
        TableStatisticsRecord record = stats.analyzed(orders);
        assertNotNull(record, "statistics of stats_it.orders in GMS");
        try (Connection direct = cluster.connectDirect("stats_reference")) {
            String exact = SqlFiles.rows(direct, "SELECT COUNT(*), COUNT(DISTINCT status), SUM(status IS NULL),"
                + " MIN(amount), MAX(amount), COUNT(DISTINCT customer_id) FROM orders").get(0);
            ColumnStatistics status = record.column("status");
            ColumnStatistics amount = record.column("amount");
            // tables this small are sampled whole, so the figures are exact
            assertEquals(exact, record.rowCount() + " | " + (long) status.ndv() + " | " + (long) status.nullCount()
                + " | " + amount.min() + " | " + amount.max() + " | " + (long) record.column("customer_id").ndv());
            assertEquals(record.rowCount(), stats.rowCount(orders));
            assertEquals(0.5, amount.histogram().fractionBelow(49.5, false), 0.05, "amount is uniform in 0..99");
            assertEquals(2, stats.column(fresh.table("stats_it", "customers").orElseThrow(), "nation_id").ndv());
        }
    }

    @Test
    void ndvChangesTheJoinOrderAndNotTheResult() throws SQLException {
        try (Connection cn = cluster.connect("stats_it", null); Connection direct = cluster.connectDirect(
            "stats_reference")) {
            SqlFiles.execute(cn, "ANALYZE TABLE orders, customers");
            // Without statistics both filters get the same guess and the written order stays (customers built; see
            // TestStatisticsPlans). With them, status = 's7' keeps one order and nation_id = 1 half the customers.
            assertTrue(buildsAfterProbe(cn, JOIN, "orders", "customers"), explain(cn, JOIN));
            assertEquals(SqlFiles.rows(direct, JOIN), SqlFiles.rows(cn, JOIN));
        }
    }

    @Test
    void droppedTablesLeaveNoStatistics() throws SQLException {
        try (Connection cn = cluster.connect("stats_it", null)) {
            SqlFiles.execute(cn, "DROP TABLE IF EXISTS dropped");
            SqlFiles.execute(cn, "CREATE TABLE dropped (id INT NOT NULL PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 2");
            SqlFiles.execute(cn, "INSERT INTO dropped VALUES (1), (2), (3)");
            assertEquals(List.of("stats_it.dropped | analyze | status | OK"), SqlFiles.rows(cn, "ANALYZE TABLE dropped"));
            assertTrue(analyzedTables().contains("stats_it.dropped"));
            SqlFiles.execute(cn, "DROP TABLE dropped");
            SqlFiles.execute(cn, "CREATE TABLE dropped (id INT NOT NULL PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 2");
            assertTrue(!analyzedTables().contains("stats_it.dropped"), "a new table must not inherit statistics");
            SqlFiles.execute(cn, "DROP TABLE dropped");
        }
    }

    private static List<String> analyzedTables() throws SQLException {
        TestingDataNodes nodes = cluster.dataNodes();
        try (Connection gms = DriverManager.getConnection(nodes.jdbcUrl(0, MetaDb.DATABASE), nodes.user(),
            nodes.password())) {
            return SqlFiles.rows(gms, "SELECT CONCAT(schema_name, '.', table_name) FROM table_statistics");
        }
    }

    /** Whether the EXPLAIN of {@code sql} lists the view of {@code build} after that of {@code probe}. */
    private static boolean buildsAfterProbe(Connection cn, String sql, String build, String probe)
        throws SQLException {
        String plan = explain(cn, sql);
        int b = plan.indexOf("table=[stats_it." + build + "]");
        int p = plan.indexOf("table=[stats_it." + probe + "]");
        return b > 0 && p > 0 && b > p;
    }

    private static String explain(Connection cn, String sql) throws SQLException {
        return String.join("\n", SqlFiles.rows(cn, "EXPLAIN " + sql));
    }
}
