package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.bench.compat.CompatMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/polardbx compat} on a captured MariaDB general log: the schema is built in a scratch database, every
 * statement shape is run once and reported as supported, refused (with the CN's errno) or different from the
 * source MariaDB.
 */
class CompatReportIT {
    private static final String GENERAL_LOG = String.join("\n",
        "/usr/sbin/mariadbd, Version: 10.11.6-MariaDB-log (Debian). started with:",
        "Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock",
        "Time                 Id Command  Argument",
        "261207 17:00:01     12 Connect\tapp@localhost on compat_src using TCP/IP",
        "\t\t     12 Query\tSELECT id, name FROM customers WHERE id = 3",
        "\t\t     12 Query\tSELECT id, name FROM customers WHERE id = 7",
        "\t\t     12 Query\tSELECT c.name, SUM(o.amount) FROM customers c JOIN orders o ON o.customer_id = c.id",
        "GROUP BY c.name ORDER BY c.name",
        "\t\t     12 Query\tINSERT INTO orders VALUES (100, 1, 9.50)",
        "\t\t     12 Query\tCREATE TEMPORARY TABLE tmp_o (id INT)",
        "\t\t     12 Query\tSELECT @@port",
        "\t\t     12 Query\tUPDATE orders SET amount = amount + 1 WHERE customer_id = 2",
        "\t\t     12 Quit\t", "");

    @Test
    void reportsEachStatementShapeOnceWithItsOutcome() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "DROP DATABASE IF EXISTS compat_src");
            SqlFiles.execute(dn, "CREATE DATABASE compat_src");
            SqlFiles.execute(dn, "CREATE TABLE compat_src.customers (id INT PRIMARY KEY, name VARCHAR(20))");
            SqlFiles.execute(dn, "CREATE TABLE compat_src.orders (id INT PRIMARY KEY, customer_id INT,"
                + " amount DECIMAL(8,2))");
        }
        Path dir = Files.createTempDirectory("compat");
        Path log = dir.resolve("general.log");
        Files.writeString(log, GENERAL_LOG, StandardCharsets.UTF_8);
        Path out = dir.resolve("report");
        var nodes = cluster.dataNodes();
        assertEquals(0, CompatMain.run("--host", "127.0.0.1", "--port", String.valueOf(cluster.port()),
            "--schema", "127.0.0.1:" + nodes.port(1) + "/compat_src", "--source-user", nodes.user(),
            "--source-password", nodes.password(), "--out", out.toString(), log.toString()));

        List<String> csv = Files.readAllLines(out.resolve("report.csv"));
        // one record per shape (the two point selects are one); a quoted example may span lines
        assertEquals(6, csv.stream().filter(l -> l.matches("^[0-9a-f]{64},.*")).count(), csv.toString());
        assertTrue(line(csv, "WHERE `id` = ?").startsWith("2,\"supported\""), csv.toString());
        assertTrue(line(csv, "SUM").contains("\"supported\""), csv.toString());
        assertTrue(line(csv, "INSERT INTO `orders`").contains("\"supported\""), csv.toString());
        assertTrue(line(csv, "CREATE TEMPORARY TABLE").contains("\"refused\",1235,"), csv.toString());
        // the CN answers about itself, MariaDB about itself: the report shows the difference
        assertTrue(line(csv, "@@port").contains("\"differs\""), csv.toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<li>refused: 1</li>") && html.contains("<li>supported: 4</li>"), html);
        try (Connection c = cluster.connect(null, null)) {
            assertTrue(SqlFiles.rows(c, "SHOW DATABASES LIKE 'compat\\_%'").isEmpty(), "scratch database dropped");
        }
    }

    /** The CSV line of the shape whose digest text contains {@code fragment}, without the digest column. */
    private static String line(List<String> csv, String fragment) {
        return csv.stream().filter(l -> l.contains(fragment)).findFirst()
            .map(l -> l.substring(l.indexOf(',') + 1)).orElse("missing: " + fragment);
    }
}
