package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads inside a transaction through the CN equal the same reads inside a transaction on one MariaDB: a client's
 * SELECT streams its shard rows on the branch connections (sorted views as one sorted UNION ALL per DN), while plans
 * with two views and internal reads (INSERT ... SELECT) keep server-side cursors on the same connections.
 */
class TransactionReadsIT {
    private static final String DB = "txreads";
    private static TestingCluster cluster;

    /** Ordered queries compare row by row; the others as sorted lists. */
    private static final List<String> ORDERED = List.of(
        "SELECT id, c FROM t WHERE id BETWEEN 20 AND 140 ORDER BY c, id",
        "SELECT id, c FROM t WHERE id BETWEEN 20 AND 140 ORDER BY c DESC, id DESC",
        "SELECT c, id FROM t WHERE id BETWEEN 1 AND 200 ORDER BY k DESC, id LIMIT 17",
        "SELECT DISTINCT c FROM t WHERE id BETWEEN 30 AND 180 ORDER BY c",
        "SELECT t.id, u.w FROM t JOIN u ON u.id = t.id WHERE t.id BETWEEN 10 AND 90 ORDER BY t.id",
        "SELECT k, COUNT(*), SUM(id) FROM t GROUP BY k ORDER BY k");
    private static final List<String> UNORDERED = List.of(
        "SELECT c FROM t WHERE id BETWEEN 100 AND 199",
        "SELECT SUM(k) FROM t WHERE id BETWEEN 5 AND 150",
        "SELECT c FROM t WHERE id = 77",
        "SELECT id FROM t WHERE id IN (SELECT id FROM u WHERE w > 50)");

    @BeforeAll
    static void load() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), KEY k_1 (k)) "
                + "PARTITION BY KEY(id) PARTITIONS 8");
            SqlFiles.execute(dn, "CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), KEY k_1 (k))");
            SqlFiles.execute(cn, "CREATE TABLE u (id INT PRIMARY KEY, w INT) PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(dn, "CREATE TABLE u (id INT PRIMARY KEY, w INT)");
            StringBuilder rows = new StringBuilder();
            StringBuilder others = new StringBuilder();
            for (int id = 1; id <= 200; id++) {
                // repeated and NULL values of c and k: ties and NULL placement in sorted merges
                String c = id % 11 == 0 ? "NULL" : "'v" + (id * 7919 % 37) + "'";
                rows.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id % 13).append(", ")
                    .append(c).append(')');
                others.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id * 31 % 100).append(')');
            }
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "INSERT INTO t VALUES " + rows);
                SqlFiles.execute(c, "INSERT INTO u VALUES " + others);
            }
        }
    }

    @Test
    void readsInsideTransactionsEqualMariaDb() throws SQLException {
        for (String options : new String[] {null, "useServerPrepStmts=true"}) {
            try (Connection cn = cluster.connect(DB, options); Connection dn = cluster.connectDirect(DB)) {
                for (Connection c : List.of(cn, dn)) {
                    SqlFiles.execute(c, "BEGIN");
                }
                compareAll(cn, dn);
                // internal reads on the same branch connections (cursors), then the streamed reads again
                for (Connection c : List.of(cn, dn)) {
                    SqlFiles.execute(c, "INSERT INTO t (id, k, c) SELECT id + 1000, k, c FROM t WHERE id BETWEEN 1 AND 60");
                    SqlFiles.execute(c, "UPDATE t SET c = 'changed' WHERE id BETWEEN 40 AND 45");
                }
                compareAll(cn, dn);
                assertEquals(sorted(SqlFiles.rows(dn, "SELECT id, k, c FROM t WHERE id > 1000")),
                    sorted(SqlFiles.rows(cn, "SELECT id, k, c FROM t WHERE id > 1000")));
                for (Connection c : List.of(cn, dn)) {
                    SqlFiles.execute(c, "ROLLBACK");
                }
                assertEquals(List.of("0"), SqlFiles.rows(cn, "SELECT COUNT(*) FROM t WHERE id > 1000"));
            }
        }
    }

    private static void compareAll(Connection cn, Connection dn) throws SQLException {
        for (String sql : ORDERED) {
            List<String> expected = SqlFiles.rows(dn, sql);
            assertFalse(expected.isEmpty(), sql);
            assertEquals(expected, SqlFiles.rows(cn, sql), sql);
        }
        for (String sql : UNORDERED) {
            assertEquals(sorted(SqlFiles.rows(dn, sql)), sorted(SqlFiles.rows(cn, sql)), sql);
        }
    }

    private static List<String> sorted(List<String> rows) {
        List<String> out = new ArrayList<>(rows);
        Collections.sort(out);
        return out;
    }
}
