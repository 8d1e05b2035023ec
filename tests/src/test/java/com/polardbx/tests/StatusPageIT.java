package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /status} as a real browser renders it: headless Chromium loads the page, runs its script and dumps the DOM,
 * which must show the cluster's nodes, a DDL job that is running at that moment with the progress SHOW DDL reports,
 * and the top statements by digest text. A second load lets the page's timer fire, so its in-place refresh is
 * checked too. Chromium missing is a failure: {@code bin/polardbx test} installs it.
 */
class StatusPageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    /** How long the second load lets the page's timers run (virtual time): past its first refresh. */
    private static final int REFRESH_BUDGET_MILLIS = 7_000;
    private static final Pattern CELL = Pattern.compile("<t[dh][^>]*>(.*?)</t[dh]>", Pattern.DOTALL);

    @Test
    void browserShowsClusterRunningDdlAndTopStatements() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "no headless browser at " + CHROMIUM
            + ": apt-get install chromium (bin/polardbx test installs it)");
        TestingCluster cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS status_db");
            SqlFiles.execute(c, "CREATE DATABASE status_db MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE status_db.t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id)"
                + " PARTITIONS 4");
            SqlFiles.execute(c, "INSERT INTO status_db.t VALUES (1, 10), (2, 20), (3, 30), (4, 40)");
            SqlFiles.execute(c, "TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
        }
        try (Connection c = cluster.connect("status_db", null)) {
            for (int i = 1; i <= 4; i++) {
                SqlFiles.rows(c, "SELECT v FROM t WHERE id = " + i);
            }
            SqlFiles.rows(c, "SELECT 'status<page>' AS s, 1 < 2");
        }
        ExecutorService alterThread = Executors.newSingleThreadExecutor();
        try (Connection blocker = lockOnePhysicalTable(cluster)) {
            Future<?> alter = alterThread.submit(() -> {
                try (Connection c = cluster.connect("status_db", null)) {
                    SqlFiles.execute(c, "ALTER TABLE t ADD COLUMN c INT");
                }
                return null;
            });
            List<String> job = awaitBlockedJob(cluster);
            String dom = render(cluster, 0);
            // /metrics reports the same job with the same progress
            String metrics = new String(new java.net.URL("http://127.0.0.1:" + cluster.metricsPort() + "/metrics")
                .openStream().readAllBytes(), StandardCharsets.UTF_8);
            String progress = "polardbx_ddl_job_progress_percent{job=\"" + job.get(0) + "\",schema=\"status_db\","
                + "object=\"t\",type=\"ALTER_TABLE\",state=\"RUNNING\"} " + job.get(5).replace("%", "") + "\n";
            assertTrue(metrics.contains(progress), progress + " not in\n" + metrics);
            assertTrue(!metrics.contains("polardbx_ddl_jobs_not_done{state=\"RUNNING\"} 0\n"), metrics);

            List<List<String>> nodes = table(dom, "cluster");
            assertTrue(hasRow(nodes, "cntest", "CN", "this CN"), nodes.toString());
            int gmsPort = cluster.dataNodes().port(0);
            assertTrue(hasRow(nodes, "gms", "GMS", "127.0.0.1:" + gmsPort), nodes.toString());
            assertTrue(hasRow(nodes, "dn0", "DN", "127.0.0.1:" + cluster.dataNodes().port(1)), nodes.toString());
            assertTrue(hasRow(nodes, "dn1", "DN", "127.0.0.1:" + cluster.dataNodes().port(2)), nodes.toString());

            // the running job as SHOW DDL reports it: id, schema, object, type, state, progress, statement
            List<List<String>> ddl = table(dom, "ddl");
            List<String> shown = ddl.stream().filter(r -> r.get(0).equals(job.get(0))).findFirst().orElseThrow(
                () -> new AssertionError("job " + job + " not on the page: " + ddl));
            assertEquals(List.of(job.get(0), "status_db", "t", "ALTER_TABLE", "RUNNING", job.get(5),
                "ALTER TABLE t ADD COLUMN c INT"), shown.subList(0, 7));

            List<List<String>> top = table(dom, "top");
            assertTrue(hasRow(top, "status_db", "SELECT `v` FROM `t` WHERE `id` = ?", "4"), top.toString());
            // the digest text's markup characters reach the browser as text
            assertTrue(hasRow(top, "status_db", "SELECT ? AS `s` , ? < ?", "1"), top.toString());
            // the script ran: it stamped the page and wrote the start time as a date
            assertTrue(text(dom, "refreshed").startsWith("rendered "), dom);
            assertTrue(!text(dom, "cn").contains(" s ago"), text(dom, "cn"));

            blocker.commit();
            alter.get(60, TimeUnit.SECONDS);
        } finally {
            alterThread.shutdownNow();
        }
        // after a refresh by the page's own timer, the job is gone and the rest is still there
        String refreshed = render(cluster, REFRESH_BUDGET_MILLIS);
        assertTrue(text(refreshed, "refreshed").startsWith("refreshed "), text(refreshed, "refreshed"));
        assertTrue(table(refreshed, "ddl").stream().noneMatch(r -> r.contains("status_db")),
            table(refreshed, "ddl").toString());
        assertTrue(hasRow(table(refreshed, "cluster"), "dn1", "DN"), refreshed);
    }

    /**
     * A transaction straight on a DN that read one physical table of {@code status_db.t} other than the first: the
     * ALTER's DDL on it waits for the metadata lock, so the job stays RUNNING until the transaction ends.
     */
    private static Connection lockOnePhysicalTable(TestingCluster cluster) throws SQLException {
        for (int node = 1; node <= 2; node++) {
            Connection dn = DriverManager.getConnection(cluster.dataNodes().jdbcUrl(node, null),
                cluster.dataNodes().user(), cluster.dataNodes().password());
            try (Statement st = dn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE"
                    + " 'status\\_db\\_p%' AND table_name LIKE 't\\_%' AND table_name NOT LIKE '%\\_00000'"
                    + " ORDER BY table_name DESC LIMIT 1")) {
                if (rs.next()) {
                    String table = "`" + rs.getString(1) + "`.`" + rs.getString(2) + "`";
                    dn.setAutoCommit(false);
                    try (Statement read = dn.createStatement()) {
                        read.executeQuery("SELECT COUNT(*) FROM " + table).close();
                    }
                    return dn;
                }
            }
            dn.close();
        }
        throw new AssertionError("no physical table of status_db.t found on the DNs");
    }

    /** Waits until SHOW DDL shows the ALTER running with the same progress twice, 300 ms apart. */
    private static List<String> awaitBlockedJob(TestingCluster cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> previous = null;
        try (Connection c = cluster.connect(null, null)) {
            while (System.nanoTime() < deadline) {
                List<String> job = null;
                for (String row : SqlFiles.rows(c, "SHOW DDL")) {
                    List<String> r = List.of(row.split(" \\| "));
                    if (r.get(1).equals("status_db") && r.get(4).equals("RUNNING")) {
                        job = r.subList(0, 6);
                    }
                }
                if (job != null && job.equals(previous)) {
                    return job;
                }
                previous = job;
                Thread.sleep(300);
            }
        }
        throw new AssertionError("the ALTER never showed as a running job; last seen " + previous);
    }

    /** The DOM Chromium has after loading {@code /status} and running its scripts for {@code budgetMillis}. */
    private static String render(TestingCluster cluster, int budgetMillis) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("status-page-chromium");
        Path errors = profile.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.resolve("profile")));
        if (budgetMillis > 0) {
            command.add("--virtual-time-budget=" + budgetMillis);
        }
        command.add("--dump-dom");
        command.add("http://127.0.0.1:" + cluster.metricsPort() + "/status");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        String dom = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(errors));
        assertTrue(dom.contains("id=\"cluster\""), () -> "no page rendered: " + dom + "\n" + read(errors));
        return dom;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The rows of the table with this id, each a list of its cells' text. */
    private static List<List<String>> table(String dom, String id) {
        int start = dom.indexOf("<table id=\"" + id + "\"");
        assertTrue(start >= 0, "no table " + id + " in " + dom);
        String body = dom.substring(start, dom.indexOf("</table>", start));
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(body);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.add(unescape(cell.group(1).replaceAll("<[^>]*>", "").trim()));
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The text of the element with this id. */
    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "no element " + id);
        return unescape(m.group(1).replaceAll("<[^>]*>", ""));
    }

    private static boolean hasRow(List<List<String>> rows, String... firstCells) {
        return rows.stream().anyMatch(r -> r.size() >= firstCells.length
            && r.subList(0, firstCells.length).equals(List.of(firstCells)));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
