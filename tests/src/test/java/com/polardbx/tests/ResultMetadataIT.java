package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Result column definitions as the {@code mariadb} client prints them ({@code --column-type-info}), for the same
 * queries over the same rows through the CN (partitioned, broadcast and single tables; single-shard, scatter and
 * CN-computed plans) and on a plain MariaDB: table columns and expressions (operators, functions, aggregates and
 * literals, their lengths included) must match in every field, by the text and the binary protocol, and a column
 * read through a table alias names the alias. Known differences left out: the flags of columns MariaDB sorts or
 * groups through a temporary table (it drops key flags and BINARY, calls a grouped VARCHAR NUM, types MAX of an
 * ENUM STRING with the ENUM flag, and sets decimals 0 for strings), and a derived table's name (MariaDB names the
 * subquery's alias as table and org_table).
 */
class ResultMetadataIT {
    private static final String DB = "resmeta";
    private static final String TABLE = "(id INT PRIMARY KEY, d DECIMAL(10,2), v VARCHAR(20), dt DATETIME(3), "
        + "b TINYINT(1), j JSON, big BIGINT UNSIGNED, f FLOAT, dbl DOUBLE, txt TEXT, a VARCHAR(5) COLLATE utf8mb4_bin, "
        + "l VARCHAR(5) CHARACTER SET latin1, e ENUM('x','y'), c CHAR(3), vb VARBINARY(8), bl BLOB, n INT NOT NULL)";
    private static final String ROWS = "(1, 1.5, 'abc', '2020-01-01 00:00:00.123', 1, '{\"a\":1}', 5, 1.5, 2.5, 'x', "
        + "'A', 'l', 'x', 'c', 0x01, 0x02, 7), (2, 2.25, 'de', '2021-01-01', 0, '[1]', 7, 2.5, 3.5, 'yy', 'b', 'm', 'y', "
        + "'cc', 0xFF, 0x00, 8), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
        + "NULL, NULL, 9)";
    private static final String ALL = "id, d, v, dt, b, j, big, f, dbl, txt, a, l, e, c, vb, bl, n";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        try (Connection cn = cluster.connect(DB, "");
             Connection dn = cluster.connectDirect(DB)) {
            for (String t : List.of("p", "bc", "s")) {
                String kind = switch (t) {
                    case "p" -> " PARTITION BY KEY(id) PARTITIONS 4";
                    case "bc" -> " BROADCAST";
                    default -> " SINGLE";
                };
                SqlFiles.execute(cn, "CREATE TABLE " + t + " " + TABLE + kind);
                SqlFiles.execute(cn, "INSERT INTO " + t + " VALUES " + ROWS);
                SqlFiles.execute(dn, "CREATE TABLE " + t + " " + TABLE);
                SqlFiles.execute(dn, "INSERT INTO " + t + " VALUES " + ROWS);
            }
        }
    }

    @Test
    void tableColumnsMatchMariaDbInEveryField() throws Exception {
        for (String t : List.of("p", "bc", "s")) {
            compare("SELECT " + ALL + " FROM " + t + " WHERE id = 1");
            compare("SELECT * FROM " + t + " ORDER BY id");
            compare("SELECT " + ALL + " FROM " + t + " WHERE n > 7 ORDER BY id DESC");
        }
        // no ORDER BY: MariaDB sorting a join through a temporary table drops the key flags of its columns
        compare("SELECT p.id, p.v, bc.dt, s.e FROM p JOIN bc ON p.id = bc.id JOIN s ON s.id = p.id");
        compare("SELECT p.id, s.v, s.big FROM p LEFT JOIN s ON s.id = p.id + 1");
    }

    /** Plain keys of an auto-partitioned table are global indexes on the CN: their columns carry MariaDB's key flags. */
    @Test
    void columnsOfGlobalIndexesHaveTheKeyFlagsOfMariaDbsKeys() throws Exception {
        String table = "CREATE TABLE gk (id INT PRIMARY KEY, k INT, u VARCHAR(10), m INT NOT NULL, w INT,"
            + " KEY k_k (k), UNIQUE KEY u_u (u), KEY k_mw (m, w))";
        try (Connection cn = cluster.connect(DB, ""); Connection dn = cluster.connectDirect(DB)) {
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DROP TABLE IF EXISTS gk");
                SqlFiles.execute(c, table);
                SqlFiles.execute(c, "INSERT INTO gk VALUES (1, 10, 'a', 5, 6), (2, 20, 'b', 7, 8)");
            }
            assertEquals(List.of("k_k", "k_mw", "u_u"), SqlFiles.rows(cn, "SELECT INDEX_NAME FROM"
                + " information_schema.GLOBAL_INDEXES WHERE TABLE_SCHEMA = '" + DB + "' ORDER BY INDEX_NAME"));
        }
        compare("SELECT id, k, u, m, w FROM gk WHERE id = 1");
        compare("SELECT id, k, u, m, w FROM gk WHERE id > 0");
    }

    @Test
    void expressionsMatchMariaDbInEveryField() {
        List<String> queries = new ArrayList<>();
        queries.add("SELECT SUM(d), AVG(d), MAX(v), MIN(dt), SUM(big), AVG(f), CONCAT(v, 'x'), d * 2, n + 1, UPPER(v), "
            + "LENGTH(v), COALESCE(v, 'q'), IFNULL(d, 0), SUM(n), MAX(b), DATE(dt), ROUND(d, 1), n DIV 2, n / 3, "
            + "MAX(vb), 'lit', 1.5 FROM p GROUP BY id ORDER BY id");
        queries.add("SELECT COUNT(*), SUM(n), MAX(dt), MIN(a), AVG(n) FROM p");
        for (String t : List.of("p", "bc", "s")) {
            String where = t.equals("p") ? " ORDER BY id" : " WHERE id = 1";
            queries.add("SELECT n % 4, n * 2, CONCAT(v, n), dt + INTERVAL 1 DAY, d / 2, UPPER(a), id + 1, n > 1, "
                + "YEAR(dt), -n, -d, n * d, f + 1, dbl * 2, f / 2, MONTH(dt), CAST(dt AS DATE), CAST(d AS CHAR), "
                + "CAST(n AS CHAR), CONCAT(v, vb), CONCAT(l, v), CONCAT(d, dt), COALESCE(d, n), "
                + "CASE WHEN n > 7 THEN v ELSE 'zz' END, IF(n > 7, 1, 2.5), ROUND(d), TRUNCATE(d, 1), ABS(d), "
                + "LOWER(l), CHAR_LENGTH(v), 'abc', 0.001, 1 + 1, v IS NULL, NULL, CONCAT(txt, 'x'), UPPER(txt), "
                + "UPPER(c), COALESCE(c, v) FROM " + t + where);
            queries.add("SELECT COUNT(*), COUNT(v), SUM(n), SUM(d), SUM(big), SUM(f), SUM(dbl), AVG(n), AVG(d), "
                + "AVG(f), AVG(dbl), MIN(b), MAX(b), MAX(n), MAX(id), MAX(big), MIN(d), MAX(f), MAX(dbl), MAX(v), MIN(c), "
                + "MAX(l), MAX(txt), MAX(vb), MAX(bl), MIN(e), MAX(e), MIN(dt), SUM(d * 2), AVG(n + 1), MAX(CONCAT(v, 'a')), "
                + "GROUP_CONCAT(v ORDER BY id) FROM " + t);
        }
        // computed by the CN: over a join across shards, and over aggregates (no GROUP BY over a join: MariaDB groups
        // that through a temporary table, and drops flags)
        queries.add("SELECT p.n + bc.n, CONCAT(p.v, bc.c), p.d * bc.n, IF(s.n > 7, s.e, p.v) FROM p JOIN bc "
            + "ON p.id = bc.id JOIN s ON s.id = p.id");
        queries.add("SELECT SUM(n) + 1, COUNT(*) * 2, AVG(d) / 3, CONCAT(MAX(v), MIN(c)), MAX(n) - MIN(n) FROM p");
        org.junit.jupiter.api.Assertions.assertAll(queries.stream().map(q -> () -> compare(q)));
    }

    @Test
    void aliasedTablesAreNamedByTheirAlias() throws Exception {
        for (String t : List.of("p", "bc", "s")) {
            compare("SELECT t1.id, t2.v, t1.n FROM " + t + " t1 JOIN " + t + " t2 ON t2.id = t1.id + 1");
            compare("SELECT x.id, x.e FROM " + t + " x WHERE x.id = 2");
        }
        compare("SELECT a.id, b.v, c.dt FROM p a JOIN bc b ON a.id = b.id JOIN s c ON c.id = a.id");
    }

    @Test
    void preparedStatementsGetTheSameColumns() throws Exception {
        // mysqli prepares on the server and reads the rows in the binary protocol
        List<String> queries = List.of("SELECT " + ALL + " FROM p WHERE id = 1",
            "SELECT t1.id, t2.v FROM bc t1 JOIN bc t2 ON t2.id = t1.id + 1",
            "SELECT n % 4, CONCAT(v, n), d / 2, id + 1, CAST(n AS CHAR), IF(n > 7, 1, 2.5), 'abc' FROM s WHERE id = 1",
            "SELECT n % 4, CONCAT(v, n), d / 2, id + 1, CAST(n AS CHAR), IF(n > 7, 1, 2.5), 'abc' FROM p ORDER BY id",
            "SELECT COUNT(*), SUM(n), AVG(d), MAX(v), MIN(e), MAX(dt), SUM(f) FROM p");
        List<String> command = new ArrayList<>(List.of("php", "src/test/clients/metadata.php", "127.0.0.1"));
        List<String> cn = new ArrayList<>(command);
        cn.addAll(List.of(String.valueOf(cluster.port()), "root", "", DB));
        cn.addAll(queries);
        List<String> dn = new ArrayList<>(command);
        dn.addAll(List.of(String.valueOf(cluster.dataNodes().port(1)), cluster.dataNodes().user(),
            cluster.dataNodes().password(), DB));
        dn.addAll(queries);
        assertEquals(run(dn), run(cn));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Runs {@code sql} through the CN and on MariaDB and compares the column definitions and the rows printed. */
    private static void compare(String sql) throws Exception {
        String cn = cli(List.of("-h127.0.0.1", "-P" + cluster.port(), "-uroot"), sql);
        String dn = cli(List.of("-h127.0.0.1", "-P" + cluster.dataNodes().port(1), "-u"
            + cluster.dataNodes().user(), "-p" + cluster.dataNodes().password()), sql);
        List<Map<String, String>> cnColumns = columns(cn);
        List<Map<String, String>> dnColumns = columns(dn);
        assertTrue(!dnColumns.isEmpty(), dn);
        assertEquals(dnColumns.size(), cnColumns.size(), sql + "\n" + cn);
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (int i = 0; i < dnColumns.size(); i++) {
            Map<String, String> expected = new LinkedHashMap<>(dnColumns.get(i));
            Map<String, String> actual = new LinkedHashMap<>(cnColumns.get(i));
            // MariaDB tells clients that ask for its extended metadata that a BLOB holds JSON; the CN does not
            // offer that capability, and sends what MariaDB sends a client without it
            expected.computeIfPresent("Type", (k, v) -> v.replace(" (format=json)", ""));
            String column = sql + ": column " + (i + 1);
            checks.add(() -> assertEquals(expected, actual, column));
        }
        checks.add(() -> assertEquals(rows(dn), rows(cn), sql));
        org.junit.jupiter.api.Assertions.assertAll(checks); // every column that differs, not only the first

    }

    private static List<String> rows(String out) {
        return out.lines().filter(l -> l.startsWith("|")).sorted().toList();
    }

    private static String cli(List<String> target, String sql) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults", "--skip-ssl",
            "--default-character-set=utf8mb4", "-t", "--column-type-info"));
        command.addAll(target);
        command.addAll(List.of(DB, "-e", sql));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "mariadb CLI timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z_]+)(?: +\\d+)?: +(.*)$");

    private static List<Map<String, String>> columns(String out) {
        List<Map<String, String>> columns = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) {
                continue;
            }
            if (m.group(1).equals("Field")) {
                columns.add(new LinkedHashMap<>());
            }
            columns.get(columns.size() - 1).put(m.group(1), m.group(2).trim());
        }
        return columns;
    }
}
