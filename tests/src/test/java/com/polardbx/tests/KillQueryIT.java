package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
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
 * SHOW PROCESSLIST shows a long CN query, and KILL QUERY from another connection stops it with 1317 while it spills,
 * giving back its memory and spill files; KILL closes the connection.
 */
class KillQueryIT {
    private static final String LONG_QUERY = "SELECT COUNT(*) FROM big a JOIN big b ON a.v < b.v AND a.pad <> b.pad";
    private static TestingCluster cluster;
    private static final ExecutorService runner = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS killdb");
            st.execute("CREATE DATABASE killdb MODE='auto'");
            st.execute("USE killdb");
            st.execute("CREATE TABLE big (id BIGINT PRIMARY KEY, v INT, pad VARCHAR(120)) "
                + "PARTITION BY HASH(id) PARTITIONS 4");
            for (int batch = 0; batch < 20; batch++) {
                StringBuilder sql = new StringBuilder("INSERT INTO big VALUES ");
                for (int i = 0; i < 1000; i++) {
                    int id = batch * 1000 + i;
                    sql.append(i == 0 ? "" : ",").append('(').append(id).append(',').append((id * 7919) % 10007)
                        .append(",'").append("p".repeat(100)).append(id).append("')");
                }
                st.execute(sql.toString());
            }
        }
    }

    @AfterAll
    static void tearDown() {
        runner.shutdownNow();
    }

    private static long connectionId(Connection c) throws SQLException {
        return Long.parseLong(SqlFiles.rows(c, "SELECT CONNECTION_ID()").get(0));
    }

    /** Waits until the process list shows {@code id} running {@code LONG_QUERY}; returns its row. */
    private static String[] awaitRunning(Connection admin, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SHOW PROCESSLIST")) {
                assertEquals(List.of("Id", "User", "Host", "db", "Command", "Time", "State", "Info"), labels(rs));
                while (rs.next()) {
                    if (rs.getLong("Id") == id && LONG_QUERY.equals(rs.getString("Info"))) {
                        String[] row = new String[8];
                        for (int i = 0; i < 8; i++) {
                            row[i] = rs.getString(i + 1);
                        }
                        return row;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("query never showed up in SHOW PROCESSLIST");
    }

    private static List<String> labels(ResultSet rs) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            out.add(rs.getMetaData().getColumnLabel(i));
        }
        return out;
    }

    @Test
    void killQueryStopsASpillingJoinAndFreesItsMemoryAndFiles() throws Exception {
        try (Connection victim = cluster.connect("killdb", null); Connection admin = cluster.connect("killdb", null)) {
            long id = connectionId(victim);
            long filesBefore = SqlFiles.status(admin, "polardbx_spill_files");
            try (Statement st = victim.createStatement()) {
                st.execute("SET polardbx_query_memory_limit = 262144");
            }
            Future<Object> running = runner.submit(() -> {
                try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery(LONG_QUERY)) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            String[] row = awaitRunning(admin, id);
            assertEquals("root", row[1]);
            assertEquals("killdb", row[3]);
            assertEquals("Query", row[4]);
            // the inner side (20,000 rows with 100-byte strings) does not fit in 256 KB: it spills and is rescanned
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (SqlFiles.status(admin, "polardbx_spill_files") == filesBefore && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(SqlFiles.status(admin, "polardbx_spill_files_live") > 0, "the join spilled");
            assertFalse(running.isDone(), "the query is still running when it is killed");

            long killedAt = System.nanoTime();
            try (Statement st = admin.createStatement()) {
                st.execute("KILL QUERY " + id);
            }
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> running.get(10, TimeUnit.SECONDS));
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            SQLException e = (SQLException) failure.getCause();
            assertEquals(1317, e.getErrorCode(), e.getMessage());
            assertEquals("70100", e.getSQLState());
            assertTrue(stopMillis < 5_000, "stopped after " + stopMillis + " ms");

            assertEquals(0, SqlFiles.status(admin, "polardbx_spill_files_live"), "spill files removed");
            assertEquals(0, SqlFiles.status(admin, "polardbx_query_memory_bytes"), "memory given back");
            // the connection survives KILL QUERY
            assertEquals(List.of("20000"), SqlFiles.rows(victim, "SELECT COUNT(*) FROM big"));
            assertTrue(awaitIdle(admin, id), "the process list shows the connection idle again");
        }
    }

    private static boolean awaitIdle(Connection admin, long id) throws Exception {
        for (int i = 0; i < 100; i++) {
            for (String r : SqlFiles.rows(admin, "SHOW PROCESSLIST")) {
                if (r.startsWith(id + " |") && r.contains("| Sleep |")) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void killClosesTheConnection() throws Exception {
        try (Connection victim = cluster.connect("killdb", null); Connection admin = cluster.connect("killdb", null)) {
            long id = connectionId(victim);
            try (Statement st = admin.createStatement()) {
                st.execute("KILL " + id);
            }
            assertThrows(SQLException.class, () -> SqlFiles.rows(victim, "SELECT 1"));
            // the session leaves the process list once its channel has closed (asynchronously)
            boolean listed = true;
            for (int i = 0; i < 100 && listed; i++) {
                listed = SqlFiles.rows(admin, "SHOW PROCESSLIST").stream().anyMatch(r -> r.startsWith(id + " |"));
                Thread.sleep(50);
            }
            assertFalse(listed, "killed connection still in SHOW PROCESSLIST");
        }
    }
}
