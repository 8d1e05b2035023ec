package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Very long predicates (a 50,000-value IN list, a long OR chain) on a partitioned table answer as MariaDB does. The
 * time each takes is printed, not asserted: the build machine is shared.
 */
class LongPredicateIT {
    private static final String DB = "long_predicates";
    private static final int ROWS = 3_000;
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        String values = IntStream.range(0, ROWS).mapToObj(i -> "(" + i + ", " + (i * 7 % 1000) + ", 's" + i + "')")
            .collect(Collectors.joining(", "));
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE t (id INT PRIMARY KEY, k INT, s VARCHAR(20), KEY (k))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(dn, "CREATE TABLE t (id INT PRIMARY KEY, k INT, s VARCHAR(20), KEY (k))");
            SqlFiles.execute(cn, "INSERT INTO t VALUES " + values);
            SqlFiles.execute(dn, "INSERT INTO t VALUES " + values);
        }
    }

    private static String list(int n, IntFunction<String> value, String separator) {
        return IntStream.range(0, n).mapToObj(value).collect(Collectors.joining(separator));
    }

    /** Runs {@code sql} on the CN and the DN, compares the rows as multisets and prints the CN's time. */
    private static void sameRows(String what, String sql) throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            SqlFiles.rows(cn, "SELECT 1"); // the session is set up before the clock starts
            long start = System.nanoTime();
            List<String> actual = new ArrayList<>(SqlFiles.rows(cn, sql));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("LongPredicateIT: " + what + " answered in " + millis + " ms (" + actual.size()
                + " rows)");
            List<String> expected = new ArrayList<>(SqlFiles.rows(dn, sql));
            Collections.sort(actual);
            Collections.sort(expected);
            assertFalse(expected.isEmpty(), what + " finds rows on MariaDB");
            assertEquals(expected, actual, what);
        }
    }

    @Test
    void fiftyThousandValuesInListsOnThePartitionKeyAndOtherColumns() throws SQLException {
        String numbers = list(50_000, i -> Integer.toString(i * 3), ",");
        sameRows("IN on the partition key", "SELECT id, k, s FROM t WHERE id IN (" + numbers + ")");
        sameRows("IN on the partition key (again)", "SELECT id, k, s FROM t WHERE id IN (" + numbers + ")");
        sameRows("IN on another column", "SELECT id, s FROM t WHERE k IN (" + numbers + ")");
        sameRows("NOT IN, aggregated", "SELECT k, COUNT(*) FROM t WHERE id NOT IN (" + numbers + ") GROUP BY k");
        sameRows("IN of strings", "SELECT id FROM t WHERE s IN (" + list(50_000, i -> "'s" + i * 5 + "'", ",")
            + ")");
        sameRows("IN with a range", "SELECT id FROM t WHERE id > 100 AND id IN (" + numbers + ")");
        // values that do not fit the column's type compare as MySQL compares them
        sameRows("IN of strings on a number", "SELECT id FROM t WHERE k IN (" + list(50_000, i -> "'" + i + "'", ",")
            + ")");
        sameRows("IN of numbers on a string", "SELECT id FROM t WHERE s IN (" + numbers + ", 7)");
    }

    @Test
    void longOrChains() throws SQLException {
        sameRows("OR of 10,000 equalities on the partition key",
            "SELECT id, s FROM t WHERE " + list(10_000, i -> "id = " + i * 2, " OR "));
        sameRows("OR of 10,000 equalities on another column",
            "SELECT id FROM t WHERE " + list(10_000, i -> "k = " + i, " OR "));
        sameRows("OR of 5,000 mixed comparisons",
            "SELECT id FROM t WHERE " + list(5_000, i -> i % 2 == 0 ? "id = " + i : "s = 's" + i + "'", " OR "));
        sameRows("OR of 1,000 range comparisons in parentheses, and more",
            "SELECT id FROM t WHERE (" + list(1_000, i -> i % 2 == 0 ? "id < " + i / 10 : "k > " + (1000 + i), " OR ")
                + ") AND s LIKE 's1%'");
    }
}
