package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code FLUSH TABLES WITH READ LOCK} through the CN against a plain MariaDB DN, statement for statement: the holder's
 * writes get 1223 and its reads go on; another session's autocommit write and the commit of its open write
 * transaction wait until {@code UNLOCK TABLES} (or the holder's disconnect) and then complete; another session's
 * reads go on; a write waiting longer than {@code lock_wait_timeout} gets 1205; FTWRL waits for a running write; the
 * table form and a plain {@code FLUSH TABLES}; RELOAD is needed (1227).
 */
class GlobalReadLockIT {
    private static final String DB = "ftwrl_it";
    private static final String USER = "ftwrl_noreload";
    private static final String PASSWORD = "ftwrl-pw";
    private static TestingCluster cluster;

    /** One side of the comparison: a way to open a session there. */
    private interface Side {
        Connection open() throws SQLException;
    }

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        for (Side side : sides()) {
            try (Connection c = side.open(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
                st.execute("INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)");
                st.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
                st.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
                st.execute("GRANT SELECT, INSERT, DELETE, LOCK TABLES ON " + DB + ".* TO '" + USER + "'@'%'");
            }
        }
    }

    private static List<Side> sides() {
        return List.of(() -> cluster.connect(DB, null), () -> cluster.connectDirect(DB));
    }

    private static String name(int side) {
        return side == 0 ? "CN" : "MariaDB";
    }

    /** The holder's write fails with 1223, its reads and another session's reads go on, UNLOCK TABLES ends it. */
    @Test
    void holderCannotWriteAndEveryoneReads() throws Exception {
        List<String> answers = new ArrayList<>();
        for (Side side : sides()) {
            List<String> seen = new ArrayList<>();
            try (Connection holder = side.open(); Connection other = side.open();
                 Statement h = holder.createStatement(); Statement o = other.createStatement()) {
                h.execute("FLUSH TABLES WITH READ LOCK");
                seen.add("insert: " + errno(h, "INSERT INTO t VALUES (10, 10)"));
                seen.add("update: " + errno(h, "UPDATE t SET v = v + 1 WHERE id = 1"));
                seen.add("holder reads " + SqlFiles.rows(holder, "SELECT id, v FROM t ORDER BY id"));
                seen.add("other reads " + SqlFiles.rows(other, "SELECT COUNT(*) FROM t"));
                h.execute("FLUSH TABLES WITH READ LOCK"); // again: still held, no error
                h.execute("UNLOCK TABLES");
                h.execute("UPDATE t SET v = v + 0 WHERE id = 1");
                seen.add("after unlock: written");
            }
            answers.add(String.join("\n", seen));
        }
        assertTrue(answers.get(1).contains("insert: 1223"), answers.get(1));
        assertEquals(answers.get(1), answers.get(0), "CN against MariaDB");
    }

    /**
     * Another session's autocommit insert and the COMMIT of its open write transaction wait while the lock is held
     * and complete after UNLOCK TABLES; a disconnect of the holder releases the lock too.
     */
    @Test
    void otherWritesAndCommitsWaitUntilUnlock() throws Exception {
        for (int s = 0; s < 2; s++) {
            Side side = sides().get(s);
            try (Connection holder = side.open(); Connection writer = side.open(); Connection tx = side.open();
                 Statement h = holder.createStatement()) {
                tx.setAutoCommit(false);
                try (Statement t = tx.createStatement()) {
                    t.execute("INSERT INTO t VALUES (21, 21)"); // written before the lock, committed under it
                }
                h.execute("FLUSH TABLES WITH READ LOCK");
                CompletableFuture<Void> insert = CompletableFuture.runAsync(() -> execute(writer,
                    "INSERT INTO t VALUES (20, 20)"));
                CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> {
                    try {
                        tx.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertStillWaiting(insert, name(s) + ": another session's insert under the lock");
                assertStillWaiting(commit, name(s) + ": another session's commit under the lock");
                try (Connection reader = side.open()) {
                    assertEquals(List.of("1 | 1"), SqlFiles.rows(reader, "SELECT id, v FROM t WHERE id = 1"),
                        name(s) + ": reads go on");
                }
                h.execute("UNLOCK TABLES");
                insert.get(10, TimeUnit.SECONDS);
                commit.get(10, TimeUnit.SECONDS);
                assertEquals(List.of("20", "21"), SqlFiles.rows(writer,
                    "SELECT id FROM t WHERE id IN (20, 21) ORDER BY id"), name(s) + ": both written after UNLOCK");

                // the holder's disconnect ends the lock as well
                Connection leaving = side.open();
                try (Statement l = leaving.createStatement()) {
                    l.execute("FLUSH TABLES WITH READ LOCK");
                }
                CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> execute(writer,
                    "DELETE FROM t WHERE id IN (20, 21)"));
                assertStillWaiting(delete, name(s) + ": a delete under the lock");
                leaving.close();
                delete.get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A write waiting for the lock longer than the session's lock_wait_timeout gets 1205 on both. */
    @Test
    void waitingWriteTimesOutWithLockWaitTimeout() throws Exception {
        List<String> answers = new ArrayList<>();
        for (Side side : sides()) {
            try (Connection holder = side.open(); Connection writer = side.open();
                 Statement h = holder.createStatement(); Statement w = writer.createStatement()) {
                h.execute("FLUSH TABLES WITH READ LOCK");
                w.execute("SET SESSION lock_wait_timeout = 1");
                long started = System.nanoTime();
                int errno = errno(w, "INSERT INTO t VALUES (30, 30)");
                long waitedMs = (System.nanoTime() - started) / 1_000_000;
                answers.add(errno + (waitedMs >= 900 ? " after about a second" : " after " + waitedMs + " ms"));
                h.execute("UNLOCK TABLES");
                assertEquals(List.of(), SqlFiles.rows(writer, "SELECT id FROM t WHERE id = 30"));
            }
        }
        assertEquals("1205 after about a second", answers.get(1));
        assertEquals(answers.get(1), answers.get(0), "CN against MariaDB");
    }

    /** A COMMIT that waits for the lock longer than lock_wait_timeout: the error and what is left of its transaction. */
    @Test
    void commitTimingOutUnderTheLock() throws Exception {
        List<String> answers = new ArrayList<>();
        for (Side side : sides()) {
            List<String> seen = new ArrayList<>();
            try (Connection holder = side.open(); Connection tx = side.open(); Connection other = side.open();
                 Statement h = holder.createStatement(); Statement t = tx.createStatement()) {
                t.execute("SET SESSION lock_wait_timeout = 1");
                t.execute("START TRANSACTION");
                t.execute("INSERT INTO t VALUES (50, 50)");
                h.execute("FLUSH TABLES WITH READ LOCK");
                seen.add("commit: " + errno(t, "COMMIT"));
                h.execute("UNLOCK TABLES");
                seen.add("its session sees " + SqlFiles.rows(tx, "SELECT COUNT(*) FROM t WHERE id = 50"));
                t.execute("ROLLBACK");
                seen.add("after its rollback, others see "
                    + SqlFiles.rows(other, "SELECT COUNT(*) FROM t WHERE id = 50"));
                t.execute("DELETE FROM t WHERE id = 50");
            }
            answers.add(String.join("\n", seen));
        }
        assertTrue(answers.get(1).startsWith("commit: 1205"), answers.get(1));
        assertEquals(answers.get(1), answers.get(0), "CN against MariaDB");
    }

    /** FLUSH TABLES WITH READ LOCK waits for a running write statement (here one sleeping in SQL) to finish. */
    @Test
    void lockWaitsForARunningWrite() throws Exception {
        for (int s = 0; s < 2; s++) {
            Side side = sides().get(s);
            try (Connection holder = side.open(); Connection writer = side.open();
                 Statement h = holder.createStatement()) {
                CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> execute(writer,
                    "UPDATE t SET v = v + SLEEP(2) * 0 WHERE id = 2"));
                Thread.sleep(500);
                long started = System.nanoTime();
                h.execute("FLUSH TABLES WITH READ LOCK");
                long waitedMs = (System.nanoTime() - started) / 1_000_000;
                // the update ends about 1.5 s after the FTWRL was sent (its OK may reach its client a moment later)
                assertTrue(waitedMs >= 1000, name(s) + ": the lock waited for the running update: " + waitedMs
                    + " ms");
                slow.get(5, TimeUnit.SECONDS);
                h.execute("UNLOCK TABLES");
            }
        }
    }

    /** FLUSH TABLES alone and FLUSH TABLES t WITH READ LOCK are accepted; without RELOAD each is 1227. */
    @Test
    void tableFormsAndPrivileges() throws Exception {
        List<String> answers = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Side side = sides().get(s);
            List<String> seen = new ArrayList<>();
            try (Connection c = side.open(); Statement st = c.createStatement()) {
                st.execute("FLUSH TABLES");
                st.execute("FLUSH TABLES t");
                st.execute("FLUSH TABLES t WITH READ LOCK");
                seen.add("reads " + SqlFiles.rows(c, "SELECT COUNT(*) FROM t WHERE id <= 3"));
                st.execute("UNLOCK TABLES");
                seen.add("unknown table: " + errno(st, "FLUSH TABLES nope WITH READ LOCK"));
            }
            String url = s == 0 ? "jdbc:mysql://127.0.0.1:" + cluster.port() + "/" + DB
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true" : null;
            try (Connection c = url != null ? DriverManager.getConnection(url, USER, PASSWORD)
                : directAs(USER, PASSWORD); Statement st = c.createStatement()) {
                seen.add("no RELOAD, FTWRL: " + errno(st, "FLUSH TABLES WITH READ LOCK"));
                seen.add("no RELOAD, FLUSH TABLES: " + errno(st, "FLUSH TABLES"));
                seen.add("no RELOAD, FLUSH TABLES t WITH READ LOCK: " + errno(st, "FLUSH TABLES t WITH READ LOCK"));
                seen.add("no RELOAD, insert still works: " + st.executeUpdate("INSERT INTO t VALUES (40, 40)"));
                st.execute("DELETE FROM t WHERE id = 40");
            } catch (SQLException e) {
                seen.add("error " + e.getErrorCode() + " " + e.getMessage());
            }
            answers.add(String.join("\n", seen));
        }
        assertTrue(answers.get(1).contains("FTWRL: 1227"), answers.get(1));
        assertEquals(answers.get(1), answers.get(0), "CN against MariaDB");
    }

    private static Connection directAs(String user, String password) throws SQLException {
        String url = cluster.dataNodes().jdbcUrl(1, DB);
        return DriverManager.getConnection(url, user, password);
    }

    private static void assertStillWaiting(CompletableFuture<Void> work, String what) throws Exception {
        try {
            work.get(1, TimeUnit.SECONDS);
            throw new AssertionError(what + " did not wait");
        } catch (TimeoutException expected) {
            // still blocked, as it should be
        }
    }

    private static void execute(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getErrorCode() + " " + e.getMessage(), e);
        }
    }

    private static int errno(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return errno(st, sql);
        }
    }

    private static int errno(Statement st, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
        return e.getErrorCode();
    }
}
