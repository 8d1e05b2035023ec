package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The slow log: MySQL's variables switch it and MariaDB answers the same for them; the file it writes is read by
 * mariadb-dumpslow and by pt-query-digest, which group the statements (and the latter reads the CN's extras).
 */
class SlowLogIT {
    @Test
    void variablesBehaveAsMariaDbs() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection cn = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            for (String set : List.of("SET SESSION long_query_time = 0.5", "SET SESSION long_query_time = 2")) {
                SqlFiles.execute(cn, set);
                SqlFiles.execute(dn, set);
                assertEquals(doubleValue(dn, "SELECT @@long_query_time"), doubleValue(cn, "SELECT @@long_query_time"));
                assertEquals(SqlFiles.rows(dn, "SHOW SESSION VARIABLES LIKE 'long_query_time'"),
                    SqlFiles.rows(cn, "SHOW SESSION VARIABLES LIKE 'long_query_time'"));
            }
            assertEquals(SqlFiles.rows(dn, "SELECT @@global.slow_query_log"),
                SqlFiles.rows(cn, "SELECT @@global.slow_query_log"));
            // the file stays in the CN's data directory
            assertEquals(1231, StatementDigestIT.errno(cn, "SET GLOBAL slow_query_log_file = '/tmp/elsewhere.log'"));
            assertEquals(1231, StatementDigestIT.errno(cn, "SET GLOBAL slow_query_log_file = '../up.log'"));
        }
        try (Connection cn = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DROP USER IF EXISTS 'slow_user'@'%'");
                SqlFiles.execute(c, "CREATE USER 'slow_user'@'%' IDENTIFIED BY 'pw'");
            }
        }
        try (Connection cn = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port()
            + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true", "slow_user", "pw");
             Connection dn = DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, null), "slow_user", "pw")) {
            // SET GLOBAL needs SUPER on both
            assertEquals(StatementDigestIT.errno(dn, "SET GLOBAL slow_query_log = ON"),
                StatementDigestIT.errno(cn, "SET GLOBAL slow_query_log = ON"));
        }
    }

    @Test
    void mariadbDumpslowGroupsTheStatements() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases("slow_db");
        String file = "slow-" + System.nanoTime() + ".log";
        try (Connection cn = cluster.connect("slow_db", null)) {
            SqlFiles.execute(cn, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)) PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(cn, "SET GLOBAL slow_query_log_file = '" + file + "'");
            SqlFiles.execute(cn, "SET SESSION long_query_time = 0");
            SqlFiles.execute(cn, "SET GLOBAL slow_query_log = ON");
            try {
                for (int i = 1; i <= 3; i++) {
                    SqlFiles.execute(cn, "INSERT INTO t VALUES (" + i + ", 'v" + i + "')");
                }
                for (int i = 1; i <= 4; i++) {
                    SqlFiles.rows(cn, "SELECT v FROM t WHERE id = " + i);
                }
                SqlFiles.rows(cn, "SELECT COUNT(*) FROM t WHERE v <> 'zz'");
                SqlFiles.execute(cn, "USE information_schema");
                SqlFiles.rows(cn, "SELECT 1");
                SqlFiles.execute(cn, "USE slow_db");
                SqlFiles.rows(cn, "SELECT v FROM t WHERE id = 5");
            } finally {
                SqlFiles.execute(cn, "SET GLOBAL slow_query_log = OFF");
            }
        }
        Path log = cluster.dataDir().resolve(file);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("# User@Host: root[root] @ "), text);
        assertTrue(text.matches("(?s).*# Query_time: \\d+\\.\\d{6}  Lock_time: 0\\.000000  Rows_sent: 1  Rows_examined: \\d+\n"
            + "# Rows_affected: 0  Shards: [1-9]\\d*  DN_time: \\d+\\.\\d{6}  Errno: 0\nSET timestamp=\\d+;\n"
            + "SELECT COUNT\\(\\*\\) FROM t WHERE v <> 'zz';\n.*"), "a scan of every shard: " + text);
        assertTrue(text.startsWith("# Time: "), text);
        assertTrue(text.matches("(?s).*# Rows_affected: 1  Shards: 1  DN_time: \\d+\\.\\d{6}  Errno: 0\n"
            + "SET timestamp=\\d+;\nINSERT INTO t VALUES \\(2, 'v2'\\);\n.*"), "a write to one shard: " + text);
        assertTrue(text.contains("use slow_db;\n") && text.contains("SET timestamp="), text);

        String report = dumpslow(log);
        assertTrue(report.matches("(?s).*Count: 5 [^\n]*\n  SELECT v FROM t WHERE id = N\n.*"), report);
        // "use db;" lines sit where MariaDB writes them, so no statement of the report carries one
        assertTrue(text.contains("use information_schema;\n") && !report.contains("use "), report);
        assertTrue(report.matches("(?s).*Count: 3 [^\n]*\n  INSERT INTO t VALUES \\(N, 'S'\\)\n.*"), report);
        assertTrue(report.matches("(?s).*Count: 3 .*Rows_affected=1\\.0 \\(3\\), root\\[root\\]@.*"), report);
        assertTrue(report.contains("SELECT COUNT(*) FROM t WHERE v <> 'S'"), report);
        // the extras stay out of the grouped statements
        assertTrue(!report.contains("Shards") && !report.contains("DN_time"), report);

        // pt-query-digest groups by its own fingerprints and reads the CN's extras as attributes of each statement
        String digest = run("pt-query-digest", "--limit=100%", log.toString());
        assertTrue(digest.matches("(?s).*# Overall: \\d+ total.*"), digest);
        assertTrue(digest.contains("# Shards") && digest.contains("# DN time") && digest.contains("# Errno"), digest);
        String pointReads = java.util.Arrays.stream(digest.split("\n# Query \\d+: "))
            .filter(q -> q.contains("SELECT v FROM t WHERE id = ")).findFirst().orElse("");
        assertTrue(pointReads.matches("(?s).*\n# Count +\\d+ +5\n.*"), digest);
        assertTrue(pointReads.matches("(?s).*\n# Shards +\\d+ +5 +1 +1 .*"), pointReads);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static double doubleValue(Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getDouble(1);
        }
    }

    private static String dumpslow(Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb-dumpslow", "-s", "c", log.toString()).redirectErrorStream(true)
            .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
