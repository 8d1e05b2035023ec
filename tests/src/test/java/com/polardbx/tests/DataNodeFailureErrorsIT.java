package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a client sees when a DN dies under its transaction: one of the errors a MySQL client handles (a lost
 * connection, a rolled-back or failed commit, a lock error), never 1105 "Unknown error". DN 2 is killed with
 * SIGKILL in the middle of a transaction that wrote on both DNs, and again while a statement runs on it, and
 * restarted each time; then the same sessions must work again.
 */
class DataNodeFailureErrorsIT {
    private static final String DB = "dn_failure_errors";
    /**
     * Lost connection (2013, 2006), a transaction rolled back (1180 commit failed, 1213, 1205, 1402 XA_RBROLLBACK,
     * 1614 XA_RBDEADLOCK, 1927 connection killed, 1399 XAER_RMFAIL), a server gone away or shutting down (1053).
     */
    private static final Set<Integer> CLIENT_ERRORS = Set.of(2013, 2006, 1180, 1213, 1205, 1402, 1614, 1927, 1399,
        1053);
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DB);
            st.execute("CREATE DATABASE " + DB + " MODE='auto'");
            st.execute("CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 8");
            for (int i = 0; i < 32; i++) {
                st.execute("INSERT INTO " + DB + ".t VALUES (" + i + ", 0)");
            }
        }
    }

    private static String describe(SQLException e) {
        return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
    }

    /** Runs {@code sql}; returns null on success or the error. */
    private static SQLException run(Statement st, String sql) {
        try {
            st.execute(sql);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static void assertClientError(List<String> seen, SQLException e, String what) {
        if (e == null) {
            return;
        }
        seen.add(what + ": " + describe(e));
        assertTrue(CLIENT_ERRORS.contains(e.getErrorCode()) && !"Unknown error".equals(e.getMessage()),
            what + " got " + describe(e));
    }

    /** Runs statements until one succeeds (the CN reconnects to the restarted DN); checks every error on the way. */
    private static void recovers(Statement st, List<String> seen) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            SQLException e = run(st, "UPDATE t SET v = v + 1");
            if (e == null) {
                return;
            }
            assertClientError(seen, e, "after the restart");
            assertTrue(System.currentTimeMillis() < deadline, "the CN did not recover: " + seen);
            Thread.sleep(200);
        }
    }

    @Test
    void commitAfterTheDataNodeDiedGetsAMysqlError() throws Exception {
        List<String> seen = new ArrayList<>();
        try (Connection c = cluster.connect(DB, null); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("UPDATE t SET v = v + 1"); // a branch on each DN
            cluster.dataNodes().kill9(2);
            try {
                SQLException e = run(st, "UPDATE t SET v = v + 1");
                assertClientError(seen, e, "statement after the kill");
                if (e == null || !c.isClosed()) {
                    try {
                        c.commit();
                    } catch (SQLException commit) {
                        assertClientError(seen, commit, "commit after the kill");
                    }
                }
                assertTrue(!seen.isEmpty(), "a transaction on a dead DN cannot commit");
            } finally {
                cluster.dataNodes().restart(2);
            }
        }
        try (Connection c = cluster.connect(DB, null); Statement st = c.createStatement()) {
            recovers(st, seen);
        }
    }

    @Test
    void statementRunningWhenTheDataNodeDiesGetsAMysqlError() throws Exception {
        List<String> seen = new ArrayList<>();
        try (Connection c = cluster.connect(DB, null); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("UPDATE t SET v = v + 1");
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    return;
                }
                cluster.dataNodes().kill9(2);
            });
            killer.start();
            try {
                SQLException e = run(st, "SELECT id, SLEEP(0.2) FROM t");
                killer.join();
                assertClientError(seen, e, "statement running at the kill");
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    assertClientError(seen, rollback, "rollback after the kill");
                }
                assertTrue(!seen.isEmpty(), "a statement on a dead DN cannot succeed");
            } finally {
                killer.join();
                cluster.dataNodes().restart(2);
            }
            c.setAutoCommit(true);
            recovers(st, seen);
        }
    }
}
