package com.polardbx.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Concurrent transfers between accounts on two DNs, every one a two-phase commit, some rolled back on purpose, with
 * background recovery running all the time: money is neither created nor destroyed.
 */
class BankTransferIT {
    private static final Logger log = LoggerFactory.getLogger(BankTransferIT.class);
    private static final String TABLE = TestingTransactionCluster.DB + ".account";
    private static final int ACCOUNTS = 20;
    private static final int INITIAL_BALANCE = 1000;
    private static final int THREADS = 8;
    private static final int TRANSFERS_PER_THREAD = 200;
    private static final List<String> FAIL_POINTS = List.of(FailPoints.BEFORE_PREPARE, FailPoints.AFTER_PREPARE_ONE,
        FailPoints.AFTER_PREPARE_ALL, FailPoints.AFTER_COMMIT_LOG, FailPoints.AFTER_COMMIT_ONE);
    private static TestingTransactionCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = new TestingTransactionCluster();
        cluster.executeOnAllDns("CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id INT PRIMARY KEY, balance INT NOT NULL)");
    }

    @BeforeEach
    void openAccounts() throws SQLException {
        FailPoints.disarmAll();
        cluster.rollBackLeftovers();
        cluster.executeOnAllDns("TRUNCATE TABLE " + TABLE);
        for (int id = 0; id < ACCOUNTS; id++) {
            cluster.execute(dnOf(id), "INSERT INTO " + TABLE + " VALUES (" + id + ", " + INITIAL_BALANCE + ")");
        }
    }

    @AfterAll
    static void tearDown() {
        FailPoints.disarmAll();
        cluster.close();
    }

    @Test
    void totalBalanceIsPreserved() throws Exception {
        runTransfers(false);
    }

    /** A chaos thread arms a random fail point every 150 ms: coordinators "die" mid-commit. */
    @Test
    void totalBalanceSurvivesCoordinatorCrashes() throws Exception {
        runTransfers(true);
    }

    private void runTransfers(boolean crashes) throws Exception {
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger rolledBack = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger crashed = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread chaos = new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get()) {
                FailPoints.arm(FAIL_POINTS.get(random.nextInt(FAIL_POINTS.size())));
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (TransactionManager manager = cluster.newManager("cn-bank")) {
            manager.startBackgroundRecovery(Duration.ofMillis(20));
            if (crashes) {
                chaos.start();
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                        try {
                            transfer(manager, committed, rolledBack, failed);
                        } catch (SimulatedCrash e) {
                            crashed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            running.set(false);
            chaos.join();
            FailPoints.disarmAll();
            assertEquals(0, manager.liveTransactions());
            // Crashed transactions' branches are resolved by the background recovery; wait for the last ones.
            long deadline = System.currentTimeMillis() + 10_000;
            while (!cluster.preparedBranchesOnAllDns().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        }
        long total = 0;
        for (String dnId : TestingTransactionCluster.DN_IDS) {
            total += cluster.queryLong(dnId, "SELECT SUM(balance) FROM " + TABLE);
        }
        log.info("transfers: {} committed, {} rolled back, {} failed, {} crashed", committed, rolledBack, failed,
            crashed);
        assertEquals((long) ACCOUNTS * INITIAL_BALANCE, total, "money created or destroyed");
        assertEquals(THREADS * TRANSFERS_PER_THREAD,
            committed.get() + rolledBack.get() + failed.get() + crashed.get());
        assertTrue(committed.get() > THREADS * TRANSFERS_PER_THREAD / 2, "most transfers commit: " + committed
            + " committed, " + failed + " failed, " + crashed + " crashed");
        assertEquals(crashes, crashed.get() > 0, "crashes happen exactly when injected");
        assertEquals(List.of(), cluster.preparedBranchesOnAllDns());
    }

    private static void transfer(TransactionManager manager, AtomicInteger committed, AtomicInteger rolledBack,
                                 AtomicInteger failed) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(ACCOUNTS);
        int to = (from + 1 + 2 * random.nextInt(ACCOUNTS / 2 - 1)) % ACCOUNTS; // odd distance: the other DN
        int amount = 1 + random.nextInt(50);
        Transaction tx = manager.begin();
        try {
            // Lock in id order so that transfers never deadlock across DNs (DeadlockStressIT covers the other order).
            int first = Math.min(from, to);
            int second = Math.max(from, to);
            update(tx, first, first == from ? -amount : amount);
            update(tx, second, second == from ? -amount : amount);
            if (random.nextInt(10) == 0) {
                tx.rollback();
                rolledBack.incrementAndGet();
            } else {
                tx.commit();
                committed.incrementAndGet();
            }
        } catch (SQLException e) {
            tx.rollback();
            failed.incrementAndGet();
        } catch (SqlError e) {
            failed.incrementAndGet();
        }
    }

    private static void update(Transaction tx, int id, int delta) throws SQLException {
        try (Statement st = tx.connection(dnOf(id)).createStatement()) {
            st.executeUpdate("UPDATE " + TABLE + " SET balance = balance + (" + delta + ") WHERE id = " + id);
        }
    }

    private static String dnOf(int id) {
        return TestingTransactionCluster.DN_IDS.get(id % 2);
    }
}
