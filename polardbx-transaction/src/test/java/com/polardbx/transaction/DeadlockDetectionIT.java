package com.polardbx.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.deadlock.DeadlockParticipant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlocks over two real MariaDB DNs: cycles across DNs broken by the CN's detector, cycles inside one DN broken by
 * the DN, and plain lock waits that must not be mistaken for deadlocks. Each test thread plays the server: a failed
 * statement goes through {@link Transaction#statementFailed} and the client error is what that returns.
 */
@Timeout(60)
class DeadlockDetectionIT {
    private static final Logger log = LoggerFactory.getLogger(DeadlockDetectionIT.class);
    private static final String TABLE = TestingTransactionCluster.DB + ".deadlock_t";
    private static final long MAX_DETECTION_MILLIS = 2_000;
    private static TestingTransactionCluster cluster;
    private static TransactionManager manager;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = new TestingTransactionCluster();
        cluster.executeOnAllDns("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, v INT NOT NULL)");
        manager = cluster.newManager("cn-deadlock");
        manager.startDeadlockDetection(Duration.ofMillis(500));
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        cluster.close();
    }

    /** Rows 1 and 3 on dn1, row 2 on dn2, all with v = 0. */
    @BeforeEach
    void rows() throws SQLException {
        cluster.rollBackLeftovers();
        cluster.executeOnAllDns("TRUNCATE TABLE " + TABLE);
        cluster.execute("dn1", "INSERT INTO " + TABLE + " VALUES (1, 0), (3, 0)");
        cluster.execute("dn2", "INSERT INTO " + TABLE + " VALUES (2, 0)");
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        int live = manager.liveTransactions();
        if (live > 0) {
            // A failed test may leave statements waiting: interrupt them (harmless for idle sessions) and roll back,
            // so that the next test's TRUNCATE is not stuck behind their locks.
            for (Transaction tx : begun) {
                for (var session : ((DeadlockParticipant) tx).dataNodeSessions().entrySet()) {
                    cluster.execute(session.getKey(), "KILL QUERY " + session.getValue());
                }
            }
            Thread.sleep(200);
            begun.forEach(Transaction::rollback);
        }
        begun.clear();
        assertEquals(List.of(), cluster.preparedBranchesOnAllDns());
        assertEquals(0, live, "transactions left open");
    }

    private final List<Transaction> begun = new ArrayList<>();

    private Transaction begin() {
        Transaction tx = manager.begin();
        begun.add(tx);
        return tx;
    }

    /** T1 holds 1 on dn1 and waits for 2 on dn2; T2 holds 2 on dn2 and waits for 1 on dn1. */
    @Test
    void cycleAcrossTwoDataNodesKillsTheYoungest() throws Exception {
        long victimsBefore = manager.deadlockVictimsChosen();
        Transaction older = begin();
        Transaction younger = begin();
        assertNull(run(older, "dn1", increment(1)));
        assertNull(run(younger, "dn2", increment(2)));
        CompletableFuture<SqlError> olderWaits = CompletableFuture.supplyAsync(() -> run(older, "dn2", increment(2)));
        awaitLockWaits("dn2", 1, olderWaits);

        long start = System.nanoTime();
        SqlError error = run(younger, "dn1", increment(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("cross-DN deadlock broken after {} ms", millis);

        assertDeadlock(error);
        assertTrue(younger.deadlockVictim());
        assertTrue(millis < MAX_DETECTION_MILLIS, "detected after " + millis + " ms");
        assertNull(olderWaits.get(10, TimeUnit.SECONDS), "the older transaction goes on");
        assertFalse(older.deadlockVictim());
        older.commit();
        assertEquals(1213, assertThrows(SqlError.class, younger::commit).errno(), "a victim never commits");
        assertEquals(victimsBefore + 1, manager.deadlockVictimsChosen());
        assertEquals(1, value("dn1", 1));
        assertEquals(1, value("dn2", 2), "only the older transaction's increment of row 2");
    }

    /** T1 waits on dn2 for T2, T2 waits on dn1 for T3, T3 waits on dn1 for T1; the youngest is T3 (dn1 only). */
    @Test
    void threeTransactionCycleWhoseYoungestTouchesOneDataNode() throws Exception {
        Transaction t1 = begin();
        Transaction t2 = begin();
        Transaction t3 = begin();
        threeWayCycle(t1, t2, t3, t3);
        assertEquals(1, value("dn1", 1), "t1");
        assertEquals(2, value("dn2", 2), "t2 and t1");
        assertEquals(1, value("dn1", 3), "t2; t3's increment rolled back");
    }

    /** The same cycle with T2 (on both DNs) as the youngest. */
    @Test
    void threeTransactionCycleWhoseYoungestSpansTwoDataNodes() throws Exception {
        Transaction t3 = begin();
        Transaction t1 = begin();
        Transaction t2 = begin();
        threeWayCycle(t1, t2, t3, t2);
        assertEquals(2, value("dn1", 1), "t1 and t3");
        assertEquals(1, value("dn2", 2), "t1; t2's increment rolled back");
        assertEquals(1, value("dn1", 3), "t3");
    }

    /**
     * T1 holds row 1 on dn1 with a shared lock only (MariaDB shows no transaction id for it) and waits on dn2 for T2;
     * T2 waits on dn1 for T1's shared lock.
     */
    @Test
    void cycleThroughASharedLockHolder() throws Exception {
        Transaction t1 = begin();
        Transaction t2 = begin();
        assertNull(run(t1, "dn1", "SELECT v FROM " + TABLE + " WHERE id = 1 LOCK IN SHARE MODE"));
        assertNull(run(t2, "dn2", increment(2)));
        CompletableFuture<SqlError> t1Waits = CompletableFuture.supplyAsync(() -> run(t1, "dn2", increment(2)));
        awaitLockWaits("dn2", 1, t1Waits);
        long start = System.nanoTime();
        SqlError error = run(t2, "dn1", increment(1));
        log.info("cross-DN deadlock through a shared lock broken after {} ms", (System.nanoTime() - start) / 1_000_000);
        assertDeadlock(error);
        assertNull(t1Waits.get(10, TimeUnit.SECONDS));
        t1.commit();
        assertEquals(0, value("dn1", 1));
        assertEquals(1, value("dn2", 2));
    }

    /** A cycle inside dn1: the DN itself answers 1213 at once, and the victim's dn2 branch goes too. */
    @Test
    void deadlockInsideOneDataNodeRollsBackTheWholeTransaction() throws Exception {
        long victimsBefore = manager.deadlockVictimsChosen();
        Transaction a = begin();
        Transaction b = begin();
        assertNull(run(a, "dn2", "INSERT INTO " + TABLE + " VALUES (10, 0)"));
        assertNull(run(b, "dn2", "INSERT INTO " + TABLE + " VALUES (20, 0)"));
        long aDn2 = ((com.polardbx.transaction.deadlock.DeadlockParticipant) a).dataNodeSessions().get("dn2");
        long bDn2 = ((com.polardbx.transaction.deadlock.DeadlockParticipant) b).dataNodeSessions().get("dn2");
        assertNull(run(a, "dn1", increment(1)));
        assertNull(run(b, "dn1", increment(3)));
        CompletableFuture<SqlError> aWaits = CompletableFuture.supplyAsync(() -> run(a, "dn1", increment(3)));
        awaitLockWaits("dn1", 1, aWaits);
        SqlError bError = run(b, "dn1", increment(1));
        SqlError aError = aWaits.get(10, TimeUnit.SECONDS);
        assertTrue(aError == null ^ bError == null, "exactly one victim: " + aError + " / " + bError);
        Transaction victim = aError != null ? a : b;
        Transaction winner = aError != null ? b : a;
        assertDeadlock(aError != null ? aError : bError);
        assertTrue(victim.deadlockVictim());
        // The victim's dn2 session must hold no writes any more. (Only its writes: once rolled back, its connection
        // goes back to the pool and may already serve someone else's transaction; other tests may also have left
        // prepared branches to recovery on dn2.) A branch whose rollback was disturbed is evicted instead, and the
        // pool closes that connection asynchronously, hence the wait.
        String victimTrx = "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_rows_modified > 0"
            + " AND trx_mysql_thread_id = " + (victim == a ? aDn2 : bDn2);
        for (int i = 0; i < 40 && cluster.queryLong("dn2", victimTrx) > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, cluster.queryLong("dn2", victimTrx),
            "the victim's dn2 branch is rolled back already, before the winner commits");
        winner.commit();
        assertEquals(2, cluster.queryLong("dn2", "SELECT COUNT(*) FROM " + TABLE));
        assertEquals(2, value("dn1", 1) + value("dn1", 3));
        assertEquals(victimsBefore, manager.deadlockVictimsChosen(), "the DN decided, not the CN");
    }

    /** A plain wait across CN transactions ends with 1205 after the branch's timeout; the transaction goes on. */
    @Test
    void lockWaitTimeoutKeepsTheTransactionUsable() throws Exception {
        long victimsBefore = manager.deadlockVictimsChosen();
        Transaction holder = begin();
        Transaction waiter = begin();
        assertNull(run(holder, "dn1", increment(1)));
        assertNull(run(holder, "dn2", increment(2)));
        assertNull(run(waiter, "dn2", "INSERT INTO " + TABLE + " VALUES (20, 0)"));
        assertNull(run(waiter, "dn1", "SET SESSION innodb_lock_wait_timeout = 2"));
        long start = System.nanoTime();
        SqlError error = run(waiter, "dn1", increment(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(error);
        assertEquals(1205, error.errno());
        assertEquals("HY000", error.sqlState());
        assertTrue(millis >= 1_900, "waited for the timeout, not killed: " + millis + " ms");
        assertFalse(waiter.deadlockVictim());
        assertNull(run(waiter, "dn1", increment(3)), "the transaction is still usable");
        holder.commit();
        assertNull(run(waiter, "dn1", increment(1)));
        assertNull(run(waiter, "dn1", "SET SESSION innodb_lock_wait_timeout = DEFAULT"));
        waiter.commit();
        assertEquals(2, value("dn1", 1));
        assertEquals(1, value("dn1", 3));
        assertEquals(1, value("dn2", 2));
        assertEquals(1, cluster.queryLong("dn2", "SELECT COUNT(*) FROM " + TABLE + " WHERE id = 20"));
        assertEquals(victimsBefore, manager.deadlockVictimsChosen(), "no deadlock in a plain wait");
    }

    /** A transaction marked as victim (the detector's race with a statement that just ended) fails at its next use. */
    @Test
    void markedVictimRollsBackAtItsNextUse() throws Exception {
        Transaction tx = begin();
        assertNull(run(tx, "dn1", increment(1)));
        assertNull(run(tx, "dn2", increment(2)));
        DeadlockParticipant participant = (DeadlockParticipant) tx;
        assertEquals(connectionId(tx, "dn1"), participant.dataNodeSessions().get("dn1"),
            "the branch knows its DN session id");
        assertEquals(connectionId(tx, "dn2"), participant.dataNodeSessions().get("dn2"));
        assertTrue(participant.markDeadlockVictim());
        assertEquals(1213, assertThrows(SqlError.class, () -> tx.connection("dn1")).errno());
        assertEquals(0, value("dn1", 1));
        assertEquals(0, value("dn2", 2));
        assertEquals(1213, assertThrows(SqlError.class, tx::commit).errno());
        tx.rollback();

        Transaction committing = begin();
        assertNull(run(committing, "dn1", increment(1)));
        committing.commit();
        assertFalse(((DeadlockParticipant) committing).markDeadlockVictim(), "too late once it committed");
    }

    /** t1 waits on dn2 for t2, t2 on dn1 for t3, t3 on dn1 for t1; {@code expectedVictim} gets 1213. */
    private void threeWayCycle(Transaction t1, Transaction t2, Transaction t3, Transaction expectedVictim)
        throws Exception {
        assertNull(run(t1, "dn1", increment(1)));
        assertNull(run(t2, "dn2", increment(2)));
        assertNull(run(t3, "dn1", increment(3)));
        CompletableFuture<SqlError> f1 = CompletableFuture.supplyAsync(() -> run(t1, "dn2", increment(2)));
        awaitLockWaits("dn2", 1, f1);
        CompletableFuture<SqlError> f2 = CompletableFuture.supplyAsync(() -> run(t2, "dn1", increment(3)));
        awaitLockWaits("dn1", 1, f2);
        long start = System.nanoTime();
        CompletableFuture<SqlError> f3 = CompletableFuture.supplyAsync(() -> run(t3, "dn1", increment(1)));
        List<Transaction> txs = List.of(t1, t2, t3);
        List<CompletableFuture<SqlError>> futures = List.of(f1, f2, f3);
        int victim = txs.indexOf(expectedVictim);
        assertDeadlock(futures.get(victim).get(10, TimeUnit.SECONDS));
        log.info("three-transaction deadlock broken after {} ms", (System.nanoTime() - start) / 1_000_000);
        // The others finish in wait order once the victim's locks are gone: each commits as soon as it is through.
        for (int i = 1; i <= 2; i++) {
            int next = (victim + 3 - i) % 3;
            assertNull(futures.get(next).get(10, TimeUnit.SECONDS), "t" + (next + 1));
            txs.get(next).commit();
        }
        for (Transaction tx : txs) {
            assertEquals(tx == expectedVictim, tx.deadlockVictim());
        }
    }

    private static void assertDeadlock(SqlError error) {
        assertNotNull(error, "a deadlock victim");
        assertEquals(1213, error.errno());
        assertEquals("40001", error.sqlState());
        assertEquals("Deadlock found when trying to get lock; try restarting transaction", error.getMessage());
    }

    /** Runs a statement in a transaction as the server does; the client's error, or null on success. */
    private static SqlError run(Transaction tx, String dnId, String sql) {
        try (Statement st = tx.connection(dnId).createStatement()) {
            st.execute(sql);
            return null;
        } catch (SQLException | SqlError e) {
            return tx.statementFailed(e);
        }
    }

    private static String increment(int id) {
        return "UPDATE " + TABLE + " SET v = v + 1 WHERE id = " + id;
    }

    private static long value(String dnId, int id) throws SQLException {
        return cluster.queryLong(dnId, "SELECT v FROM " + TABLE + " WHERE id = " + id);
    }

    private static long connectionId(Transaction tx, String dnId) throws SQLException {
        try (Statement st = tx.connection(dnId).createStatement();
             ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until at least {@code n} transactions on the DN wait for a lock, while {@code statement} runs. */
    private static void awaitLockWaits(String dnId, int n, CompletableFuture<SqlError> statement) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (cluster.queryLong(dnId, "SELECT COUNT(*) FROM information_schema.INNODB_TRX"
            + " WHERE trx_state = 'LOCK WAIT'") < n) {
            if (statement.isDone()) {
                throw new AssertionError("the statement did not wait for a lock on " + dnId + ": " + statement.get());
            }
            assertTrue(System.currentTimeMillis() < deadline, "no lock wait on " + dnId);
            // InnoDB refreshes its lock tables only after 100 ms without readers: poll slower than that.
            Thread.sleep(150);
        }
    }
}
