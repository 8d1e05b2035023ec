package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mariadb-dump} of a CN database restores into a fresh CN database with the same placement and into a plain
 * MariaDB, with and without {@code --hex-blob} and {@code --single-transaction}; a plain MariaDB dump restores into
 * the CN. Rows are compared with the source, byte for byte.
 */
class DumpRoundTripIT {
    /** a_line and by_region hold foreign keys to tables dumped after them (names in dump order). */
    private static final List<String> TABLES = List.of("parts", "everywhere", "alone", "a_line", "by_region",
        "a_hashed", "keyed");
    private static TestingCluster cluster;
    private static TestingDataNodes nodes;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        nodes = cluster.dataNodes();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS dump_src");
            SqlFiles.execute(c, "CREATE DATABASE dump_src MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE dump_src.parts (id INT PRIMARY KEY, name VARCHAR(20), b BLOB,"
                + " amount DECIMAL(10,2), at DATETIME(3)) PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(c, "CREATE TABLE dump_src.everywhere (code CHAR(2) PRIMARY KEY, label TEXT) BROADCAST");
            SqlFiles.execute(c, "CREATE TABLE dump_src.alone (k INT AUTO_INCREMENT PRIMARY KEY, v VARBINARY(40))"
                + " SINGLE");
            SqlFiles.execute(c, "CREATE TABLE dump_src.a_line (id INT PRIMARY KEY, k INT NOT NULL,"
                + " FOREIGN KEY (k) REFERENCES dump_src.alone (k) ON DELETE CASCADE) SINGLE");
            SqlFiles.execute(c, "CREATE TABLE dump_src.by_region (id INT PRIMARY KEY, code CHAR(2),"
                + " CONSTRAINT by_code FOREIGN KEY (code) REFERENCES dump_src.everywhere (code))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            // a key the CN checks (its parent is partitioned by another key); dumped before its parent
            SqlFiles.execute(c, "CREATE TABLE dump_src.a_hashed (id INT PRIMARY KEY, part INT, FOREIGN KEY (part)"
                + " REFERENCES dump_src.parts (id) ON DELETE CASCADE) PARTITION BY HASH(id) PARTITIONS 3");
            // no partition clause: its plain keys are global indexes, shown as plain keys; the covering one is not
            SqlFiles.execute(c, "CREATE TABLE dump_src.keyed (id INT PRIMARY KEY, k INT, u VARCHAR(10), v INT,"
                + " KEY k_k (k), UNIQUE KEY u_u (u), LOCAL KEY l_v (v))");
            SqlFiles.execute(c, "CREATE GLOBAL INDEX g_kv ON dump_src.keyed (k) COVERING (v)");
            fill(c);
            SqlFiles.execute(c, "CREATE VIEW dump_src.pricey AS SELECT p.id, p.amount, e.label FROM dump_src.parts p"
                + " JOIN dump_src.everywhere e ON e.code = IF(p.id % 2 = 0, 'cn', 'de') WHERE p.amount > 30");
        }
    }

    private static void fill(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dump_src.parts VALUES (?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= 60; id++) {
                byte[] b = new byte[id * 5];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (i * 31 + id);
                }
                ps.setInt(1, id);
                ps.setString(2, id % 7 == 0 ? null : "n'" + id + "é\\");
                ps.setBytes(3, b);
                ps.setBigDecimal(4, new java.math.BigDecimal(id + ".25"));
                ps.setString(5, "2024-02-" + (id % 28 + 1) + " 10:11:12.345");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        SqlFiles.execute(c, "INSERT INTO dump_src.everywhere VALUES ('cn', 'China'), ('de', 'Deutschland\\n'),"
            + " ('xx', NULL)");
        SqlFiles.execute(c, "INSERT INTO dump_src.alone (v) VALUES (X'00FF80'), (''), (NULL), (X'27275C')");
        SqlFiles.execute(c, "INSERT INTO dump_src.a_line VALUES (1, 1), (2, 1), (3, 4)");
        SqlFiles.execute(c, "INSERT INTO dump_src.a_hashed VALUES (1, 5), (2, 6), (3, NULL), (4, 5)");
        SqlFiles.execute(c, "INSERT INTO dump_src.keyed VALUES (1, 10, 'a', 100), (2, 10, 'b', 200), (3, 30, NULL, 300),"
            + " (4, NULL, NULL, NULL)");
        SqlFiles.execute(c, "INSERT INTO dump_src.by_region VALUES (1, 'cn'), (2, 'de'), (3, NULL), (4, 'cn'),"
            + " (5, 'xx')");
    }

    @Test
    void cnDumpRestoresIntoAFreshCnDatabaseWithTheSamePlacement() throws Exception {
        for (List<String> options : List.of(List.<String>of(), List.of("--hex-blob", "--single-transaction"))) {
            Path dump = dump(cluster.port(), "root", "", "dump_src", options);
            try (Connection c = cluster.connect(null, null)) {
                SqlFiles.execute(c, "DROP DATABASE IF EXISTS dump_dst");
                SqlFiles.execute(c, "CREATE DATABASE dump_dst MODE='auto'");
            }
            load(cluster.port(), "root", "", "dump_dst", dump);
            try (Connection c = cluster.connect(null, null)) {
                for (String t : TABLES) {
                    assertEquals(contents(c, "dump_src." + t), contents(c, "dump_dst." + t), t + " " + options);
                    assertEquals(SqlFiles.rows(c, "SHOW CREATE TABLE dump_src." + t),
                        SqlFiles.rows(c, "SHOW CREATE TABLE dump_dst." + t), t + " " + options);
                }
                assertEquals(List.of("g_kv", "k_k", "u_u"), SqlFiles.rows(c, "SELECT INDEX_NAME FROM"
                    + " information_schema.GLOBAL_INDEXES WHERE TABLE_SCHEMA = 'dump_dst' ORDER BY INDEX_NAME"));
                assertEquals(1062, errno(c, "INSERT INTO dump_dst.keyed VALUES (9, 1, 'a', 1)"), options.toString());
                // the restored foreign keys are enforced
                assertEquals(1452, errno(c, "INSERT INTO dump_dst.a_line VALUES (9, 99)"), options.toString());
                assertEquals(1452, errno(c, "INSERT INTO dump_dst.a_hashed VALUES (9, 999)"), options.toString());
                // its physical form, pointing at the parent not created yet, went when the parent came
                SqlFiles.execute(c, "INSERT INTO dump_dst.a_hashed VALUES (10, 7)");
                SqlFiles.execute(c, "DELETE FROM dump_dst.parts WHERE id = 7");
                assertEquals(List.of(), SqlFiles.rows(c, "SELECT * FROM dump_dst.a_hashed WHERE id = 10"));
                assertEquals(1451, errno(c, "DELETE FROM dump_dst.everywhere WHERE code = 'de'"), options.toString());
                // the view is restored and reads the restored database's tables
                assertEquals(contents(c, "dump_src.pricey"), contents(c, "dump_dst.pricey"), "view " + options);
                assertEquals(SqlFiles.rows(c, "SHOW CREATE VIEW dump_src.pricey"),
                    SqlFiles.rows(c, "SHOW CREATE VIEW dump_dst.pricey"), "view " + options);
            }
        }
    }

    @Test
    void cnDumpRestoresIntoPlainMariaDb() throws Exception {
        Path dump = dump(cluster.port(), "root", "", "dump_src", List.of());
        try (Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "DROP DATABASE IF EXISTS dump_plain");
            SqlFiles.execute(dn, "CREATE DATABASE dump_plain");
        }
        load(nodes.port(1), nodes.user(), nodes.password(), "dump_plain", dump);
        try (Connection c = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            for (String t : TABLES) {
                assertEquals(contents(c, "dump_src." + t), contents(dn, "dump_plain." + t), t);
                // the same rows give MariaDB's checksum, summed over partitions on the CN
                assertEquals(SqlFiles.rows(dn, "CHECKSUM TABLE dump_plain." + t).get(0).split(" \\| ")[1],
                    SqlFiles.rows(c, "CHECKSUM TABLE dump_src." + t).get(0).split(" \\| ")[1], t);
                assertEquals(List.of("dump_src." + t + " | check | status | OK"),
                    SqlFiles.rows(c, "CHECK TABLE dump_src." + t));
            }
            assertEquals(contents(c, "dump_src.pricey"), contents(dn, "dump_plain.pricey"), "view");
            assertEquals(1452, errno(dn, "INSERT INTO dump_plain.a_line VALUES (9, 99)"));
            assertEquals(1452, errno(dn, "INSERT INTO dump_plain.a_hashed VALUES (9, 999)"));
            // the plain keys that are global indexes on the CN are MariaDB's keys there
            assertEquals(List.of("k_k", "l_v", "PRIMARY", "u_u"), SqlFiles.rows(dn, "SELECT DISTINCT INDEX_NAME FROM"
                + " information_schema.STATISTICS WHERE TABLE_SCHEMA = 'dump_plain' AND TABLE_NAME = 'keyed'"
                + " ORDER BY INDEX_NAME"));
            assertEquals(1062, errno(dn, "INSERT INTO dump_plain.keyed VALUES (9, 1, 'a', 1)"));
        }
    }

    @Test
    void mariadbDumpRestoresIntoTheCn() throws Exception {
        try (Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "DROP DATABASE IF EXISTS dump_maria");
            SqlFiles.execute(dn, "CREATE DATABASE dump_maria");
            SqlFiles.execute(dn, "CREATE TABLE dump_maria.items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(30)"
                + " NOT NULL DEFAULT '', price DECIMAL(8,2), raw BLOB, KEY by_name (name)) ENGINE=InnoDB");
            SqlFiles.execute(dn, "INSERT INTO dump_maria.items (name, price, raw) VALUES ('a''b', 1.50, X'00FFFE27'),"
                + " ('c\\\\d', NULL, NULL), ('é', 3, '')");
        }
        Path dump = dump(nodes.port(1), nodes.user(), nodes.password(), "dump_maria", List.of());
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS dump_from_maria");
            SqlFiles.execute(c, "CREATE DATABASE dump_from_maria MODE='auto'");
        }
        load(cluster.port(), "root", "", "dump_from_maria", dump);
        try (Connection c = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            assertEquals(contents(dn, "dump_maria.items"), contents(c, "dump_from_maria.items"));
            SqlFiles.execute(c, "INSERT INTO dump_from_maria.items (name) VALUES ('next')");
            assertEquals(List.of("4"), SqlFiles.rows(c, "SELECT id FROM dump_from_maria.items WHERE name = 'next'"));
        }
    }

    private static int errno(Connection c, String sql) {
        return org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> SqlFiles.execute(c, sql), sql)
            .getErrorCode();
    }

    /** Every row of a table in primary-key order, binary columns in hexadecimal. */
    private static List<String> contents(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (String row : SqlFiles.rows(c, "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = '" + table.split("\\.")[0] + "' AND TABLE_NAME = '" + table.split("\\.")[1]
            + "' ORDER BY ORDINAL_POSITION")) {
            String[] f = row.split(" \\| ");
            columns.add(f[1].contains("blob") || f[1].contains("binary") ? "HEX(`" + f[0] + "`)" : "`" + f[0] + "`");
        }
        List<String> rows = SqlFiles.rows(c, "SELECT " + String.join(", ", columns) + " FROM " + table
            + " ORDER BY 1");
        assertTrue(!rows.isEmpty(), table + " is empty");
        return rows;
    }

    private static Path dump(int port, String user, String password, String db, List<String> options)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mariadb-dump", "-h127.0.0.1", "-P" + port, "-u" + user,
            "--skip-ssl"));
        if (!password.isEmpty()) {
            cmd.add("-p" + password);
        }
        cmd.addAll(options);
        cmd.add(db);
        Path out = Files.createTempFile("dump-" + db, ".sql");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(false).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mariadb-dump timed out");
        assertEquals(0, p.exitValue(), "mariadb-dump " + options + " failed: " + err);
        return out;
    }

    private static void load(int port, String user, String password, String db, Path dump)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mariadb", "-h127.0.0.1", "-P" + port, "-u" + user, "--skip-ssl"));
        if (!password.isEmpty()) {
            cmd.add("-p" + password);
        }
        cmd.add(db);
        Process p = new ProcessBuilder(cmd).redirectInput(dump.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "restore timed out");
        assertEquals(0, p.exitValue(), "restore into " + db + " failed: " + out);
    }
}
