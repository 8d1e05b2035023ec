package com.polardbx.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Concurrent transfers that lock an account on each DN in random order, so cross-DN deadlocks happen all the time:
 * every one must end with 1213 for exactly its victim (never the 50 s lock wait timeout), and money is neither created
 * nor destroyed.
 */
class DeadlockStressIT {
    private static final Logger log = LoggerFactory.getLogger(DeadlockStressIT.class);
    private static final String TABLE = TestingTransactionCluster.DB + ".stress_account";
    private static final int ACCOUNTS = 6;
    private static final int INITIAL_BALANCE = 1000;
    private static final int THREADS = 4;
    private static final int TRANSFERS_PER_THREAD = 40;
    private static TestingTransactionCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = new TestingTransactionCluster();
        cluster.rollBackLeftovers();
        cluster.executeOnAllDns("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, balance INT NOT NULL)");
        cluster.executeOnAllDns("TRUNCATE TABLE " + TABLE);
        for (int id = 0; id < ACCOUNTS; id++) {
            cluster.execute(dnOf(id), "INSERT INTO " + TABLE + " VALUES (" + id + ", " + INITIAL_BALANCE + ")");
        }
    }

    @AfterAll
    static void tearDown() {
        cluster.close();
    }

    @Test
    @Timeout(300)
    void deadlocksAcrossDataNodesEndWithOneVictimEach() throws Exception {
        Map<Integer, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (TransactionManager manager = cluster.newManager("cn-stress")) {
            manager.startDeadlockDetection(Duration.ofMillis(500));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                        int errno = transfer(manager);
                        outcomes.computeIfAbsent(errno, e -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(4, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals(0, manager.liveTransactions());
            log.info("{} transfers in {} ms: outcomes by errno (0 = committed) {}, CN detector victims {}",
                THREADS * TRANSFERS_PER_THREAD, (System.nanoTime() - start) / 1_000_000, outcomes,
                manager.deadlockVictimsChosen());
            assertTrue(manager.deadlockVictimsChosen() > 0, "the test makes cross-DN deadlocks");
        }
        long total = 0;
        for (String dnId : TestingTransactionCluster.DN_IDS) {
            total += cluster.queryLong(dnId, "SELECT SUM(balance) FROM " + TABLE);
        }
        assertEquals((long) ACCOUNTS * INITIAL_BALANCE, total, "money created or destroyed");
        assertEquals(List.of(0, 1213), outcomes.keySet().stream().sorted().toList(),
            "only commits and deadlock victims: " + outcomes);
        assertEquals(List.of(), cluster.preparedBranchesOnAllDns());
    }

    /** One transfer between an account on dn1 and one on dn2, locked in random order; 0 or the client's errno. */
    private static int transfer(TransactionManager manager) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int onDn1 = 2 * random.nextInt(ACCOUNTS / 2);
        int onDn2 = 2 * random.nextInt(ACCOUNTS / 2) + 1;
        int amount = 1 + random.nextInt(50);
        boolean dn1First = random.nextBoolean();
        Transaction tx = manager.begin();
        try {
            update(tx, dn1First ? onDn1 : onDn2, dn1First ? -amount : amount);
            Thread.sleep(random.nextInt(20)); // widen the window in which the other order takes its first lock
            update(tx, dn1First ? onDn2 : onDn1, dn1First ? amount : -amount);
        } catch (SQLException | SqlError e) {
            SqlError error = tx.statementFailed(e);
            if (!tx.deadlockVictim()) {
                tx.rollback();
            }
            return error.errno();
        }
        try {
            tx.commit();
            return 0;
        } catch (SqlError e) {
            return e.errno();
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
