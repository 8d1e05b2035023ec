package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} in Prometheus' text format counts what the CN did; {@code /status} answers JSON to a script
 * ({@link StatusPageIT} checks the page a browser gets).
 */
class MetricsIT {
    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*})?)"
            + " (-?[0-9.]+(E-?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void countersMoveWithStatementsErrorsAndTransactions() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS metrics_db");
            SqlFiles.execute(c, "CREATE DATABASE metrics_db MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE metrics_db.t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id)"
                + " PARTITIONS 4");
        }
        Map<String, Double> before = scrape(cluster);
        try (Connection c = cluster.connect("metrics_db", null)) {
            SqlFiles.rows(c, "SELECT COUNT(*) FROM t");
            SqlFiles.rows(c, "SELECT v FROM t WHERE id = 3");
            try {
                SqlFiles.rows(c, "SELECT * FROM missing_table");
            } catch (SQLException expected) {
                assertEquals(1146, expected.getErrorCode());
            }
            c.setAutoCommit(false);
            SqlFiles.execute(c, "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
            c.commit();
        }
        Map<String, Double> after = scrape(cluster);
        assertTrue(delta(before, after, "polardbx_statements_total{kind=\"select\"}") >= 3);
        assertEquals(1.0, delta(before, after, "polardbx_errors_total{errno=\"1146\"}"));
        assertTrue(delta(before, after, "polardbx_statements_total{kind=\"insert\"}") >= 1);
        assertTrue(delta(before, after, "polardbx_transactions_total{outcome=\"two_phase_commit\"}") >= 1);
        assertTrue(delta(before, after, "polardbx_statement_duration_seconds_count{kind=\"select\"}") >= 3);
        assertTrue(after.containsKey("polardbx_dn_pool_idle_connections{dn=\"dn0\"}"), after.keySet().toString());
        String status = get(cluster, "/status");
        assertTrue(status.startsWith("{\"cn\":") && status.contains("\"data_nodes\":2"), status);
        // COUNT(*) over four partitions on two DNs sends shard queries to both
        assertTrue(delta(before, after, "polardbx_dn_query_duration_seconds_count{dn=\"dn0\"}") >= 1, "dn0");
        assertTrue(delta(before, after, "polardbx_dn_query_duration_seconds_count{dn=\"dn1\"}") >= 1, "dn1");
        assertTrue(after.get("polardbx_plan_cache_hit_ratio") >= 0 && after.get("polardbx_plan_cache_hit_ratio") <= 1);
        assertTrue(after.get("polardbx_statement_digests") >= 1);
    }

    /** Every sample of {@code /metrics}; fails on a line that is neither a comment nor a valid sample. */
    private static Map<String, Double> scrape(TestingCluster cluster) throws IOException, InterruptedException {
        Map<String, Double> samples = new HashMap<>();
        for (String line : get(cluster, "/metrics").split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample: " + line);
            samples.put(m.group(1), Double.parseDouble(m.group(4).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    private static String get(TestingCluster cluster, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + cluster.metricsPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
