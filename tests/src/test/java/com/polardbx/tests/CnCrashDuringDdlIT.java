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
}
