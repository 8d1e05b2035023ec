package com.polardbx.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.tso.Tso;
import com.polardbx.transaction.xa.Xid;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A coordinator crash at each step of two-phase commit, then recovery by a fresh manager: the transaction must be
 * all-or-nothing, committed exactly when its commit record exists, with no prepared branch left behind.
 */
class TransactionRecoveryIT {
    private static final String TABLE = TestingTransactionCluster.DB + ".recovery_t";
    private static final String CN = "cn-recovery";
    private static final Set<String> POINTS_AFTER_COMMIT = Set.of(FailPoints.AFTER_COMMIT_LOG,
        FailPoints.AFTER_COMMIT_ONE);
    private static TestingTransactionCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = new TestingTransactionCluster();
        cluster.executeOnAllDns("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, v INT NOT NULL)");
    }

    @AfterAll
    static void tearDown() {
        cluster.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        cluster.rollBackLeftovers();
        FailPoints.disarmAll();
        cluster.executeOnAllDns("TRUNCATE TABLE " + TABLE);
    }

    @AfterEach
    void disarm() {
        FailPoints.disarmAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {FailPoints.BEFORE_PREPARE, FailPoints.AFTER_PREPARE_ONE, FailPoints.AFTER_PREPARE_ALL,
        FailPoints.AFTER_COMMIT_LOG, FailPoints.AFTER_COMMIT_ONE})
    void crashAtEveryStepIsAllOrNothingAfterRecovery(String failPoint) throws Exception {
        long txid;
        try (TransactionManager crashing = cluster.newManager(CN)) {
            Transaction tx = crashing.begin();
            txid = tx.id();
            insert(tx, "dn1", 1);
            insert(tx, "dn2", 2);
            FailPoints.arm(failPoint);
            assertThrows(SimulatedCrash.class, tx::commit);
            assertFalse(FailPoints.isArmed(failPoint), "the fail point was reached");
        }
        List<String> leftBehind = cluster.preparedBranchesOnAllDns();
        if (failPoint.equals(FailPoints.AFTER_PREPARE_ALL) || failPoint.equals(FailPoints.AFTER_COMMIT_LOG)) {
            assertEquals(2, leftBehind.size(), "both branches survive the crash prepared: " + leftBehind);
        }

        long commitsBefore = recovered("recovered_commit");
        long rollbacksBefore = recovered("recovered_rollback");
        int resolved;
        try (TransactionManager restarted = cluster.newManager(CN)) {
            resolved = recoverUntilClean(restarted);
        }
        assertEquals(leftBehind.size(), resolved, "recovery resolved every branch the crash left");

        boolean committed = "COMMIT".equals(cluster.logState(txid));
        // the one transaction the crash left, counted once by how recovery ended it (none when nothing was prepared)
        assertEquals(!leftBehind.isEmpty() && committed ? 1 : 0, recovered("recovered_commit") - commitsBefore);
        assertEquals(!leftBehind.isEmpty() && !committed ? 1 : 0, recovered("recovered_rollback") - rollbacksBefore);
        assertEquals(POINTS_AFTER_COMMIT.contains(failPoint), committed, "commit record exists iff past the commit point");
        long expectedRows = committed ? 1 : 0;
        assertEquals(expectedRows, rows("dn1"), "dn1 agrees with the log");
        assertEquals(expectedRows, rows("dn2"), "dn2 agrees with the log");
        assertEquals(List.of(), cluster.preparedBranchesOnAllDns());
        if (!committed && !leftBehind.isEmpty()) {
            assertEquals("ABORT", cluster.logState(txid), "recovery records its abort decision first");
        }
    }

    @Test
    void preparedBranchesSurviveADnCrashAndAreCommittedAfterItsRestart() throws Exception {
        long txid;
        try (TransactionManager crashing = cluster.newManager(CN)) {
            Transaction tx = crashing.begin();
            txid = tx.id();
            insert(tx, "dn1", 1);
            insert(tx, "dn2", 2);
            FailPoints.arm(FailPoints.AFTER_COMMIT_LOG);
            assertThrows(SimulatedCrash.class, tx::commit);
        }
        int dn2 = TestingTransactionCluster.DN_IDS.indexOf("dn2") + 1;
        cluster.nodes().kill9(dn2);
        cluster.nodes().restart(dn2);
        assertEquals(1, cluster.preparedBranches("dn2").size(), "the prepared branch survived kill -9");
        try (TransactionManager restarted = cluster.newManager(CN)) {
            assertEquals(2, recoverUntilClean(restarted));
        }
        assertEquals("COMMIT", cluster.logState(txid));
        assertEquals(1, rows("dn1"));
        assertEquals(1, rows("dn2"));
    }

    @Test
    void unreachableGlobalLogAtTheCommitPointLeavesTheOutcomeToRecovery() throws Exception {
        AtomicBoolean metaDbDown = new AtomicBoolean();
        Supplier<Connection> flakyMetaDb = () -> {
            if (metaDbDown.get()) {
                throw new IllegalStateException("metadb unreachable (simulated)");
            }
            return cluster.metaDb().get();
        };
        long txid;
        try (TransactionManager manager = new TransactionManager(cluster.pools(), flakyMetaDb, CN)) {
            Transaction tx = manager.begin();
            txid = tx.id();
            insert(tx, "dn1", 1);
            insert(tx, "dn2", 2);
            metaDbDown.set(true);
            SqlError error = assertThrows(SqlError.class, tx::commit);
            assertEquals(1180, error.errno());
            assertEquals(2, cluster.preparedBranchesOnAllDns().size(), "in doubt: both branches stay prepared");
        }
        try (TransactionManager restarted = cluster.newManager(CN)) {
            assertEquals(2, recoverUntilClean(restarted));
        }
        assertEquals("ABORT", cluster.logState(txid));
        assertEquals(0, rows("dn1"));
        assertEquals(0, rows("dn2"));
    }

    @Test
    void recoverySkipsBranchesOfLiveTransactions() throws SQLException {
        try (TransactionManager manager = cluster.newManager(CN)) {
            Transaction live = manager.begin();
            Xid xid = new Xid(CN, live.id(), "dn1");
            prepareByHand(xid, 7);
            assertEquals(0, manager.recover(), "the branch's transaction is still running here");
            assertEquals(1, cluster.preparedBranches("dn1").size());

            live.rollback();
            assertEquals(1, manager.recover());
            assertEquals(List.of(), cluster.preparedBranches("dn1"));
            assertEquals("ABORT", cluster.logState(live.id()));
            assertEquals(0, rows("dn1"));
        }
    }

    @Test
    void branchesOfOtherCnsAreResolvedOnlyAfterAGracePeriod() throws SQLException {
        try (TransactionManager manager = cluster.newManager(CN)) {
            Xid young = new Xid("cn-other", manager.tso().next(), "dn1");
            Xid old = new Xid("cn-other", Tso.fromMillis(System.currentTimeMillis() - 120_000), "dn2");
            cluster.executeOnMetaDb("INSERT INTO polardbx_meta.global_tx_log (txid, state, participants) VALUES ("
                + old.txid() + ", 'COMMIT', 'dn2')");
            prepareByHand(young, 1);
            prepareByHand(old, 2);
            assertEquals(1, manager.recover());
            assertEquals(1, rows("dn2"), "the old branch had a commit record: committed");
            assertEquals(List.of(young.gtrid()), cluster.preparedBranchesOnAllDns(), "the young one waits");
            try (Connection c = cluster.direct("dn1"); Statement st = c.createStatement()) {
                st.execute("XA ROLLBACK " + young.toSql());
            }
        }
    }

    @Test
    void backgroundRecoveryResolvesAnOrphanWithoutBeingAsked() throws Exception {
        try (TransactionManager manager = cluster.newManager(CN)) {
            prepareByHand(new Xid(CN, manager.tso().next(), "dn2"), 3);
            manager.startBackgroundRecovery(Duration.ofMillis(100));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!cluster.preparedBranches("dn2").isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), cluster.preparedBranches("dn2"));
            assertEquals(0, rows("dn2"));
        }
    }

    /** Runs recovery until no prepared branch is left (a crashed session may take a moment to detach). */
    private static int recoverUntilClean(TransactionManager manager) throws Exception {
        int resolved = 0;
        long deadline = System.currentTimeMillis() + 10_000;
        do {
            resolved += manager.recover();
            if (cluster.preparedBranchesOnAllDns().isEmpty()) {
                return resolved;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertTrue(cluster.preparedBranchesOnAllDns().isEmpty(), "recovery left prepared branches behind");
        return resolved;
    }

    /** Prepares a branch on a direct connection and disconnects, as a coordinator that died after XA PREPARE. */
    private static long recovered(String outcome) {
        return com.polardbx.common.metrics.Metrics.get().counter("polardbx_transactions_total", "outcome", outcome);
    }

    private static void prepareByHand(Xid xid, int id) throws SQLException {
        try (Connection c = cluster.direct(xid.dnId()); Statement st = c.createStatement()) {
            st.execute("XA START " + xid.toSql());
            st.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + id + ", 0)");
            st.execute("XA END " + xid.toSql());
            st.execute("XA PREPARE " + xid.toSql());
        }
    }

    private static void insert(Transaction tx, String dnId, int id) throws SQLException {
        try (Statement st = tx.connection(dnId).createStatement()) {
            st.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + id + ", 0)");
        }
    }

    private static long rows(String dnId) throws SQLException {
        return cluster.queryLong(dnId, "SELECT COUNT(*) FROM " + TABLE);
    }
}
