package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's admin tools against the CN and against a plain MariaDB holding the same tables, their output compared:
 * {@code mariadb-import}, {@code mariadb-check} (check, analyze, optimize, repair) and {@code mariadb-show}.
 */
class AdminToolsIT {
    private static final String DB = "admin_tools";
    private static final String PEOPLE = "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20), born DATE,"
        + " KEY k_name (name))";
    private static final String NOTES = "CREATE TABLE notes (n INT PRIMARY KEY, body BLOB)";
    private static TestingCluster cluster;

    @BeforeAll
    static void tables() throws Exception {
        cluster = TestingCluster.shared();
        try (Connection cn = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DROP DATABASE IF EXISTS " + DB);
                SqlFiles.execute(c, "CREATE DATABASE " + DB);
            }
            SqlFiles.execute(cn, "USE " + DB);
            SqlFiles.execute(dn, "USE " + DB);
            SqlFiles.execute(cn, PEOPLE + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(dn, PEOPLE);
            SqlFiles.execute(cn, NOTES + " BROADCAST");
            SqlFiles.execute(dn, NOTES);
        }
    }

    @Test
    void mariadbImportLoadsTheSameRows() throws Exception {
        Path file = Files.createTempDirectory("import").resolve("people.txt");
        Files.writeString(file, "1\tann\t2001-02-03\n2\tbob\t\\N\n3\t\"q\"\t1999-12-31\n4\tété\t2020-02-29\n");
        String viaCn = tool(cn("mariadb-import"), "--local", DB, file.toString());
        String viaDn = tool(dn("mariadb-import"), "--local", DB, file.toString());
        assertTrue(viaDn.contains("Records: 4"), viaDn);
        assertEquals(viaDn, viaCn);
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            String q = "SELECT id, name, born FROM people ORDER BY id";
            assertEquals(SqlFiles.rows(dn, q), SqlFiles.rows(cn, q));
        }
    }

    @Test
    void mariadbCheckChecksAnalyzesOptimizesAndRepairsAsMariaDb() throws Exception {
        for (String option : List.of("--check", "--analyze", "--optimize", "--repair")) {
            String viaCn = tool(cn("mariadb-check"), option, DB);
            String viaDn = tool(dn("mariadb-check"), option, DB);
            assertTrue(viaDn.contains(DB + ".people"), viaDn);
            assertEquals(viaDn, viaCn, option);
        }
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            for (String sql : List.of("OPTIMIZE TABLE people, missing", "REPAIR NO_WRITE_TO_BINLOG TABLE notes",
                "REPAIR TABLE people QUICK")) {
                assertEquals(SqlFiles.rows(dn, sql), SqlFiles.rows(cn, sql), sql);
            }
        }
    }

    @Test
    void mariadbShowListsTablesColumnsAndCounts() throws Exception {
        assertEquals(tool(dn("mariadb-show"), DB), tool(cn("mariadb-show"), DB));
        assertEquals(tool(dn("mariadb-show"), DB, "people"), tool(cn("mariadb-show"), DB, "people"));
        assertEquals(tool(dn("mariadb-show"), "--count", DB), tool(cn("mariadb-show"), "--count", DB));
    }

    @Test
    void showIndexCountsEveryPartition() throws Exception {
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DELETE FROM people");
                SqlFiles.execute(c, "INSERT INTO people VALUES (11, 'a', NULL), (12, 'b', NULL), (13, 'c', NULL),"
                    + " (14, 'd', NULL), (15, 'e', NULL), (16, 'f', NULL)");
                SqlFiles.execute(c, "ANALYZE TABLE people");
            }
            for (String q : List.of("SHOW INDEX FROM people WHERE Key_name = 'PRIMARY'", "SHOW KEYS FROM people")) {
                assertEquals(SqlFiles.rows(dn, q), SqlFiles.rows(cn, q), q);
            }
        }
    }

    /** What GUI tools list: SHOW TRIGGERS, EVENTS, PROFILES, OPEN TABLES, DATABASES LIKE, as MariaDB labels them. */
    @Test
    void listingsGuiToolsReadHaveMariaDbsColumns() throws Exception {
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            for (String sql : List.of("SHOW TRIGGERS", "SHOW TRIGGERS FROM " + DB + " LIKE 'p%'", "SHOW EVENTS",
                "SHOW PROFILES", "SHOW DATABASES LIKE 'admin_tools'", "SHOW OPEN TABLES FROM " + DB + " LIKE 'nothing%'",
                "SHOW TRIGGERS FROM no_such_db", "SHOW OPEN TABLES FROM no_such_db")) {
                assertEquals(described(dn, sql), described(cn, sql), sql);
            }
        }
    }

    /** Column labels and rows of a statement, or its error. */
    private static String described(Connection c, String sql) {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.append(rs.getMetaData().getColumnLabel(i)).append(' ');
            }
            while (rs.next()) {
                out.append("\n");
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    out.append(rs.getString(i)).append(' ');
                }
            }
            return out.toString();
        } catch (java.sql.SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }

    private static List<String> cn(String tool) {
        return List.of(tool, "--no-defaults", "--skip-ssl", "-h127.0.0.1", "-P" + cluster.port(), "-uroot");
    }

    private static List<String> dn(String tool) {
        return List.of(tool, "--no-defaults", "--skip-ssl", "-h127.0.0.1", "-P" + cluster.dataNodes().port(1),
            "-u" + cluster.dataNodes().user(), "-p" + cluster.dataNodes().password());
    }

    /** The tool's output and exit status. */
    private static String tool(List<String> command, String... args) throws Exception {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return out + "exit " + p.exitValue();
    }
}
