package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * A known workload moves the transaction, TSO, DDL and global binlog metrics by known amounts: one cross-shard
     * commit, one single-shard commit, one rollback; the CDC writes the two commits (and as many events as the
     * binlog files gained); then one ALTER is one DDL job started and done.
     */
    @Test
    void polardbxMetricsOffStopsStatementMeasurementsAndIsGlobalOnly() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        String selects = "polardbx_statements_total{kind=\"select\"}";
        String latencies = "polardbx_statement_duration_seconds_count{kind=\"select\"}";
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "SET GLOBAL polardbx_metrics = OFF");
            try {
                Map<String, Double> before = scrape(cluster);
                for (int i = 0; i < 5; i++) {
                    SqlFiles.rows(c, "SELECT 1");
                }
                Map<String, Double> after = scrape(cluster);
                assertEquals(0.0, delta(before, after, selects));
                assertEquals(0.0, delta(before, after, latencies));
            } finally {
                SqlFiles.execute(c, "SET GLOBAL polardbx_metrics = ON");
            }
            Map<String, Double> before = scrape(cluster);
            for (int i = 0; i < 5; i++) {
                SqlFiles.rows(c, "SELECT 1");
            }
            Map<String, Double> after = scrape(cluster);
            assertEquals(5.0, delta(before, after, selects));
            assertEquals(5.0, delta(before, after, latencies));
            // a server-wide switch: SET SESSION is refused as MariaDB refuses it for its own global-only variables
            SQLException cn = assertThrows(SQLException.class,
                () -> SqlFiles.execute(c, "SET SESSION polardbx_metrics = OFF"));
            try (Connection dn = cluster.connectDirect(null)) {
                SQLException maria = assertThrows(SQLException.class,
                    () -> SqlFiles.execute(dn, "SET SESSION max_connections = 10"));
                assertEquals(maria.getErrorCode(), cn.getErrorCode());
                assertEquals(maria.getSQLState(), cn.getSQLState());
                assertEquals(maria.getMessage().replace("max_connections", "polardbx_metrics"), cn.getMessage());
            }
        }
    }

    @Test
    void transactionTsoDdlAndBinlogMetricsFollowAKnownWorkload() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS metrics_cdc");
            SqlFiles.execute(c, "CREATE DATABASE metrics_cdc MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE metrics_cdc.t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id)"
                + " PARTITIONS 4");
        }
        cluster.enableCdc();
        try (Connection c = cluster.connect("metrics_cdc", null)) {
            String[] binlogBefore = settledBinlog(cluster, c);
            Map<String, Double> before = scrape(cluster);
            c.setAutoCommit(false);
            StringBuilder rows = new StringBuilder();
            for (int id = 1; id <= 16; id++) {
                rows.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id).append(')');
            }
            SqlFiles.execute(c, "INSERT INTO t VALUES " + rows); // all four partitions, so both DNs
            c.commit();
            SqlFiles.execute(c, "INSERT INTO t VALUES (17, 17)");
            c.commit();
            SqlFiles.execute(c, "INSERT INTO t VALUES (18, 18)");
            c.rollback();
            c.setAutoCommit(true);
            String[] binlogAfter = awaitWritten(cluster, c, before, 2);
            Map<String, Double> after = scrape(cluster);

            assertEquals(1.0, delta(before, after, "polardbx_transactions_total{outcome=\"two_phase_commit\"}"));
            assertEquals(1.0, delta(before, after, "polardbx_transactions_total{outcome=\"one_phase_commit\"}"));
            assertEquals(1.0, delta(before, after, "polardbx_transactions_total{outcome=\"rollback\"}"));
            // the two-phase commit took a commit timestamp from this CN, the cluster's only TSO
            assertTrue(delta(before, after, "polardbx_tso_timestamps_issued_total") >= 1);
            assertTrue(delta(before, after, "polardbx_tso_timestamps_obtained_total{from=\"self\"}") >= 1);
            // the global binlog: both commits (the rollback writes nothing), each with its lag, and its events
            assertEquals(2.0, delta(before, after, "polardbx_cdc_transactions_written_total"));
            assertEquals(2.0, delta(before, after, "polardbx_cdc_binlog_lag_seconds_count"));
            assertTrue(delta(before, after, "polardbx_cdc_binlog_lag_seconds_sum") > 0);
            assertEquals(countEvents(cluster, binlogBefore, binlogAfter),
                delta(before, after, "polardbx_cdc_events_written_total"));
            assertTrue(after.get("polardbx_cdc_binlog_delay_seconds") < 30, after.toString());

            SqlFiles.execute(c, "ALTER TABLE t ADD COLUMN c INT");
            Map<String, Double> afterDdl = scrape(cluster);
            assertEquals(1.0, delta(after, afterDdl, "polardbx_ddl_jobs_total{event=\"started\"}"));
            assertEquals(1.0, delta(after, afterDdl, "polardbx_ddl_jobs_total{event=\"DONE\"}"));
            assertEquals(0.0, afterDdl.get("polardbx_ddl_jobs_not_done{state=\"RUNNING\"}"));
            assertEquals(0.0, afterDdl.get("polardbx_ddl_jobs_not_done{state=\"PAUSED\"}"));
        } finally {
            cluster.disableCdc();
        }
    }

    /** The CN's SHOW MASTER STATUS once the CDC has published everything it will (the same twice, 500 ms apart). */
    private static String[] settledBinlog(TestingCluster cluster, Connection c) throws Exception {
        String[] previous = null;
        for (int i = 0; i < 240; i++) { // after other suites, the CDC first catches up with their writes
            String[] now = SqlFiles.rows(c, "SHOW MASTER STATUS").get(0).split(" \\| ");
            if (previous != null && previous[0].equals(now[0]) && previous[1].equals(now[1])) {
                return now;
            }
            previous = now;
            Thread.sleep(500);
        }
        throw new AssertionError("the global binlog does not settle: " + String.join(" ", previous));
    }

    /** Waits until the CDC wrote {@code transactions} more than in {@code before}; the binlog's end then. */
    private static String[] awaitWritten(TestingCluster cluster, Connection c, Map<String, Double> before,
                                         int transactions) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (delta(before, scrape(cluster), "polardbx_cdc_transactions_written_total") < transactions) {
            assertTrue(System.nanoTime() < deadline, "the CDC did not write the workload within 30 s");
            Thread.sleep(100);
        }
        return settledBinlog(cluster, c);
    }

    /** Events in the global binlog files from one position to another, read from their headers. */
    private static double countEvents(TestingCluster cluster, String[] from, String[] to) throws IOException {
        java.nio.file.Path dir = cluster.cdcDir().resolve("binlog");
        long events = 0;
        String file = from[0];
        long position = Long.parseLong(from[1]);
        while (true) {
            byte[] bytes = java.nio.file.Files.readAllBytes(dir.resolve(file));
            long end = file.equals(to[0]) ? Long.parseLong(to[1]) : bytes.length;
            while (position < end) {
                long length = java.nio.ByteBuffer.wrap(bytes, (int) position + 9, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
                position += length;
                events++;
            }
            if (file.equals(to[0])) {
                return events;
            }
            int number = Integer.parseInt(file.substring(file.lastIndexOf('.') + 1));
            file = file.substring(0, file.lastIndexOf('.') + 1) + String.format("%06d", number + 1);
            position = 4; // after the magic; the new file's FORMAT_DESCRIPTION is an event the writer wrote
        }
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
