package com.polardbx.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.transaction.tso.TsoService;
import com.polardbx.transaction.tso.TsoServiceConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two CNs in one JVM, each with its own {@link TransactionManager} over one cluster-wide {@link TsoService} (cn-a
 * leads, cn-b follows): transaction ids and commit timestamps are unique across both and increase in each thread.
 */
class ClusterTsoTransactionIT {
    private static final String TABLE = TestingTransactionCluster.DB + ".cluster_tso_t";
    private static TestingTransactionCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = new TestingTransactionCluster();
        cluster.executeOnAllDns("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT PRIMARY KEY, cn VARCHAR(8))");
        cluster.executeOnAllDns("TRUNCATE TABLE " + TABLE);
        cluster.executeOnMetaDb("INSERT INTO polardbx_meta.tso_lease (id, holder, address, epoch, expires_ms)"
            + " VALUES (1, '', '', 0, 0) ON DUPLICATE KEY UPDATE holder = '', address = '', expires_ms = 0");
    }

    @AfterAll
    static void tearDown() {
        cluster.close();
    }

    @Test
    void twoCnsCommitWithUniqueIncreasingTimestamps() throws Exception {
        try (TsoService tsoA = TsoService.start(cluster.metaDb(), TsoServiceConfig.of("cn-a", "127.0.0.1", 0));
             TsoService tsoB = TsoService.start(cluster.metaDb(), TsoServiceConfig.of("cn-b", "127.0.0.1", 0));
             TransactionManager a = new TransactionManager(cluster.pools(), cluster.metaDb(), "cn-a", tsoA);
             TransactionManager b = new TransactionManager(cluster.pools(), cluster.metaDb(), "cn-b", tsoB)) {
            assertTrue(tsoA.isLeader());
            assertFalse(tsoB.isLeader());
            assertEquals(tsoB, b.tso());
            int perThread = 40;
            List<List<Long>> idsPerThread = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < 4; t++) {
                TransactionManager manager = t % 2 == 0 ? a : b;
                String cn = t % 2 == 0 ? "a" : "b";
                List<Long> ids = new ArrayList<>();
                idsPerThread.add(ids);
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < perThread; i++) {
                            Transaction tx = manager.begin();
                            insert(tx, "dn1", tx.id(), cn);
                            insert(tx, "dn2", tx.id(), cn);
                            tx.commit();
                            ids.add(tx.id());
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertNull(failure.get());
            Set<Long> all = new HashSet<>();
            for (List<Long> ids : idsPerThread) {
                for (int i = 1; i < ids.size(); i++) {
                    assertTrue(ids.get(i) > ids.get(i - 1), "ids increase within a thread");
                }
                all.addAll(ids);
            }
            assertEquals(4 * perThread, all.size(), "ids unique across both CNs");
            assertEquals(4 * perThread, cluster.queryLong("dn1", "SELECT COUNT(*) FROM " + TABLE));
            assertEquals(4 * perThread, cluster.queryLong("dn2", "SELECT COUNT(*) FROM " + TABLE));
            Set<Long> commitTimestamps = new HashSet<>();
            try (Connection c = cluster.metaDb().get(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT txid, commit_ts FROM polardbx_meta.global_tx_log")) {
                while (rs.next()) {
                    if (all.contains(rs.getLong(1))) {
                        assertTrue(rs.getLong(2) > rs.getLong(1), "commit timestamp after the begin timestamp");
                        assertFalse(all.contains(rs.getLong(2)), "commit timestamps are not transaction ids");
                        commitTimestamps.add(rs.getLong(2));
                    }
                }
            }
            assertEquals(4 * perThread, commitTimestamps.size(), "one distinct commit timestamp per transaction");
        }
    }

    private static void insert(Transaction tx, String dnId, long id, String cn) throws SQLException {
        try (PreparedStatement ps = tx.connection(dnId).prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, cn);
            ps.executeUpdate();
        }
    }
}
