package com.polardbx.bench;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.transaction.Transaction;
import com.polardbx.transaction.TransactionManager;
import com.polardbx.transaction.connection.DataNodePools;
import com.polardbx.transaction.tso.TsoService;
import com.polardbx.transaction.tso.TsoServiceConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Latency of one transaction through {@link TransactionManager}: begin, one single-row UPDATE per DN, commit; one DN
 * (XA one-phase commit) against two DNs (XA PREPARE on both, commit record in the GMS, XA COMMIT on both). Three
 * MariaDB processes: GMS, dn1, dn2. {@code tso=local}: a process-local {@code Tso}; {@code tso=remote}: the manager's
 * CN is a TSO follower and gets its transaction id and commit timestamp from a leader {@link TsoService} over TCP.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class CommitBenchmark {
    private static final String DB = "benchdb";
    private static final int ROWS = 1_000;

    /** The cluster and a manager. */
    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"local", "remote"})
        public String tso;

        BenchDataNodes nodes;
        MetaDb metaDb;
        DataNodePools pools;
        TsoService leader;
        TsoService follower;
        TransactionManager manager;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            nodes = BenchDataNodes.start(2);
            metaDb = nodes.metaDb();
            List<StorageNode> dns = List.of(nodes.dataNode(1), nodes.dataNode(2));
            for (StorageNode dn : dns) {
                createTable(dn);
            }
            pools = new DataNodePools(dns, 16);
            if (tso.equals("local")) {
                manager = new TransactionManager(pools, metaDb::connection, "bench-cn");
            } else {
                leader = TsoService.start(metaDb::connection, TsoServiceConfig.of("bench-leader", "127.0.0.1", 0));
                follower = TsoService.start(metaDb::connection, TsoServiceConfig.of("bench-cn", "127.0.0.1", 0));
                manager = new TransactionManager(pools, metaDb::connection, "bench-cn", follower);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
            if (follower != null) {
                follower.close();
                leader.close();
            }
            pools.close();
            metaDb.close();
        }

        private static void createTable(StorageNode dn) throws SQLException {
            try (Connection c = java.sql.DriverManager.getConnection(dn.jdbcUrl(null), dn.user(), dn.password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS " + DB);
                st.execute("CREATE TABLE IF NOT EXISTS " + DB + ".account (id INT PRIMARY KEY, balance BIGINT NOT NULL)"
                    + " ENGINE=InnoDB");
                st.execute("DELETE FROM " + DB + ".account");
                StringBuilder insert = new StringBuilder("INSERT INTO " + DB + ".account VALUES ");
                for (int i = 0; i < ROWS; i++) {
                    insert.append(i == 0 ? "" : ",").append('(').append(i).append(",1000)");
                }
                st.execute(insert.toString());
            }
        }
    }

    @Benchmark
    public void commitOneDn(Cluster s) throws SQLException {
        Transaction tx = s.manager.begin();
        try {
            update(tx, "dn1", 1);
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    @Benchmark
    public void commitTwoDns(Cluster s) throws SQLException {
        Transaction tx = s.manager.begin();
        try {
            update(tx, "dn1", -1);
            update(tx, "dn2", 1);
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    private static void update(Transaction tx, String dnId, int delta) throws SQLException {
        try (PreparedStatement ps = tx.connection(dnId).prepareStatement(
            "UPDATE " + DB + ".account SET balance = balance + ? WHERE id = ?")) {
            ps.setInt(1, delta);
            ps.setInt(2, ThreadLocalRandom.current().nextInt(ROWS));
            ps.executeUpdate();
        }
    }
}
