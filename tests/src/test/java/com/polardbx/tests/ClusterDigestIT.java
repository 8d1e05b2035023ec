package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.server.PolarDbxServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two CNs on one GMS: the digest table read on either covers the statements of both, and TRUNCATE on one resets
 * the other.
 */
class ClusterDigestIT {
    private static final String TABLE = "performance_schema.events_statements_summary_by_digest";
    private static final String COUNTS = "SELECT DIGEST_TEXT, COUNT_STAR FROM " + TABLE
        + " WHERE SCHEMA_NAME = 'cluster_digest_db' AND DIGEST_TEXT LIKE '%`t`%' ORDER BY DIGEST_TEXT";

    @Test
    void digestTableCoversEveryCn() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases("cluster_digest_db");
        try (Connection c = cluster.connect("cluster_digest_db", null)) {
            SqlFiles.execute(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 2");
        }
        try (PolarDbxServer second = cluster.startAnotherCn("cntest2");
             Connection one = cluster.connect("cluster_digest_db", null);
             Connection two = connect(second, "cluster_digest_db")) {
            SqlFiles.execute(two, "SET GLOBAL polardbx_statement_digests_publish_seconds = 1");
            SqlFiles.execute(one, "SET GLOBAL polardbx_statement_digests_publish_seconds = 1");
            SqlFiles.execute(one, "TRUNCATE TABLE " + TABLE);
            // the second CN learns of the TRUNCATE at its next publish (one second) and resets its rows then
            Thread.sleep(2_500);
            for (int i = 0; i < 2; i++) {
                SqlFiles.rows(one, "SELECT v FROM t WHERE id = " + i);
            }
            for (int i = 0; i < 3; i++) {
                SqlFiles.rows(two, "SELECT v FROM t WHERE id = " + i);
            }
            SqlFiles.rows(two, "SELECT COUNT(*) FROM t");
            List<String> expected = List.of("SELECT COUNT ( * ) FROM `t` | 1", "SELECT `v` FROM `t` WHERE `id` = ? | 5");
            assertEquals(expected, eventually(() -> rows(one, COUNTS), expected), "read on the first CN");
            assertEquals(expected, eventually(() -> rows(two, COUNTS), expected), "read on the second CN");

            SqlFiles.execute(one, "TRUNCATE TABLE " + TABLE);
            assertEquals(List.of(), rows(one, COUNTS));
            // the second CN resets its own rows at its next publish
            assertEquals(List.of(), eventually(() -> rows(two, COUNTS), List.of()));
        } finally {
            try (Connection c = cluster.connect(null, null)) {
                SqlFiles.execute(c, "SET GLOBAL polardbx_statement_digests_publish_seconds = 10");
                SqlFiles.execute(c, "TRUNCATE TABLE " + TABLE); // the stopped CN's published rows go too
            }
        }
    }

    private static List<String> rows(Connection c, String sql) {
        try {
            return SqlFiles.rows(c, sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The value once it equals {@code expected}, or the last one after 20 seconds. */
    private static <T> T eventually(Supplier<T> value, T expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        T v = value.get();
        while (!v.equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            v = value.get();
        }
        return v;
    }

    private static Connection connect(PolarDbxServer cn, String db) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cn.port() + "/" + db
            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true", "root", "");
    }
}
