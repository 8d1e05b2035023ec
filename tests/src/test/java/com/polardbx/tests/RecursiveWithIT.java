package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recursive WITH over a partitioned table runs in the CN within the query's limits: KILL QUERY stops a runaway
 * recursion, a UNION DISTINCT recursion whose set of rows outgrows {@code polardbx_query_memory_limit} fails with
 * 3170, and a UNION ALL round larger than the limit spills instead of failing. (Results against MariaDB are in
 * {@code slt/cte_recursive.slt}.)
 */
class RecursiveWithIT {
    private static final String RUNAWAY =
        "WITH RECURSIVE s (n) AS (SELECT MIN(id) FROM big UNION ALL SELECT n + 1 FROM s) SELECT COUNT(*) FROM s";
    private static TestingCluster cluster;
    private static final ExecutorService runner = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS recdb");
            st.execute("CREATE DATABASE recdb MODE='auto'");
            st.execute("USE recdb");
            st.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, pad VARCHAR(120)) PARTITION BY HASH(id) PARTITIONS 4");
            StringBuilder sql = new StringBuilder("INSERT INTO big VALUES ");
            for (int id = 0; id < 5000; id++) {
                sql.append(id == 0 ? "" : ",").append('(').append(id).append(",'").append("p".repeat(100))
                    .append(id).append("')");
            }
            st.execute(sql.toString());
        }
    }

    @AfterAll
    static void tearDown() {
        runner.shutdownNow();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void explainShowsTheRecursiveUnionAndExplainAnalyzeCountsEveryRound() throws Exception {
        String sql = "WITH RECURSIVE s (n) AS (SELECT MIN(id) FROM big UNION ALL SELECT n + 1 FROM s WHERE n < 9)"
            + " SELECT s.n, big.id FROM s JOIN big ON big.id = s.n * 100";
        try (Connection c = cluster.connect("recdb", null)) {
            String plan = String.join("\n", SqlFiles.rows(c, "EXPLAIN " + sql));
            assertTrue(plan.contains("LogicalRepeatUnion(all=[true])"), plan);
            assertTrue(plan.contains("cn recursive union"), plan);
            String analyzed = String.join("\n", SqlFiles.rows(c, "EXPLAIN ANALYZE " + sql));
            assertTrue(analyzed.contains("LogicalRepeatUnion(all=[true])  (actual rows=10 "), analyzed);
            assertTrue(analyzed.contains("Total: 10 rows"), analyzed);
        }
    }

    @Test
    void killQueryStopsARunawayRecursion() throws Exception {
        try (Connection victim = cluster.connect("recdb", null); Connection admin = cluster.connect("recdb", null)) {
            long id = Long.parseLong(SqlFiles.rows(victim, "SELECT CONNECTION_ID()").get(0));
            execute(victim, "SET max_recursive_iterations = 4294967295");
            Future<Object> running = runner.submit(() -> SqlFiles.rows(victim, RUNAWAY));
            Thread.sleep(1_500);
            assertFalse(running.isDone(), "four billion rounds are still running");
            long killedAt = System.nanoTime();
            execute(admin, "KILL QUERY " + id);
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> running.get(10, TimeUnit.SECONDS));
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            SQLException e = (SQLException) failure.getCause();
            assertEquals(1317, e.getErrorCode(), e.getMessage());
            assertTrue(stopMillis < 5_000, "stopped after " + stopMillis + " ms");
            assertEquals(0, SqlFiles.status(admin, "polardbx_query_memory_bytes"), "memory given back");
            assertEquals(List.of("5000"), SqlFiles.rows(victim, "SELECT COUNT(*) FROM big"), "the connection lives");
        }
    }

    @Test
    void aDistinctRecursionOutgrowingTheMemoryLimitFailsWith3170() throws Exception {
        try (Connection c = cluster.connect("recdb", null)) {
            execute(c, "SET max_recursive_iterations = 4294967295");
            execute(c, "SET polardbx_query_memory_limit = 1048576");
            SQLException e = assertThrows(SQLException.class, () -> SqlFiles.rows(c,
                "WITH RECURSIVE s (n) AS (SELECT MIN(id) FROM big UNION SELECT n + 1 FROM s) SELECT COUNT(*) FROM s"));
            assertEquals(3170, e.getErrorCode(), e.getMessage());
            assertEquals("HY000", e.getSQLState());
            assertEquals(0, SqlFiles.status(c, "polardbx_query_memory_bytes"), "memory given back");
            assertEquals(List.of("5000"), SqlFiles.rows(c, "SELECT COUNT(*) FROM big"), "the connection lives");
        }
    }

    @Test
    void aUnionAllRoundLargerThanTheMemoryLimitSpills() throws Exception {
        try (Connection c = cluster.connect("recdb", null)) {
            long spilledBefore = SqlFiles.status(c, "polardbx_spill_files");
            execute(c, "SET polardbx_query_memory_limit = 262144");
            // two rounds of 5,000 rows with 100-byte strings: each round is about 1 MB, four times the limit
            List<String> rows = SqlFiles.rows(c, "WITH RECURSIVE s (n, pad) AS (SELECT id, pad FROM big UNION ALL "
                + "SELECT n + 5000, pad FROM s WHERE n < 10000) SELECT COUNT(*), SUM(n), MAX(LENGTH(pad)) FROM s");
            assertEquals(List.of("15000 | 112492500 | 104"), rows);
            assertTrue(SqlFiles.status(c, "polardbx_spill_files") > spilledBefore, "the working table spilled");
            assertEquals(0, SqlFiles.status(c, "polardbx_spill_files_live"), "spill files removed");
            assertEquals(0, SqlFiles.status(c, "polardbx_query_memory_bytes"), "memory given back");
        }
    }
}
