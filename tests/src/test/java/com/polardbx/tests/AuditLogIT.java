package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The audit log: one JSON line per statement of the audited users and databases, literals masked on request,
 * files rotated by size.
 */
class AuditLogIT {
    private static final Pattern LINE = Pattern.compile("\\{\"time\":\"[0-9T:.\\-]+Z\",\"connection_id\":(\\d+),"
        + "\"user\":\"([^\"]*)\",\"host\":\"[^\"]*\",\"db\":(null|\"[^\"]*\"),\"digest\":\"([0-9a-f]{64})\","
        + "\"statement\":\"((?:[^\"\\\\]|\\\\.)*)\",\"duration_us\":\\d+,\"rows_sent\":(\\d+),\"rows_affected\":(\\d+),"
        + "\"errno\":(\\d+),\"transaction_id\":(\\d+)}");

    @Test
    void auditsChosenUsersAndDatabasesAndRotates() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases("audit_db");
        String file = "audit-" + System.nanoTime() + ".log";
        try (Connection root = cluster.connect("audit_db", null)) {
            SqlFiles.execute(root, "CREATE TABLE t (id INT PRIMARY KEY, secret VARCHAR(20))"
                + " PARTITION BY HASH(id) PARTITIONS 2");
            SqlFiles.execute(root, "DROP USER IF EXISTS 'audited'@'%'");
            SqlFiles.execute(root, "CREATE USER 'audited'@'%' IDENTIFIED BY 'pw'");
            SqlFiles.execute(root, "GRANT ALL ON audit_db.* TO 'audited'@'%'");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_file = '" + file + "'");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_users = 'audited'");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_rotate_size = 3000");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_rotations = 3");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log = ON");
            try (Connection user = login(cluster)) {
                SqlFiles.execute(user, "BEGIN");
                SqlFiles.execute(user, "INSERT INTO t VALUES (1, 'plain-1')");
                SqlFiles.execute(user, "COMMIT");
                SqlFiles.rows(root, "SELECT * FROM t WHERE secret = 'root-not-audited'");
                SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_mask_literals = ON");
                SqlFiles.execute(user, "INSERT INTO t VALUES (2, 'masked-2')");
                assertEquals(1146, StatementDigestIT.errno(user, "SELECT * FROM t_missing WHERE secret = 'masked-3'"));
                for (int i = 0; i < 20; i++) {
                    SqlFiles.rows(user, "SELECT secret FROM t WHERE id = " + (i % 3));
                }
            } finally {
                SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log = OFF");
                SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_mask_literals = OFF");
                SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_users = ''");
            }
        }
        Path base = cluster.dataDir().resolve(file);
        List<String> lines = new ArrayList<>();
        for (int i = 3; i >= 1; i--) {
            Path older = base.resolveSibling(file + "." + i);
            if (Files.exists(older)) {
                lines.addAll(Files.readAllLines(older, StandardCharsets.UTF_8));
            }
        }
        lines.addAll(Files.readAllLines(base, StandardCharsets.UTF_8));
        assertTrue(Files.exists(base.resolveSibling(file + ".1")), "rotated at 3000 bytes");
        assertTrue(!Files.exists(base.resolveSibling(file + ".4")), "three older files kept");
        assertTrue(Files.size(base) <= 3000);
        String all = String.join("\n", lines);
        assertTrue(!all.contains("root-not-audited"), "root is not audited");
        assertTrue(!all.contains("masked-"), "literals are masked once asked: " + all);
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "not an audit line: " + line);
            assertEquals("audited", m.group(2));
        }
        // the first statements were kept whole if the oldest file survived; the masked ones are digest texts
        List<String> masked = lines.stream().filter(l -> l.contains("t_missing")).toList();
        assertEquals(1, masked.size(), all);
        Matcher failed = LINE.matcher(masked.get(0));
        assertTrue(failed.matches());
        assertEquals("1146", failed.group(8));
        assertEquals("SELECT * FROM `t_missing` WHERE `secret` = ?", failed.group(5).replace("\\\"", "\""));
        long selects = lines.stream().filter(l -> l.contains("SELECT `secret` FROM `t` WHERE `id` = ?")).count();
        assertTrue(selects > 0 && selects <= 20, "the selects, minus those in deleted files: " + selects);
    }

    @Test
    void auditsByDatabaseAndKeepsTransactionIds() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases("audit_db2");
        String file = "audit-db-" + System.nanoTime() + ".log";
        try (Connection root = cluster.connect(null, null)) {
            SqlFiles.execute(root, "CREATE TABLE audit_db2.t (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 2");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_file = '" + file + "'");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_databases = 'audit_db2'");
            SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log = ON");
            try {
                SqlFiles.execute(root, "INSERT INTO audit_db2.t VALUES (100)"); // no current database: not audited
                SqlFiles.execute(root, "USE audit_db2");
                SqlFiles.execute(root, "BEGIN");
                SqlFiles.execute(root, "INSERT INTO t VALUES (1)");
                SqlFiles.execute(root, "INSERT INTO t VALUES (2)");
                SqlFiles.execute(root, "COMMIT");
            } finally {
                SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log = OFF");
                SqlFiles.execute(root, "SET GLOBAL polardbx_audit_log_databases = ''");
            }
        }
        List<String> lines = Files.readAllLines(cluster.dataDir().resolve(file), StandardCharsets.UTF_8);
        assertTrue(lines.stream().noneMatch(l -> l.contains("(100)")), String.join("\n", lines));
        List<Matcher> inserts = lines.stream().map(LINE::matcher).filter(Matcher::matches)
            .filter(m -> m.group(5).startsWith("INSERT INTO t VALUES")).toList();
        assertEquals(2, inserts.size(), String.join("\n", lines));
        assertEquals("\"audit_db2\"", inserts.get(0).group(3));
        assertTrue(!inserts.get(0).group(9).equals("0"), "inside BEGIN ... COMMIT: a transaction id");
        assertEquals(inserts.get(0).group(9), inserts.get(1).group(9), "one transaction");
        assertEquals("1", inserts.get(0).group(7));
    }

    private static Connection login(TestingCluster cluster) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port()
            + "/audit_db?sslMode=DISABLED&allowPublicKeyRetrieval=true", "audited", "pw");
    }
}
