package com.polardbx.tests.tpch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TPC-H benchmark (a program, not a test; {@code tests/bench/tpch.sh} runs it): loads the data set through a
 * running CN and into one plain MariaDB database, then times every query on both, checks the CN's result against the
 * reference and prints per-query times and the total CN/reference ratio. The tables of both are analyzed
 * ({@code ANALYZE TABLE}) before the queries run.
 *
 * <pre>
 * options: --sf 1  --cn 127.0.0.1:8527  --cn-user root  --cn-password ''  --db tpch
 *          --ref 127.0.0.1:13306  --ref-user polardbx_ref  --ref-password polardbx_ref  --ref-db tpch_reference
 *          --threads 2 (loader connections per target)  --skip-load  --queries q01,q05  --runs 1  --timeout 3600
 *          --memory-limit 16777216 (the CN's per-query memory limit for this run, bytes; default: the server's)
 * </pre>
 */
public final class TpchBenchmark {
    private TpchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        double sf = Double.parseDouble(o.get("sf"));
        String cnUrl = url(o.get("cn"), null);
        String refUrl = url(o.get("ref"), null);
        String db = o.get("db");
        String refDb = o.get("ref-db");
        int threads = Integer.parseInt(o.get("threads"));
        int runs = Integer.parseInt(o.get("runs"));
        int timeout = Integer.parseInt(o.get("timeout"));
        TpchLoader.ConnectionFactory cn = () -> DriverManager.getConnection(url(o.get("cn"), db), o.get("cn-user"),
            o.get("cn-password"));
        TpchLoader.ConnectionFactory ref = () -> DriverManager.getConnection(url(o.get("ref"), refDb),
            o.get("ref-user"), o.get("ref-password"));
        if (!o.containsKey("skip-load")) {
            try (Connection admin = DriverManager.getConnection(cnUrl, o.get("cn-user"), o.get("cn-password"))) {
                TpchSetup.createDatabase(admin, db, true);
            }
            try (Connection admin = DriverManager.getConnection(refUrl, o.get("ref-user"), o.get("ref-password"))) {
                TpchSetup.createDatabase(admin, refDb, false);
            }
            try (Connection c = cn.open()) {
                TpchSetup.createTables(c, true);
            }
            try (Connection c = ref.open()) {
                TpchSetup.createTables(c, false);
            }
            TpchData data = new TpchData(sf);
            // one target after the other: both share this machine's cores
            new TpchLoader(data, "reference", System.out::println).load(ref, threads);
            new TpchLoader(data, "cn", System.out::println).load(cn, threads);
        }
        // fresh statistics on both sides: InnoDB's for the reference's optimizer (a plan from stale ones can take
        // minutes), the CN's own (NDVs, histograms in GMS; it also analyzes the physical tables) for its cost model
        for (TpchLoader.ConnectionFactory target : List.of(ref, cn)) {
            try (Connection c = target.open(); Statement st = c.createStatement()) {
                for (TpchSchema.Table t : TpchSchema.TABLES) {
                    st.execute("ANALYZE TABLE " + t.name());
                }
            }
        }
        List<String> queries = o.containsKey("queries") ? List.of(o.get("queries").split(",")) : TpchQueries.names();
        String limit = o.containsKey("memory-limit") ? ", CN query memory limit " + o.get("memory-limit") + " bytes" : "";
        System.out.printf(Locale.ROOT, "%nTPC-H SF %s, best of %d run(s) per query (ms)%s%n", sf, runs, limit);
        System.out.printf(Locale.ROOT, "%-5s %10s %10s %8s  %s%n", "query", "cn", "reference", "cn/ref", "result");
        double cnTotal = 0;
        double refTotal = 0;
        int failed = 0;
        try (Connection c = cn.open(); Connection r = ref.open()) {
            if (o.containsKey("memory-limit")) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET polardbx_query_memory_limit = " + Long.parseLong(o.get("memory-limit")));
                }
            }
            for (String q : queries) {
                String sql = TpchQueries.text(q);
                long[] refTime = {Long.MAX_VALUE};
                long[] cnTime = {Long.MAX_VALUE};
                TpchResults expected = timed(r, sql, timeout, runs, refTime);
                TpchResults actual;
                String status;
                try {
                    actual = timed(c, sql, timeout, runs, cnTime);
                    TpchResults.Comparison cmp = TpchResults.compare(expected, actual, TpchQueries.isOrdered(sql));
                    status = cmp.matches() ? "ok, " + expected.rows().size() + " rows"
                        : "WRONG: " + cmp.mismatch().split("\n")[0];
                } catch (SQLException e) {
                    status = "ERROR " + e.getErrorCode() + ": " + e.getMessage().split("\n")[0];
                }
                if (!status.startsWith("ok")) {
                    failed++;
                }
                double cnMs = cnTime[0] / 1e6;
                double refMs = refTime[0] / 1e6;
                if (cnTime[0] != Long.MAX_VALUE) {
                    cnTotal += cnMs;
                    refTotal += refMs;
                }
                System.out.printf(Locale.ROOT, "%-5s %10.0f %10.0f %8s  %s%n", q,
                    cnTime[0] == Long.MAX_VALUE ? Double.NaN : cnMs, refMs,
                    cnTime[0] == Long.MAX_VALUE ? "-" : String.format(Locale.ROOT, "%.2f", cnMs / refMs), status);
            }
        }
        System.out.printf(Locale.ROOT, "%-5s %10.0f %10.0f %8.2f  (queries that ran on both; %d not ok)%n", "total",
            cnTotal, refTotal, refTotal == 0 ? Double.NaN : cnTotal / refTotal, failed);
    }

    /** Runs {@code sql} {@code runs} times; keeps the fastest time in {@code best[0]} and returns the last result. */
    private static TpchResults timed(Connection c, String sql, int timeout, int runs, long[] best)
        throws SQLException {
        TpchResults result = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            result = TpchResults.run(c, sql, timeout);
            best[0] = Math.min(best[0], System.nanoTime() - t0);
        }
        return result;
    }

    private static String url(String hostPort, String db) {
        return "jdbc:mysql://" + hostPort + "/" + (db == null ? "" : db)
            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=false";
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("sf", "1");
        o.put("cn", "127.0.0.1:8527");
        o.put("cn-user", "root");
        o.put("cn-password", "");
        o.put("db", "tpch");
        o.put("ref", "127.0.0.1:13306");
        o.put("ref-user", "polardbx_ref");
        o.put("ref-password", "polardbx_ref");
        o.put("ref-db", "tpch_reference");
        o.put("threads", "2");
        o.put("runs", "1");
        o.put("timeout", "3600");
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String name = rest.remove(0);
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + name);
            }
            String key = name.substring(2);
            if (key.equals("skip-load")) {
                o.put(key, "true");
            } else if (!o.containsKey(key) && !key.equals("queries") && !key.equals("memory-limit") || rest.isEmpty()) {
                throw new IllegalArgumentException("unknown option or missing value: " + name);
            } else {
                o.put(key, rest.remove(0));
            }
        }
        return o;
    }
}
