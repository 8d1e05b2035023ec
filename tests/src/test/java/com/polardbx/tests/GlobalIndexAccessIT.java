package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads of tables with global indexes, the way chosen by cost: the same queries on the CN and on a plain MariaDB table
 * (with the index as a local one) must give the same rows whichever way the CN reads (scan of the primary's shards,
 * covering scan of one index shard, lookup through the index), and ANALYZE TABLE's statistics change the way.
 */
class GlobalIndexAccessIT {
    private static final String DB = "gsi_access_db";
    private static TestingCluster cluster;

    /** Queries whose access changes with the statistics (hints go to the CN only: MariaDB lacks the index). */
    private static final List<String> QUERIES = List.of(
        "SELECT * FROM costly WHERE k = 1 ORDER BY id",
        "SELECT * FROM costly WHERE k = 1 AND v LIKE 'v1%' ORDER BY id DESC LIMIT 7",
        "SELECT v, COUNT(*) FROM costly WHERE k IN (0, 1, 7) GROUP BY v ORDER BY v LIMIT 5",
        "SELECT COUNT(*), SUM(id) FROM costly WHERE k = 0",
        "SELECT id FROM costly WHERE k = 0 ORDER BY id",
        "SELECT * FROM costly WHERE k = 42",
        "SELECT * FROM costly FORCE INDEX (g_k) WHERE k = 1 ORDER BY id",
        "SELECT * FROM costly FORCE INDEX (PRIMARY) WHERE k = 1 ORDER BY id",
        "SELECT * FROM costly IGNORE INDEX (g_k) WHERE k = 0 ORDER BY id");

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
    }

    /**
     * 64 shards, each with the local index k_1 on k (2 values over 2,000 rows), and the global index g_k on k. Never
     * analyzed, an index is taken to be selective: one index shard and one primary shard beat 64 shards. Once
     * ANALYZE TABLE knows that a key has 1,000 rows, the 64 local indexes win, while a query the index covers still
     * reads its one index shard. Every query gives MariaDB's rows both times.
     */
    @Test
    void statisticsChangeTheAccessAndResultsStayMariaDbs() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE costly (id INT PRIMARY KEY, k INT, v VARCHAR(10), KEY k_1 (k))"
                + " PARTITION BY KEY(id) PARTITIONS 64");
            SqlFiles.execute(ref, "CREATE TABLE costly (id INT PRIMARY KEY, k INT, v VARCHAR(10), KEY k_1 (k))");
            for (int batch = 0; batch < 4; batch++) {
                StringBuilder rows = new StringBuilder("INSERT INTO costly VALUES ");
                for (int i = batch * 500 + 1; i <= batch * 500 + 500; i++) {
                    rows.append(i == batch * 500 + 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 2)
                        .append(", 'v").append(i).append("')");
                }
                SqlFiles.execute(cn, rows.toString());
                SqlFiles.execute(ref, rows.toString());
            }
            SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_k ON costly (k)");

            Map<String, String> before = accesses(cn);
            assertTrue(before.get(QUERIES.get(0)).startsWith("GlobalIndexLookup(index=[g_k]"), before.toString());
            assertTrue(before.get(QUERIES.get(4)).startsWith("GlobalIndexScan(index=[g_k]"), before.toString());
            assertTrue(before.get(QUERIES.get(7)).isEmpty(), "FORCE INDEX (PRIMARY) weighs nothing: " + before);
            assertSameAsMariaDb(cn, ref);

            SqlFiles.rows(cn, "ANALYZE TABLE costly");
            Map<String, String> after = accesses(cn);
            assertTrue(after.get(QUERIES.get(0)).startsWith("PrimaryScan(table=[" + DB + ".costly], shards=[64],"
                + " local_index=[k_1]"), after.toString());
            assertTrue(after.get(QUERIES.get(2)).startsWith("PrimaryScan("), after.toString());
            assertTrue(after.get(QUERIES.get(4)).startsWith("GlobalIndexScan(index=[g_k]"), after.toString());
            assertTrue(after.get(QUERIES.get(6)).startsWith("GlobalIndexLookup(index=[g_k]"),
                "FORCE INDEX outweighs the cost: " + after);
            assertSameAsMariaDb(cn, ref);
            List<String> check = SqlFiles.rows(cn, "CHECK GLOBAL INDEX g_k ON costly");
            assertTrue(check.size() == 1 && check.get(0).contains("status") && check.get(0).contains("OK"),
                check.toString());
        }
    }

    /**
     * A join whose inner table is joined on a column with a global index: each batch of outer keys is looked up in the
     * index, then the inner rows are read by primary key on their shards only (64 shards make that cheaper than
     * reading the inner table whole for a hash join). INNER and LEFT joins give MariaDB's rows.
     */
    @Test
    void joinsReadTheInnerTableThroughTheIndex() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE items (id INT PRIMARY KEY, k INT, v VARCHAR(10))"
                + " PARTITION BY KEY(id) PARTITIONS 64");
            SqlFiles.execute(ref, "CREATE TABLE items (id INT PRIMARY KEY, k INT, v VARCHAR(10), KEY k (k))");
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "CREATE TABLE buyers (id INT PRIMARY KEY, x INT, name VARCHAR(10))");
                StringBuilder rows = new StringBuilder("INSERT INTO items VALUES ");
                for (int i = 1; i <= 2000; i++) {
                    rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 500)
                        .append(", 'v").append(i).append("')");
                }
                SqlFiles.execute(c, rows.toString());
                StringBuilder buyers = new StringBuilder("INSERT INTO buyers VALUES ");
                for (int i = 1; i <= 20; i++) {
                    buyers.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i * 37 % 600)
                        .append(", 'b").append(i).append("')");
                }
                SqlFiles.execute(c, buyers.toString());
            }
            SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_items_k ON items (k)");
            // the row counts the choice weighs: InnoDB's own estimates of fresh tables lag behind their inserts
            SqlFiles.rows(cn, "ANALYZE TABLE items, buyers");
            List<String> queries = List.of(
                "SELECT b.id, t.id, t.v FROM buyers b JOIN items t ON t.k = b.x WHERE b.id = 5 ORDER BY t.id",
                "SELECT b.name, t.id FROM buyers b LEFT JOIN items t ON t.k = b.x WHERE b.id IN (3, 14, 16)"
                    + " ORDER BY b.name, t.id",
                "SELECT COUNT(*), SUM(t.id) FROM buyers b JOIN items t ON t.k = b.x AND t.v LIKE 'v1%'",
                "SELECT t.v, b.name FROM items t JOIN buyers b ON b.x = t.k WHERE b.id BETWEEN 2 AND 9"
                    + " ORDER BY t.v LIMIT 10");
            for (String q : queries) {
                String plan = String.join("\n", SqlFiles.rows(cn, "EXPLAIN " + q));
                assertTrue(plan.contains("lookup through global index g_items_k"), q + "\n" + plan);
                assertEquals(TestingStatements.outcome(ref, q), TestingStatements.outcome(cn, q), q);
            }
        }
    }

    /** The first line EXPLAIN gives about the table's access, per query ("" when there was nothing to weigh). */
    private static Map<String, String> accesses(Connection cn) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String q : QUERIES) {
            String first = SqlFiles.rows(cn, "EXPLAIN " + q).get(0);
            out.put(q, first.startsWith("GlobalIndex") || first.startsWith("PrimaryScan") ? first : "");
        }
        return out;
    }

    private static void assertSameAsMariaDb(Connection cn, Connection ref) {
        for (String q : QUERIES) {
            String plain = q.replaceAll("(FORCE|IGNORE) INDEX \\(\\w+\\) ", "");
            assertEquals(TestingStatements.outcome(ref, plain), TestingStatements.outcome(cn, q), q);
        }
    }
}
