package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.polardbx.tests.tpch.TpchData;
import com.polardbx.tests.tpch.TpchLoader;
import com.polardbx.tests.tpch.TpchQueries;
import com.polardbx.tests.tpch.TpchResults;
import com.polardbx.tests.tpch.TpchSchema;
import com.polardbx.tests.tpch.TpchSetup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * TPC-H end to end: generates the data set at scale factor {@code -Dtpch.sf} (default 0.1), loads it through the CN
 * (lineitem/orders co-partitioned on the order key, part/partsupp on the part key, customer, supplier partitioned,
 * nation/region broadcast) and into one plain MariaDB database, then runs the 22 queries on both and compares the
 * results. Prints a per-query summary (status, rows, CN and reference milliseconds).
 */
class TpchIT {
    private static final String DB = "tpch";
    private static final String REF = "tpch_reference";
    private static final double SF = Double.parseDouble(System.getProperty("tpch.sf", "0.1"));
    private static final int TIMEOUT_SECONDS = Integer.getInteger("tpch.timeout", 600);
    /** {@code -Dtpch.queries=q10,q13}: run only these of the 22 (while investigating one). */
    private static final List<String> QUERIES = System.getProperty("tpch.queries", "").isBlank() ? TpchQueries.names()
        : List.of(System.getProperty("tpch.queries").split(","));
    /**
     * Queries that failed with 3170 at SF 1 under 16 MB: the workers of a parallel aggregation held memory that the
     * driving thread's operators (a hash join loading or splitting a spilled partition) could not revoke, and spills
     * needed full-size page buffers that the pool no longer had.
     */
    private static final List<String> FAILED_UNDER_16_MB_AT_SF_1 = List.of("q10", "q13", "q22");

    /**
     * Queries the CN cannot run yet, with the reason. The test asserts that each still fails, so a fix must remove
     * its entry here.
     */
    private static final Map<String, String> KNOWN_UNSUPPORTED = Map.of();

    private static final Map<String, String> SUMMARY = new TreeMap<>();
    /** The reference's result per query, computed once and compared with every CN run of that query. */
    private static final Map<String, TpchResults> EXPECTED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, Long> REFERENCE_MILLIS = new java.util.concurrent.ConcurrentHashMap<>();
    private static Connection cn;
    private static Connection ref;

    @BeforeAll
    static void load() throws SQLException {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection admin = cluster.connect(null, null)) {
            TpchSetup.createDatabase(admin, DB, true);
        }
        try (Connection direct = cluster.connectDirect(null)) {
            TpchSetup.createDatabase(direct, REF, false);
        }
        cn = cluster.connect(DB, null);
        ref = cluster.connectDirect(REF);
        TpchSetup.createTables(cn, true);
        TpchSetup.createTables(ref, false);
        TpchData data = new TpchData(SF);
        CompletableFuture<Long> viaCn = CompletableFuture.supplyAsync(() -> load(data, "cn",
            () -> cluster.connect(DB, null)));
        CompletableFuture<Long> direct = CompletableFuture.supplyAsync(() -> load(data, "reference",
            () -> cluster.connectDirect(REF)));
        try {
            assertEquals(direct.join(), viaCn.join(), "rows loaded");
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw e;
        }
        for (TpchSchema.Table t : TpchSchema.TABLES) {
            assertEquals(TpchSetup.count(ref, t.name()), TpchSetup.count(cn, t.name()), "rows of " + t.name());
            // fresh InnoDB statistics: the reference's plans from stale ones take minutes at SF 0.1
            SqlFiles.execute(ref, "ANALYZE TABLE " + t.name());
        }
    }

    /** The reference's result of a TPC-H query, run once. */
    private static TpchResults expected(String name) throws SQLException {
        TpchResults cached = EXPECTED.get(name);
        if (cached == null) {
            long t0 = System.nanoTime();
            cached = TpchResults.run(ref, TpchQueries.text(name), TIMEOUT_SECONDS);
            REFERENCE_MILLIS.put(name, (System.nanoTime() - t0) / 1_000_000);
            EXPECTED.put(name, cached);
        }
        return cached;
    }

    private static long load(TpchData data, String target, TpchLoader.ConnectionFactory connections) {
        try {
            return new TpchLoader(data, target, System.out::println).load(connections, 2);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    @AfterAll
    static void close() throws SQLException {
        System.out.printf(Locale.ROOT, "%nTPC-H SF %s through the CN vs one MariaDB:%n", SF);
        SUMMARY.forEach((q, line) -> System.out.println("  " + q + "  " + line));
        if (cn != null) {
            cn.close();
        }
        if (ref != null) {
            ref.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> queriesMatchOneMariaDb() {
        return QUERIES.stream().map(name -> DynamicTest.dynamicTest(name, () -> runQuery(name)));
    }

    /**
     * The 22 again with a small per-query memory limit ({@code -Dtpch.memoryLimit}, bytes; default 16 MB): same
     * results, and the CN's spill counters must have grown.
     */
    @TestFactory
    Stream<DynamicTest> queriesMatchUnderASmallMemoryLimitBySpilling() throws SQLException {
        long limit = Long.getLong("tpch.memoryLimit", 16L << 20);
        Connection limited = TestingCluster.shared().connect(DB, "sessionVariables=polardbx_query_memory_limit=" + limit);
        long filesBefore = spillFiles(limited);
        Stream<DynamicTest> queries = QUERIES.stream().map(name -> DynamicTest.dynamicTest(
            name + " with " + limit + " bytes", () -> {
                String sql = TpchQueries.text(name);
                TpchResults expected = expected(name);
                TpchResults actual = TpchResults.run(limited, sql, TIMEOUT_SECONDS);
                TpchResults.Comparison comparison = TpchResults.compare(expected, actual, TpchQueries.isOrdered(sql));
                assertTrue(comparison.matches(), name + " under the memory limit: " + comparison.mismatch());
            }));
        // These keep big operators in the CN (a join across table groups, a final aggregation with many groups, a CN
        // sort of a join result) and must spill under a much smaller limit than the 22 (64 KB; 1 MB from SF 0.05 on,
        // to keep the suite short).
        long tinyLimit = SF < 0.05 ? 65536 : 1L << 20;
        List<String> heavy = List.of(
            "SELECT p_brand, SUM(l_quantity) FROM lineitem JOIN part ON l_partkey = p_partkey GROUP BY p_brand",
            "SELECT l_partkey, SUM(l_quantity), COUNT(*) FROM lineitem GROUP BY l_partkey",
            "SELECT o_orderkey, c_name FROM orders JOIN customer ON o_custkey = c_custkey ORDER BY c_name, o_orderkey");
        Stream<DynamicTest> spilling = heavy.stream().map(sql -> DynamicTest.dynamicTest(tinyLimit + " bytes: " + sql,
            () -> runUnderLimit(sql, tinyLimit)));
        DynamicTest spilled = DynamicTest.dynamicTest("spill files were written", () -> {
            long files = spillFiles(limited) - filesBefore;
            System.out.printf(Locale.ROOT, "TPC-H SF %s with a %d-byte query memory limit: %d spill files%n", SF, limit,
                files);
            limited.close();
            assertTrue(files > 0, "no query spilled");
        });
        return Stream.concat(Stream.concat(queries, Stream.of(spilled)), spilling);
    }

    /**
     * The queries that failed under 16 MB at SF 1, at this scale factor with the limit scaled alike (16 MiB x SF,
     * 1.6 MiB at SF 0.1): what these queries keep in the CN (a hash join's build side of orders or customers, the
     * groups per customer) grows linearly with the data, so the same limit per row of data puts the same pressure
     * on them. Each must return the reference's rows and must have spilled.
     */
    @TestFactory
    Stream<DynamicTest> queriesThatFailedUnder16MbAtSf1SpillUnderTheScaledLimit() {
        long limit = Math.max(1L << 16, Math.round((16L << 20) * SF));
        return FAILED_UNDER_16_MB_AT_SF_1.stream().filter(QUERIES::contains).map(name -> DynamicTest.dynamicTest(
            name + " with " + limit + " bytes (16 MiB x SF)", () -> {
                String sql = TpchQueries.text(name);
                TpchResults expected = expected(name);
                try (Connection limited = TestingCluster.shared().connect(DB,
                    "sessionVariables=polardbx_query_memory_limit=" + limit)) {
                    long spilledBefore = SqlFiles.status(limited, "polardbx_spill_bytes");
                    TpchResults actual = TpchResults.run(limited, sql, TIMEOUT_SECONDS);
                    long spilled = SqlFiles.status(limited, "polardbx_spill_bytes") - spilledBefore;
                    TpchResults.Comparison comparison = TpchResults.compare(expected, actual,
                        TpchQueries.isOrdered(sql));
                    assertTrue(comparison.matches(), name + " under " + limit + " bytes: " + comparison.mismatch());
                    System.out.printf(Locale.ROOT, "TPC-H SF %s %s with a %d-byte limit: %d bytes spilled%n", SF, name,
                        limit, spilled);
                    assertTrue(spilled > 0, name + " did not spill under " + limit + " bytes");
                }
            }));
    }

    private static void runUnderLimit(String sql, long limit) throws SQLException {
        try (Connection tiny = TestingCluster.shared().connect(DB, "sessionVariables=polardbx_query_memory_limit="
            + limit)) {
            TpchResults expected = TpchResults.run(ref, sql, TIMEOUT_SECONDS);
            TpchResults actual = TpchResults.run(tiny, sql, TIMEOUT_SECONDS);
            TpchResults.Comparison comparison = TpchResults.compare(expected, actual, TpchQueries.isOrdered(sql));
            assertTrue(comparison.matches(), sql + ": " + comparison.mismatch());
        }
    }

    private static long spillFiles(Connection c) throws SQLException {
        return SqlFiles.status(c, "polardbx_spill_files");
    }

    private static void runQuery(String name) throws SQLException {
        String sql = TpchQueries.text(name);
        TpchResults expected = expected(name);
        long refMillis = REFERENCE_MILLIS.get(name);
        String knownReason = KNOWN_UNSUPPORTED.get(name);
        TpchResults actual;
        long t1 = System.nanoTime();
        try {
            actual = TpchResults.run(cn, sql, TIMEOUT_SECONDS);
        } catch (SQLException e) {
            String error = e.getErrorCode() + " " + e.getMessage();
            if (knownReason != null) {
                SUMMARY.put(name, "KNOWN UNSUPPORTED (" + knownReason + "): " + firstLine(error));
                return;
            }
            SUMMARY.put(name, "FAIL error " + firstLine(error));
            throw new AssertionError(name + " failed on the CN: " + error, e);
        }
        long cnMillis = (System.nanoTime() - t1) / 1_000_000;
        TpchResults.Comparison comparison = TpchResults.compare(expected, actual, TpchQueries.isOrdered(sql));
        String timing = String.format(Locale.ROOT, "rows %4d  cn %6d ms  reference %6d ms", expected.rows().size(),
            cnMillis, refMillis);
        if (knownReason != null) {
            SUMMARY.put(name, (comparison.matches() ? "UNEXPECTED PASS " : "KNOWN UNSUPPORTED (" + knownReason
                + "): ") + timing);
            assertFalse(comparison.matches(), name + " now passes: remove it from KNOWN_UNSUPPORTED");
            return;
        }
        if (!comparison.matches()) {
            SUMMARY.put(name, "FAIL wrong result: " + firstLine(comparison.mismatch()) + "  " + timing);
            fail(name + " returned a wrong result: " + comparison.mismatch());
        }
        SUMMARY.put(name, "PASS  " + timing + (comparison.notes().isEmpty() ? "" : "  note: "
            + String.join("; ", comparison.notes())));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
