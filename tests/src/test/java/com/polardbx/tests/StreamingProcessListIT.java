package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CN query does most of its work while its rows are read and sent, after the statement has returned its cursor.
 * While a client reads such a result slowly (a streaming JDBC result set; the CN waits for the socket to drain),
 * SHOW PROCESSLIST must show the connection as {@code Query} with the statement as Info and a growing Time, as MySQL
 * does, and {@code Sleep} again once the last row is sent or the query is killed.
 */
class StreamingProcessListIT {
    /** A CN hash join on a non-partition column: 5,000 x 20 = 100,000 rows of ~220 bytes, far beyond the socket. */
    private static final String JOIN = "SELECT a.id, a.pad, b.id, b.pad FROM wide a JOIN wide b ON a.k = b.k";
    private static final int JOIN_ROWS = 100_000;
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS plistdb");
            st.execute("CREATE DATABASE plistdb MODE='auto'");
            st.execute("USE plistdb");
            st.execute("CREATE TABLE wide (id BIGINT PRIMARY KEY, k INT, pad VARCHAR(120)) "
                + "PARTITION BY HASH(id) PARTITIONS 4");
            for (int batch = 0; batch < 5; batch++) {
                StringBuilder sql = new StringBuilder("INSERT INTO wide VALUES ");
                for (int i = 0; i < 1000; i++) {
                    int id = batch * 1000 + i;
                    sql.append(i == 0 ? "" : ",").append('(').append(id).append(',').append(id % 250)
                        .append(",'").append("w".repeat(100)).append(id).append("')");
                }
                st.execute(sql.toString());
            }
        }
    }

    /** The process-list row of connection {@code id}: Command, Time, State, Info. */
    private record Process(String command, long time, String state, String info) {
    }

    private static Process process(Connection admin, long id) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SHOW PROCESSLIST")) {
            while (rs.next()) {
                if (rs.getLong("Id") == id) {
                    return new Process(rs.getString("Command"), rs.getLong("Time"), rs.getString("State"),
                        rs.getString("Info"));
                }
            }
        }
        throw new AssertionError("connection " + id + " is not in SHOW PROCESSLIST");
    }

    /** information_schema.PROCESSLIST's Command and Info of connection {@code id}, filtered by the SQL itself. */
    private static String infoSchemaProcess(Connection admin, long id) throws SQLException {
        return String.join("\n", SqlFiles.rows(admin,
            "SELECT COMMAND, INFO FROM information_schema.PROCESSLIST WHERE ID = " + id));
    }

    /** Waits (at most 30 s) until connection {@code id} is idle; returns its row then. */
    private static Process awaitSleep(Connection admin, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Process p = process(admin, id);
        while (!"Sleep".equals(p.command()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            p = process(admin, id);
        }
        return p;
    }

    private static long connectionId(Connection c) throws SQLException {
        return Long.parseLong(SqlFiles.rows(c, "SELECT CONNECTION_ID()").get(0));
    }

    /** A forward-only statement whose result mysql-connector-j streams row by row instead of buffering it. */
    private static Statement streaming(Connection c) throws SQLException {
        Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        st.setFetchSize(Integer.MIN_VALUE);
        return st;
    }

    @Test
    void aQueryIsShownWhileItsRowsAreStreamedAndIdleAfterTheLastRow() throws Exception {
        try (Connection reader = cluster.connect("plistdb", null); Connection admin = cluster.connect(null, null)) {
            long id = connectionId(reader);
            try (Statement st = streaming(reader); ResultSet rs = st.executeQuery(JOIN)) {
                assertTrue(rs.next(), "first row");
                // the client stops reading: the CN is still producing and sending the join's rows
                Process first = process(admin, id);
                assertEquals("Query", first.command(), "while rows are still being sent: " + first);
                assertEquals(JOIN, first.info());
                assertNotNull(first.state());
                assertEquals("Query | " + JOIN, infoSchemaProcess(admin, id));
                Thread.sleep(2100);
                Process later = process(admin, id);
                assertEquals("Query", later.command(), "still sending: " + later);
                assertEquals(JOIN, later.info());
                assertTrue(later.time() >= 2 && later.time() >= first.time(), "Time grows: " + first + " " + later);

                int rows = 1;
                while (rs.next()) {
                    rows++;
                }
                assertEquals(JOIN_ROWS, rows);
            }
            Process after = awaitSleep(admin, id);
            assertEquals("Sleep", after.command(), "after the last row: " + after);
            assertNull(after.info());
            assertEquals("Sleep | null", infoSchemaProcess(admin, id));
            // the connection is usable and idle again
            assertEquals("5000", SqlFiles.rows(reader, "SELECT COUNT(*) FROM wide").get(0));
            assertEquals("Sleep", awaitSleep(admin, id).command());
        }
    }

    @Test
    void killQueryEndsAStreamingQueryAndItShowsIdle() throws Exception {
        try (Connection reader = cluster.connect("plistdb", null); Connection admin = cluster.connect(null, null)) {
            long id = connectionId(reader);
            try (Statement st = streaming(reader); ResultSet rs = st.executeQuery(JOIN)) {
                assertTrue(rs.next(), "first row");
                assertEquals("Query", process(admin, id).command());
                try (Statement kill = admin.createStatement()) {
                    kill.execute("KILL QUERY " + id);
                }
                SQLException e = assertThrows(SQLException.class, () -> {
                    while (rs.next()) {
                        // the rows already sent before the kill, then the error
                    }
                });
                assertEquals(1317, e.getErrorCode(), e.getMessage());
            }
            Process after = awaitSleep(admin, id);
            assertEquals("Sleep", after.command(), "after KILL QUERY: " + after);
            assertNull(after.info());
            assertEquals("0", SqlFiles.rows(admin, "SHOW STATUS LIKE 'polardbx_query_memory_bytes'").get(0)
                .replaceAll(".* ", ""), "memory given back");
            assertEquals("5000", SqlFiles.rows(reader, "SELECT COUNT(*) FROM wide").get(0));
        }
    }
}
