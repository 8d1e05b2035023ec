package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MySQL's isolation semantics through the CN, with rows on both DNs: REPEATABLE READ snapshots, READ COMMITTED,
 * WITH CONSISTENT SNAPSHOT, READ ONLY, SET TRANSACTION scope, locking reads across shards and lock wait timeouts.
 */
class IsolationIT {
    private static TestingCluster cluster;

    @BeforeAll
    static void createDatabase() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "CREATE DATABASE IF NOT EXISTS iso MODE='auto'");
        }
    }

    @BeforeEach
    void createTable() throws SQLException {
        try (Connection c = connect()) {
            SqlFiles.execute(c, "DROP TABLE IF EXISTS t");
            SqlFiles.execute(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(c, "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (4, 40)");
        }
    }

    private static Connection connect() throws SQLException {
        return cluster.connect("iso", "sessionVariables=innodb_lock_wait_timeout=1");
    }

    private static String one(Connection c, String sql) throws SQLException {
        return SqlFiles.rows(c, sql).get(0);
    }

    @Test
    void repeatableReadKeepsItsSnapshotAcrossShards() throws SQLException {
        try (Connection a = connect(); Connection b = connect()) {
            SqlFiles.execute(a, "BEGIN");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(b, "UPDATE t SET v = v + 1"); // autocommit, all shards, atomic
            assertEquals("104", one(b, "SELECT SUM(v) FROM t"));
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            assertEquals("10", one(a, "SELECT v FROM t WHERE id = 1"));
            SqlFiles.execute(a, "COMMIT");
            assertEquals("104", one(a, "SELECT SUM(v) FROM t"));
        }
    }

    @Test
    void readCommittedSeesEachCommit() throws SQLException {
        try (Connection a = connect(); Connection b = connect()) {
            SqlFiles.execute(a, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
            assertEquals("READ-COMMITTED", one(a, "SELECT @@transaction_isolation"));
            SqlFiles.execute(a, "BEGIN");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(b, "UPDATE t SET v = v + 1 WHERE id IN (1, 2)");
            assertEquals("102", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(a, "COMMIT");
        }
    }

    @Test
    void consistentSnapshotStartsAtStartTransaction() throws SQLException {
        try (Connection a = connect(); Connection b = connect()) {
            SqlFiles.execute(a, "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            SqlFiles.execute(b, "UPDATE t SET v = 0 WHERE id = 3");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(a, "COMMIT");
            SqlFiles.execute(a, "BEGIN"); // without the clause the snapshot starts at the first read
            SqlFiles.execute(b, "UPDATE t SET v = 30 WHERE id = 3");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(a, "COMMIT");
        }
    }

    @Test
    void readOnlyTransactionRefusesWrites() throws SQLException {
        try (Connection a = connect()) {
            SqlFiles.execute(a, "START TRANSACTION READ ONLY");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            SQLException e = assertThrows(SQLException.class, () -> SqlFiles.execute(a, "UPDATE t SET v = 1"));
            assertEquals(1792, e.getErrorCode());
            assertEquals("25006", e.getSQLState());
            SqlFiles.execute(a, "COMMIT");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
        }
    }

    @Test
    void setTransactionWithoutScopeAppliesToTheNextTransactionOnly() throws SQLException {
        try (Connection a = connect(); Connection b = connect()) {
            SqlFiles.execute(a, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
            SqlFiles.execute(a, "BEGIN");
            assertEquals("100", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(b, "UPDATE t SET v = v + 1 WHERE id = 4");
            assertEquals("101", one(a, "SELECT SUM(v) FROM t"), "the next transaction is READ COMMITTED");
            SQLException e = assertThrows(SQLException.class,
                () -> SqlFiles.execute(a, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
            assertEquals(1568, e.getErrorCode());
            SqlFiles.execute(a, "COMMIT");
            SqlFiles.execute(a, "BEGIN");
            assertEquals("101", one(a, "SELECT SUM(v) FROM t"));
            SqlFiles.execute(b, "UPDATE t SET v = v - 1 WHERE id = 4");
            assertEquals("101", one(a, "SELECT SUM(v) FROM t"), "the one after is REPEATABLE READ again");
            SqlFiles.execute(a, "COMMIT");
        }
    }

    @Test
    void lockingReadsAcrossShardsBlockWritersUntilLockWaitTimeout() throws Exception {
        for (String clause : List.of("FOR UPDATE", "LOCK IN SHARE MODE")) {
            try (Connection a = connect(); Connection b = connect()) {
                SqlFiles.execute(a, "BEGIN");
                assertEquals(List.of("1 | 10", "2 | 20", "3 | 30", "4 | 40"),
                    SqlFiles.rows(a, "SELECT id, v FROM t WHERE v > 0 ORDER BY id " + clause));
                SqlFiles.execute(b, "BEGIN");
                SQLException e = assertThrows(SQLException.class,
                    () -> SqlFiles.execute(b, "UPDATE t SET v = v + 1 WHERE id = 3"), clause);
                assertEquals(1205, e.getErrorCode(), clause);
                // The timeout rolled back the statement only: b's transaction goes on and commits.
                SqlFiles.execute(b, "UPDATE t SET v = v + 1 WHERE id = 99");
                CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                    try {
                        SqlFiles.execute(b, "SET innodb_lock_wait_timeout = 20");
                        SqlFiles.execute(b, "UPDATE t SET v = v + 1 WHERE id = 2");
                        SqlFiles.execute(b, "COMMIT");
                    } catch (SQLException ex) {
                        throw new RuntimeException(ex);
                    }
                });
                Thread.sleep(300);
                assertTrue(!waiting.isDone(), "the writer waits for the lock");
                SqlFiles.execute(a, "COMMIT");
                waiting.get(20, TimeUnit.SECONDS);
                assertEquals("21", one(a, "SELECT v FROM t WHERE id = 2"));
                SqlFiles.execute(a, "UPDATE t SET v = 20 WHERE id = 2");
            }
        }
    }

    @Test
    void aFailedStatementOverSeveralShardsIsUndoneWholeAndTheTransactionGoesOn() throws SQLException {
        try (Connection a = connect()) {
            SQLException e = assertThrows(SQLException.class,
                () -> SqlFiles.execute(a, "INSERT INTO t VALUES (5, 50), (6, 60), (7, 70), (1, 1)"));
            assertEquals(1062, e.getErrorCode());
            assertEquals("4", one(a, "SELECT COUNT(*) FROM t"), "autocommit: nothing of the statement is left");
            SqlFiles.execute(a, "BEGIN");
            SqlFiles.execute(a, "UPDATE t SET v = 11 WHERE id = 1");
            e = assertThrows(SQLException.class,
                () -> SqlFiles.execute(a, "INSERT INTO t VALUES (5, 50), (6, 60), (7, 70), (2, 2)"));
            assertEquals(1062, e.getErrorCode());
            assertEquals("4", one(a, "SELECT COUNT(*) FROM t"), "in a transaction: the statement is undone");
            for (int failing = 1; failing <= 4; failing++) {
                // every shard but the failing row's one may have run first: none of their changes may stay
                int row = failing;
                e = assertThrows(SQLException.class,
                    () -> SqlFiles.execute(a, "UPDATE t SET v = IF(id = " + row + ", 1 / 0, v + 1000)"));
                assertEquals(1365, e.getErrorCode(), "division by 0 in strict mode");
                assertEquals("101", one(a, "SELECT SUM(v) FROM t"), "after failing on row " + row);
            }
            SqlFiles.execute(a, "INSERT INTO t VALUES (8, 80)");
            SqlFiles.execute(a, "COMMIT");
            assertEquals("5", one(a, "SELECT COUNT(*) FROM t"));
            assertEquals("11", one(a, "SELECT v FROM t WHERE id = 1"), "the earlier statement stays");
        }
    }

    @Test
    void aDeadlockAcrossDataNodesEndsWith1213ForOneAndTheOtherCommits() throws Exception {
        try (Connection setup = connect()) {
            SqlFiles.execute(setup, "DROP TABLE IF EXISTS d");
            // HASH over 2 partitions: even ids on one DN, odd ids on the other
            SqlFiles.execute(setup, "CREATE TABLE d (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 2");
            SqlFiles.execute(setup, "INSERT INTO d VALUES (2, 0), (3, 0)");
        }
        // A lock wait timeout far above what detection takes: a 1205 here would mean the cycle was not broken.
        try (Connection a = cluster.connect("iso", "sessionVariables=innodb_lock_wait_timeout=30");
             Connection b = cluster.connect("iso", "sessionVariables=innodb_lock_wait_timeout=30")) {
            SqlFiles.execute(a, "BEGIN");
            SqlFiles.execute(b, "BEGIN");
            SqlFiles.execute(a, "UPDATE d SET v = v + 1 WHERE id = 2");
            SqlFiles.execute(b, "UPDATE d SET v = v + 10 WHERE id = 3");
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> transferStep(a, 3));
            Thread.sleep(200);
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> transferStep(b, 2));
            int errA = first.get(60, TimeUnit.SECONDS);
            int errB = second.get(60, TimeUnit.SECONDS);
            assertEquals(List.of(0, 1213), List.of(Math.min(errA, errB), Math.max(errA, errB)),
                "exactly one victim, with 1213: " + errA + ", " + errB);
            Connection survivor = errA == 0 ? a : b;
            SqlFiles.execute(survivor, "COMMIT");
            Connection victim = errA == 0 ? b : a;
            // The victim's transaction is over (rolled back on both DNs); the session works on.
            assertEquals(errA == 0 ? "101" : "110", one(victim, "SELECT SUM(v) FROM d"),
                "only the survivor's two updates are there");
        }
    }

    /** The second UPDATE of a transfer; 0 when it (and a later COMMIT) can go on, else the errno. */
    private static int transferStep(Connection c, int id) {
        try {
            SqlFiles.execute(c, "UPDATE d SET v = v + 100 WHERE id = " + id);
            return 0;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }
}
