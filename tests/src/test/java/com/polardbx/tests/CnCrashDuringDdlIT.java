package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a real CN process in the middle of a CREATE TABLE over 16 partitions: after a restart the table does not
 * exist, no physical table is left on any DN, and the job shows as rolled back.
 */
class CnCrashDuringDdlIT {
    private static TestingDataNodes nodes;
    private static CnProcess cn;

    @BeforeAll
    static void startNodes() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "cn-crash"));
        nodes = TestingDataNodes.start(3, dir.resolve("dns"));
        cn = new CnProcess(dir, nodes);
    }

    @AfterAll
    static void stopNodes() {
        // TestingDataNodes kills its processes when the JVM exits
    }

    private static Process startCn(String... jvmArgs) throws Exception {
        return cn.start(jvmArgs);
    }

    private static Connection connect() throws SQLException {
        return cn.connect(null, null);
    }

    private static int physicalTables(String prefix) throws SQLException {
        int n = 0;
        for (int dn = 1; dn <= 2; dn++) {
            try (Connection c = nodes.connect(dn)) {
                n += Integer.parseInt(SqlFiles.rows(c, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema LIKE 'crash\\_p%' AND table_name LIKE '" + prefix + "\\_%'").get(0));
            }
        }
        return n;
    }

    private static int physicalColumns(String db, String column) throws SQLException {
        int n = 0;
        for (int dn = 1; dn <= 2; dn++) {
            try (Connection c = nodes.connect(dn)) {
                n += Integer.parseInt(SqlFiles.rows(c, "SELECT COUNT(*) FROM information_schema.columns"
                    + " WHERE table_schema LIKE '" + db + "\\_p%' AND column_name = '" + column + "'").get(0));
            }
        }
        return n;
    }

    @Test
    void createTableIsRolledBackAfterKill9() throws Exception {
        Process first = startCn("-Dpolardbx.ddl.failPoint=after_physical_create:8",
            "-Dpolardbx.ddl.failPoint.hang=true");
        try (Connection c = connect()) {
            SqlFiles.execute(c, "CREATE DATABASE crash MODE='auto'");
        }
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
            try (Connection c = connect()) {
                SqlFiles.execute(c, "CREATE TABLE crash.big (id INT PRIMARY KEY, v VARCHAR(10))"
                    + " PARTITION BY HASH(id) PARTITIONS 16");
            } catch (SQLException e) {
                // expected: the CN dies under this statement
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        while (physicalTables("big") < 8 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(physicalTables("big") >= 8, "the DDL never reached its fail point");
        try (Connection c = connect()) {
            List<String> jobs = SqlFiles.rows(c, "SHOW DDL");
            assertTrue(jobs.stream().anyMatch(j -> j.contains("big") && j.contains("RUNNING")), jobs.toString());
        }
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        ddl.get(30, TimeUnit.SECONDS);

        Process second = startCn();
        try (Connection c = connect()) {
            assertFalse(SqlFiles.rows(c, "SHOW TABLES FROM crash").contains("big"));
            assertEquals(0, physicalTables("big"), "orphan physical tables left after recovery");
            List<String> jobs = SqlFiles.rows(c, "SHOW DDL");
            assertTrue(jobs.stream().anyMatch(j -> j.contains("big") && j.contains("ROLLED_BACK")), jobs.toString());
            SqlFiles.execute(c, "CREATE TABLE crash.big (id INT PRIMARY KEY, v VARCHAR(10))"
                + " PARTITION BY HASH(id) PARTITIONS 16");
            assertEquals(16, physicalTables("big"));
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * kill -9 of the CN in the middle of a global index backfill: after a restart the backfill resumes from its last
     * checkpoint (the job finishes, not from scratch), and the index holds exactly the table's rows.
     */
    @Test
    void globalIndexBackfillResumesAfterKill9() throws Exception {
        Process first = startCn("-Dpolardbx.ddl.failPoint=gsi_backfill_batch", "-Dpolardbx.ddl.failPoint.hang=true");
        try (Connection c = connect()) {
            SqlFiles.execute(c, "CREATE DATABASE crash_gsi MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE crash_gsi.t (id INT PRIMARY KEY, k INT, v VARCHAR(10))");
            StringBuilder rows = new StringBuilder("INSERT INTO crash_gsi.t VALUES ");
            for (int i = 1; i <= 3000; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 50).append(", 'v")
                    .append(i).append("')");
            }
            SqlFiles.execute(c, rows.toString());
        }
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
            try (Connection c = connect()) {
                SqlFiles.execute(c, "CREATE GLOBAL INDEX g_k ON crash_gsi.t (k) COVERING (v)");
            } catch (SQLException e) {
                // expected: the CN dies under this statement
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        boolean reached = false;
        while (!reached && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            try (Connection c = connect()) {
                // past the first batch of the backfill (the fail point hangs right after it)
                reached = SqlFiles.rows(c, "SHOW DDL").stream()
                    .anyMatch(j -> j.contains("CREATE_GLOBAL_INDEX") && j.contains("RUNNING")
                        && j.matches(".*BACKFILL [1-9][0-9]* rows.*"));
            }
        }
        assertTrue(reached, "the backfill never reached its fail point");
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        ddl.get(30, TimeUnit.SECONDS);

        Process second = startCn();
        try (Connection c = connect()) {
            List<String> index = SqlFiles.rows(c, "SHOW GLOBAL INDEX FROM crash_gsi.t");
            assertEquals(1, index.size(), index + " " + SqlFiles.rows(c, "SHOW DDL"));
            assertTrue(index.get(0).endsWith("PUBLIC"), index.toString());
            List<String> check = SqlFiles.rows(c, "CHECK GLOBAL INDEX g_k ON crash_gsi.t");
            assertEquals(List.of("crash_gsi.t | g_k | status | OK (3000 rows)"), check);
            List<String> jobs = SqlFiles.rows(c, "SHOW DDL");
            assertTrue(jobs.stream().anyMatch(j -> j.contains("CREATE_GLOBAL_INDEX") && j.contains("DONE")),
                jobs.toString());
            assertEquals(List.of("60"), SqlFiles.rows(c, "SELECT COUNT(*) FROM crash_gsi.t WHERE k = 7"));
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * kill -9 of the CN in the middle of an ALTER TABLE of columns on a table with global indexes (primary and index
     * tables altered, metadata not yet saved): after a restart the job rolls forward, one index is gone with its
     * physical tables, the others carry the new columns and names, and every index matches the table.
     */
    @Test
    void alterOfIndexedColumnsRollsForwardAfterKill9() throws Exception {
        Process first = startCn("-Dpolardbx.ddl.failPoint=after_index_tables_altered",
            "-Dpolardbx.ddl.failPoint.hang=true");
        try (Connection c = connect()) {
            SqlFiles.execute(c, "CREATE DATABASE crash_alter MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE crash_alter.t (id INT PRIMARY KEY, k INT, v VARCHAR(10), w INT,"
                + " GLOBAL INDEX gk (k) COVERING (v), CLUSTERED INDEX cw (w), GLOBAL INDEX gv (v))");
            StringBuilder rows = new StringBuilder("INSERT INTO crash_alter.t VALUES ");
            for (int i = 1; i <= 500; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 20).append(", 'v")
                    .append(i).append("', ").append(i % 9).append(')');
            }
            SqlFiles.execute(c, rows.toString());
        }
        CompletableFuture<Void> ddl = CompletableFuture.runAsync(() -> {
            try (Connection c = connect()) {
                SqlFiles.execute(c, "ALTER TABLE crash_alter.t ADD COLUMN at DATETIME(6) NOT NULL"
                    + " DEFAULT CURRENT_TIMESTAMP(6), DROP COLUMN v, CHANGE k kk INT");
            } catch (SQLException e) {
                // expected: the CN dies under this statement
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        boolean reached = false;
        while (!reached && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            // the primary's 8 tables and both remaining index tables' 8 each have the renamed column
            reached = physicalColumns("crash_alter", "kk") == 24;
        }
        assertTrue(reached, "the ALTER never reached its fail point");
        try (Connection c = connect()) {
            // gv was dropped (through its states) before the index tables were altered; the rest is not saved yet
            List<String> index = SqlFiles.rows(c, "SHOW GLOBAL INDEX FROM crash_alter.t");
            assertEquals(2, index.size(), index.toString());
            assertTrue(index.get(0).contains("| gk | k | v |"), index.toString());
        }
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        ddl.get(30, TimeUnit.SECONDS);

        Process second = startCn();
        try (Connection c = connect()) {
            List<String> jobs = SqlFiles.rows(c, "SHOW DDL");
            assertTrue(jobs.stream().anyMatch(j -> j.contains("ALTER_TABLE") && j.contains("DONE")
                && j.contains("CHANGE k kk")), jobs.toString());
            List<String> index = SqlFiles.rows(c, "SHOW GLOBAL INDEX FROM crash_alter.t");
            assertEquals(2, index.size(), index.toString());
            assertTrue(index.get(0).contains("| gk | kk |  |"), index.toString());
            assertTrue(index.get(1).contains("| cw | w | id, kk, at |"), index.toString());
            for (String g : List.of("gk", "cw")) {
                List<String> check = SqlFiles.rows(c, "CHECK GLOBAL INDEX " + g + " ON crash_alter.t");
                assertEquals(List.of("crash_alter.t | " + g + " | status | OK (500 rows)"), check);
            }
            assertEquals(List.of("25"), SqlFiles.rows(c, "SELECT COUNT(*) FROM crash_alter.t WHERE kk = 7"));
            int left = 0;
            for (int dn = 1; dn <= 2; dn++) {
                try (Connection d = nodes.connect(dn)) {
                    left += Integer.parseInt(SqlFiles.rows(d, "SELECT COUNT(*) FROM information_schema.tables"
                        + " WHERE table_schema LIKE 'crash\\_alter\\_p%' AND table_name LIKE 'gv\\_%'").get(0));
                }
            }
            assertEquals(0, left, "physical tables of the dropped index gv are left");
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
