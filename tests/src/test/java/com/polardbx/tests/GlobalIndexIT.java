package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Global secondary indexes. Writes through a UNIQUE global index run on the CN and on a plain MariaDB table with
 * the same (local) unique key, and rows, affected counts, errors (errno, SQLSTATE, message) and warnings are compared;
 * after every step {@code CHECK GLOBAL INDEX} must find nothing wrong. Online creation is checked with writers
 * running through the whole build, and with PAUSE / CONTINUE / CANCEL DDL.
 */
class GlobalIndexIT {
    private static final String DB = "gsi_db";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
    }

    private static String gsiDb() {
        return DB;
    }

    private static String run(Connection c, String sql) {
        return TestingStatements.outcome(c, sql);
    }

    private static void assertIndexConsistent(Connection cn, String index, String table) throws SQLException {
        List<String> report = SqlFiles.rows(cn, "CHECK GLOBAL INDEX " + index + " ON " + table);
        assertEquals(1, report.size(), report.toString());
        assertTrue(report.get(0).contains("status") && report.get(0).contains("OK"), report.toString());
    }

    @Test
    void writesThroughUniqueGlobalIndexEqualMariaDb() throws SQLException {
        String ddl = "CREATE TABLE acct (id INT PRIMARY KEY, email VARCHAR(40), name VARCHAR(20), balance INT,"
            + " UNIQUE KEY uk_email (email))";
        List<String> steps = List.of(
            "INSERT INTO acct VALUES (1, 'a@x', 'ann', 10), (2, 'b@x', 'bob', 20), (3, 'c@x', 'cy', 30)",
            "INSERT INTO acct VALUES (4, 'a@x', 'dup', 0)",
            "INSERT INTO acct VALUES (4, 'A@X', 'dup', 0)",
            "INSERT INTO acct VALUES (4, 'new@x', 'dup', 0), (5, 'c@x', 'dup', 0)",
            "INSERT IGNORE INTO acct VALUES (4, 'a@x', 'dup', 0), (5, 'e@x', 'ed', 50)",
            "REPLACE INTO acct VALUES (6, 'b@x', 'bea', 60)",
            "REPLACE INTO acct VALUES (7, 'x@x', 'x', 1), (8, 'x@x', 'y', 2)",
            "UPDATE acct SET email = 'c@x' WHERE id = 1",
            "UPDATE acct SET email = CONCAT(name, '@y') WHERE balance > 20",
            "UPDATE acct SET balance = balance + 1",
            "DELETE FROM acct WHERE id = 3",
            "INSERT INTO acct (id, name) VALUES (9, 'nul'), (10, 'nul2')",
            "DELETE FROM acct WHERE email IS NULL ORDER BY id LIMIT 1",
            "INSERT INTO acct VALUES (11, 'ed@y', 'clash', 0)",
            "INSERT INTO acct VALUES (11, 'ann@y', 'ok', 0) ON DUPLICATE KEY UPDATE balance = balance + 100",
            "INSERT INTO acct VALUES (5, 'ed@y', 'ed', 0) ON DUPLICATE KEY UPDATE balance = balance + 100",
            "SELECT * FROM acct ORDER BY id",
            "SELECT * FROM acct WHERE email = 'e@x'",
            "SELECT id, name FROM acct WHERE email IN ('a@x', 'ED@Y', 'nobody') ORDER BY id",
            "SELECT id FROM acct FORCE INDEX (uk_email) WHERE email = 'x@x'",
            "SELECT COUNT(*) FROM acct IGNORE INDEX (uk_email) WHERE email = 'x@x'");
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, ddl);
            SqlFiles.execute(ref, ddl);
            assertTrue(SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM acct").toString().contains("uk_email"),
                "a UNIQUE key without the partition key must become a unique global index");
            for (String step : steps) {
                assertEquals(run(ref, step), run(cn, step), step);
                assertIndexConsistent(cn, "uk_email", "acct");
            }
            // inside an explicit transaction: a failed statement is undone alone, the rest commits
            SqlFiles.execute(cn, "BEGIN");
            SqlFiles.execute(ref, "BEGIN");
            for (String step : List.of("INSERT INTO acct VALUES (20, 't@x', 't', 0)",
                "INSERT INTO acct VALUES (21, 't@x', 't2', 0), (22, 'u@x', 'u', 0)",
                "UPDATE acct SET email = 'v@x' WHERE id = 20")) {
                assertEquals(run(ref, step), run(cn, step), step);
            }
            SqlFiles.execute(cn, "COMMIT");
            SqlFiles.execute(ref, "COMMIT");
            assertEquals(run(ref, "SELECT * FROM acct ORDER BY id"), run(cn, "SELECT * FROM acct ORDER BY id"));
            assertIndexConsistent(cn, "uk_email", "acct");
        }
    }

    /** Runs each step on the CN and on MariaDB, compares what the clients saw, then checks the index. */
    private static void sameAsMariaDb(List<String> ddl, List<String> steps, String index, String table)
        throws SQLException {
        sameAsMariaDb(ddl, ddl, steps, index, table);
    }

    private static void sameAsMariaDb(List<String> cnDdl, List<String> refDdl, List<String> steps, String index,
                                      String table) throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            stepBesideMariaDb(cn, ref, cnDdl, refDdl, List.of(), Map.of());
            assertTrue(SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM " + table).toString().contains(index));
            stepBesideMariaDb(cn, ref, List.of(), List.of(), steps, Map.of(index, table));
        }
    }

    /**
     * Creates the tables (the CN's DDL and MariaDB's), then runs each step on both, compares what the clients saw, and
     * after each step checks every index (index name to its table) on the CN.
     */
    private static void stepBesideMariaDb(Connection cn, Connection ref, List<String> cnDdl, List<String> refDdl,
                                          List<String> steps, Map<String, String> indexes) throws SQLException {
        for (String d : cnDdl) {
            SqlFiles.execute(cn, d);
        }
        for (String d : refDdl) {
            SqlFiles.execute(ref, d);
        }
        for (String step : steps) {
            assertEquals(run(ref, step), run(cn, step), step);
            for (Map.Entry<String, String> index : indexes.entrySet()) {
                assertIndexConsistent(cn, index.getKey(), index.getValue());
            }
        }
    }

    /**
     * Plain INSERTs whose index rows the CN builds from the statement's values (no read back: defaults, NULLs,
     * AUTO_INCREMENT ids, charsets, binary values, rounding, duplicates found by either write) and INSERTs that must
     * read their rows back (expressions, DEFAULT, trailing spaces, values the DN changes in a partition column of an
     * index, computed defaults, generated columns), strict and not: the same outcome as MariaDB, every index
     * consistent after every statement.
     */
    @Test
    void insertsWithAndWithoutReadingBackEqualMariaDb() throws SQLException {
        String columns = "(id BIGINT AUTO_INCREMENT PRIMARY KEY, k INT, name VARCHAR(12) DEFAULT 'none',"
            + " code CHAR(4) NOT NULL DEFAULT 'ab', l1 VARCHAR(10) CHARACTER SET latin1, b VARBINARY(6),"
            + " amount DECIMAL(8,2) DEFAULT 1.5, note VARCHAR(10), tiny TINYINT,"
            + " made DATETIME DEFAULT CURRENT_TIMESTAMP, twice INT AS (k * 2) PERSISTENT) DEFAULT CHARSET=utf8mb4";
        List<String> cnDdl = List.of("CREATE TABLE ins " + columns + " PARTITION BY KEY (id) PARTITIONS 4",
            "CREATE GLOBAL INDEX g_ins_k ON ins (k) COVERING (name, amount, b)",
            "CREATE UNIQUE GLOBAL INDEX u_ins_name ON ins (name) COVERING (code, l1, note)",
            "CREATE GLOBAL INDEX g_ins_tiny ON ins (tiny) COVERING (amount, code)",
            "CREATE TABLE ins2 (id INT PRIMARY KEY, k INT, at DATETIME DEFAULT CURRENT_TIMESTAMP, twice INT AS (k * 2)"
                + " PERSISTENT) PARTITION BY KEY (id) PARTITIONS 4",
            "CREATE CLUSTERED INDEX c_ins2 ON ins2 (k)");
        List<String> refDdl = List.of("CREATE TABLE ins " + columns, "CREATE INDEX g_ins_k ON ins (k)",
            "CREATE UNIQUE INDEX u_ins_name ON ins (name)", "CREATE INDEX g_ins_tiny ON ins (tiny)",
            "CREATE TABLE ins2 (id INT PRIMARY KEY, k INT, at DATETIME DEFAULT CURRENT_TIMESTAMP, twice INT AS (k * 2)"
                + " PERSISTENT)", "CREATE INDEX c_ins2 ON ins2 (k)");
        List<String> steps = List.of(
            "INSERT INTO ins (k, name) VALUES (1, 'ann')",
            "INSERT INTO ins (id, k, name, code, l1, b, amount, note) VALUES (0, 2, 'Bob', 'xy', 'café', X'00FF10',"
                + " 2.345, NULL)",
            "INSERT INTO ins (id, k, name, l1, b, tiny) VALUES (10, 3, 'ÄÖü', 'Äö', _binary'a\\0b', -128),"
                + " (11, NULL, NULL, NULL, NULL, NULL), (12, 4, 'emoji😀', 'x', X'', 127)",
            "INSERT INTO ins (id, k, name) VALUES (13, 5, 'ANN')",
            "INSERT INTO ins (id, k, name) VALUES (1, 6, 'zed')",
            "INSERT INTO ins (id, k, name) VALUES (1, 6, 'ann')",
            "INSERT INTO ins (id, k, name) VALUES (14, 6, 'p'), (15, 7, 'p')",
            "INSERT INTO ins (id, k, name, code) VALUES (16, 7, 'sp ', 'c ')",
            "INSERT INTO ins (id, k, name) VALUES (19, 10 + 1, CONCAT('c', 'at'))",
            "INSERT INTO ins (id, k, name, amount, code) VALUES (20, 12, 'dflt', DEFAULT, DEFAULT)",
            "INSERT INTO ins (id, k, name, twice) VALUES (21, 13, 'gen', DEFAULT)",
            "INSERT INTO ins (id, k, name, tiny) VALUES (22, '14', '15', '16')",
            "INSERT INTO ins (id, k, name, note) SELECT id + 100, k + 100, CONCAT(name, '2'), 'copied' FROM ins"
                + " WHERE id IN (1, 2, 10)",
            "SET SESSION sql_mode = ''",
            "INSERT INTO ins (id, k, name, tiny) VALUES (30, 30, 'big', 300)",
            "INSERT INTO ins (id, k, name) VALUES (31, 31, 'abcdefghijklmnopq')",
            "INSERT INTO ins (id, k, name, code) VALUES (32, 32, 'n1', 'ok'), (33, 33, 'n2', NULL)",
            "SET SESSION sql_mode = DEFAULT",
            "INSERT INTO ins2 (id, k) VALUES (1, 1), (2, 2)",
            "INSERT INTO ins2 (id, k, at) VALUES (3, 3, '2024-02-29 10:00:00')",
            "SELECT id, k, name, code, l1, HEX(b), amount, note, tiny, twice FROM ins ORDER BY id",
            "SELECT id, k, twice, at IS NOT NULL FROM ins2 ORDER BY id",
            "SELECT id, name FROM ins WHERE name IN ('ann', 'emoji😀', 'ÄÖü', 'abcdefghijkl') ORDER BY id",
            "SELECT id FROM ins WHERE k = 6");
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            stepBesideMariaDb(cn, ref, cnDdl, refDdl, steps, Map.of("g_ins_k", "ins", "u_ins_name", "ins",
                "g_ins_tiny", "ins", "c_ins2", "ins2"));
            // inside a transaction: the failed INSERT is undone alone (both of its writes), the rest commits
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "BEGIN");
            }
            for (String step : List.of("INSERT INTO ins (id, k, name) VALUES (40, 40, 'tx')",
                "INSERT INTO ins (id, k, name) VALUES (41, 41, 'tx')",
                "INSERT INTO ins (id, k, name) VALUES (40, 42, 'tx2')",
                "INSERT INTO ins (id, k, name) VALUES (42, 42, 'tx3')")) {
                assertEquals(run(ref, step), run(cn, step), step);
            }
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "COMMIT");
            }
            String all = "SELECT id, k, name, code, l1, HEX(b), amount, note, tiny FROM ins ORDER BY id";
            assertEquals(run(ref, all), run(cn, all));
            for (String index : List.of("g_ins_k", "u_ins_name", "g_ins_tiny")) {
                assertIndexConsistent(cn, index, "ins");
            }
        }
    }

    /**
     * Single-row autocommit INSERTs into a table with one UNIQUE global index: about half put the row and its index
     * row on one DN (a local transaction there), the others on two (XA); duplicates found by the primary or only by
     * the index undo the whole INSERT either way, as MariaDB's local unique key does.
     */
    @Test
    void singleRowInsertsOnOneOrTwoDataNodesEqualMariaDb() throws SQLException {
        List<String> steps = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            steps.add("INSERT INTO solo VALUES (" + i + ", " + (i * 7) + ", 'r" + i + "')");
        }
        for (int i = 1; i <= 12; i++) {
            steps.add("INSERT INTO solo VALUES (" + i + ", " + (1000 + i) + ", 'dup id')");
            steps.add("INSERT INTO solo VALUES (" + (100 + i) + ", " + (i * 7) + ", 'dup k')");
        }
        steps.add("SELECT * FROM solo ORDER BY id");
        sameAsMariaDb(List.of("CREATE TABLE solo (id INT PRIMARY KEY, k INT, v VARCHAR(10))"
                + " PARTITION BY KEY (id) PARTITIONS 4", "CREATE UNIQUE GLOBAL INDEX u_solo ON solo (k) COVERING (v)"),
            List.of("CREATE TABLE solo (id INT PRIMARY KEY, k INT, v VARCHAR(10), UNIQUE KEY u_solo (k))"), steps,
            "u_solo", "solo");
    }

    /**
     * UPDATEs that change no column an index stores (no index maintenance at all, unless a stored generated or
     * ON UPDATE column changes by itself), and UPDATE/DELETE whose WHERE names the primary keys (no SELECT of the
     * keys first; a DELETE of exactly those keys does not read the rows again): the same as MariaDB, every index
     * consistent after every statement.
     */
    @Test
    void updatesAndDeletesByKeyEqualMariaDb() throws SQLException {
        String one = "CREATE TABLE one (id INT PRIMARY KEY, k INT, v VARCHAR(10), w INT)";
        String two = "CREATE TABLE two (id INT PRIMARY KEY, k INT, w INT, upd TIMESTAMP(6) NULL DEFAULT NULL"
            + " ON UPDATE CURRENT_TIMESTAMP(6), twice INT AS (w * 2) PERSISTENT)";
        String pk2 = "CREATE TABLE pk2 (a INT, b VARCHAR(8), k INT, PRIMARY KEY (a, b))";
        List<String> cnDdl = List.of(one + " PARTITION BY KEY (id) PARTITIONS 4",
            "CREATE GLOBAL INDEX g_one ON one (k) COVERING (v)", two + " PARTITION BY KEY (id) PARTITIONS 4",
            "CREATE GLOBAL INDEX c_two ON two (k) COVERING (twice, upd)", pk2 + " PARTITION BY KEY (a) PARTITIONS 4",
            "CREATE GLOBAL INDEX g_pk2 ON pk2 (k)");
        List<String> refDdl = List.of(one, "CREATE INDEX g_one ON one (k)", two, "CREATE INDEX c_two ON two (k)",
            pk2, "CREATE INDEX g_pk2 ON pk2 (k)");
        List<String> steps = List.of(
            "INSERT INTO one VALUES (1, 10, 'a', 0), (2, 20, 'b', 0), (3, 30, 'c', 0), (4, 40, 'd', 0)",
            "UPDATE one SET w = w + 1 WHERE id = 1",
            "UPDATE one SET w = 5",
            "UPDATE one SET v = 'x' WHERE id IN (1, 2)",
            "UPDATE one SET k = k + 1 WHERE id = 3 AND w > 0",
            "UPDATE one SET k = 99 WHERE id = 42",
            "DELETE FROM one WHERE id = 4",
            "DELETE FROM one WHERE id IN (1, 3) AND k > 20",
            "DELETE FROM one WHERE id = '2'",
            "UPDATE one o SET o.w = 1 WHERE o.id = 1 LIMIT 1",
            "UPDATE one o SET o.k = 11 WHERE o.id = 1",
            "SELECT * FROM one ORDER BY id",
            "INSERT INTO two (id, k, w) VALUES (1, 1, 1), (2, 2, 2)",
            "UPDATE two SET w = 7 WHERE id = 1",
            "UPDATE two SET w = w + 1",
            "SELECT id, k, w, twice, upd IS NOT NULL FROM two ORDER BY id",
            "INSERT INTO pk2 VALUES (1, 'x', 1), (1, 'y', 2), (2, 'x', 3)",
            "DELETE FROM pk2 WHERE a = 1 AND b = 'X'",
            "UPDATE pk2 SET k = 5 WHERE b = 'y' AND a = 1",
            "DELETE FROM pk2 WHERE a = 2 AND b = 'x' AND k = 4",
            "SELECT * FROM pk2 ORDER BY a, b");
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            stepBesideMariaDb(cn, ref, cnDdl, refDdl, steps, Map.of("g_one", "one", "c_two", "two", "g_pk2", "pk2"));
        }
    }

    /** Multi-table UPDATE/DELETE and subqueries over other tables, writing a table with a UNIQUE global index. */
    @Test
    void multiTableWritesAndSubqueriesEqualMariaDb() throws SQLException {
        sameAsMariaDb(List.of(
            "CREATE TABLE m_acct (id INT PRIMARY KEY, email VARCHAR(40), name VARCHAR(20), balance INT,"
                + " UNIQUE KEY uk_m_email (email))",
            "CREATE TABLE m_bonus (id INT PRIMARY KEY, tag VARCHAR(10), amount INT)",
            "INSERT INTO m_acct VALUES (1, 'a@x', 'ann', 10), (2, 'b@x', 'bob', 20), (3, 'c@x', 'cy', 30),"
                + " (4, 'd@x', 'di', 40), (5, 'e@x', 'ed', 50), (6, NULL, 'nul', 60)",
            "INSERT INTO m_bonus VALUES (1, 'one', 1), (2, 'two', 7), (4, 'four', 9), (6, 'six', 2), (9, 'nine', 5)"),
            List.of(
                "UPDATE m_acct a JOIN m_bonus b ON a.id = b.id SET a.email = CONCAT(b.tag, '@m'),"
                    + " a.balance = a.balance + b.amount",
                "UPDATE m_acct a JOIN m_bonus b ON a.id = b.id SET a.email = 'c@x' WHERE b.id = 4",
                "UPDATE m_acct a, m_bonus b SET a.name = b.tag, b.amount = a.balance WHERE a.id = b.id AND b.id < 3",
                "UPDATE m_acct a LEFT JOIN m_bonus b ON a.id = b.id SET a.balance = COALESCE(b.amount, -1)",
                "UPDATE m_acct SET email = CONCAT('sub', id, '@s') WHERE id IN (SELECT id FROM m_bonus"
                    + " WHERE amount > 5)",
                "UPDATE m_acct SET email = 'same@s' WHERE id IN (SELECT id FROM m_bonus WHERE amount > 1)",
                "UPDATE m_acct SET balance = balance * 2 WHERE email IN (SELECT CONCAT(tag, '@m') FROM m_bonus)",
                "DELETE a FROM m_acct a JOIN m_bonus b ON a.id = b.id WHERE b.amount < 3",
                "DELETE FROM m_acct WHERE id IN (SELECT id FROM m_bonus WHERE tag = 'two')",
                "INSERT INTO m_acct VALUES (7, 'nine@m', 'n', 1), (9, 'x@x', 'nn', 9)",
                "DELETE a, b FROM m_acct a JOIN m_bonus b ON a.id = b.id WHERE b.tag = 'nine'",
                "DELETE FROM m_acct USING m_acct JOIN m_bonus ON m_acct.id = m_bonus.id",
                "SELECT * FROM m_acct ORDER BY id",
                "SELECT * FROM m_bonus ORDER BY id",
                "SELECT id FROM m_acct WHERE email = 'c@x'"),
            "uk_m_email", "m_acct");
    }

    /** UPDATE of the primary key of a table with global indexes: the index rows move with their rows. */
    @Test
    void primaryKeyUpdatesMoveIndexRows() throws SQLException {
        sameAsMariaDb(List.of(
            "CREATE TABLE k_acct (id INT PRIMARY KEY, email VARCHAR(40), balance INT, UNIQUE KEY uk_k_email (email))",
            "CREATE TABLE k_src (id INT PRIMARY KEY, delta INT)",
            "INSERT INTO k_acct VALUES (1, 'a@x', 10), (2, 'b@x', 20), (3, 'c@x', 30), (4, NULL, 40), (5, 'e@x', 50)",
            "INSERT INTO k_src VALUES (2, 500), (3, 600)"),
            List.of(
                "UPDATE k_acct SET id = id + 1000 WHERE id = 1",
                "UPDATE k_acct SET id = id + 100, email = CONCAT('m', email) WHERE balance >= 30",
                "UPDATE k_acct SET id = 2 WHERE id = 1001",
                "UPDATE k_acct SET id = 7 WHERE email = 'b@x'",
                "UPDATE k_acct SET balance = balance + 1, id = id * 10 ORDER BY id DESC LIMIT 2",
                "UPDATE k_acct SET id = id + 1 WHERE id = 9999",
                "UPDATE k_acct a JOIN k_src s ON a.id = s.id * 10 SET a.id = a.id + s.delta",
                "UPDATE k_acct SET id = id - 3 WHERE id IN (SELECT id + 1000 FROM k_src WHERE delta > 0)",
                "UPDATE k_acct SET email = 'z@z', id = 11 WHERE id = 7",
                "SELECT * FROM k_acct ORDER BY id",
                "SELECT id FROM k_acct WHERE email = 'mc@x'",
                "SELECT id FROM k_acct WHERE email = 'z@z'"),
            "uk_k_email", "k_acct");
        try (Connection cn = cluster.connect(DB, null)) {
            // the CN reads the new key as 16.5, the DN stores 17: refused and undone, not an index left behind
            List<String> rows = SqlFiles.rows(cn, "SELECT * FROM k_acct ORDER BY id");
            String refused = run(cn, "UPDATE k_acct SET id = id * 1.5 WHERE id = 11");
            assertTrue(refused.startsWith("error 1235 (42000)"), refused);
            assertEquals(rows, SqlFiles.rows(cn, "SELECT * FROM k_acct ORDER BY id"));
            assertIndexConsistent(cn, "uk_k_email", "k_acct");
        }
    }

    /**
     * A table partitioned by a column other than its primary key: key updates that stay on their shard, rows that
     * move between shards, and upserts moving the row they find.
     */
    @Test
    void keyUpdatesOnATablePartitionedByAnotherColumn() throws SQLException {
        String columns = "(id INT, region INT, email VARCHAR(40), balance INT, PRIMARY KEY (id, region)";
        String rows = "INSERT INTO r_acct VALUES (1, 1, 'a@x', 10), (2, 2, 'b@x', 20), (3, 1, 'c@x', 30),"
            + " (4, 3, NULL, 40)";
        sameAsMariaDb(List.of("CREATE TABLE r_acct " + columns + ") PARTITION BY HASH(region) PARTITIONS 4",
                "CREATE UNIQUE GLOBAL INDEX uk_r_email ON r_acct (email)", rows),
            List.of("CREATE TABLE r_acct " + columns + ", UNIQUE KEY uk_r_email (email))", rows),
            List.of(
                "UPDATE r_acct SET id = id + 10 WHERE region = 1",
                "UPDATE r_acct SET region = 5, id = 50 WHERE email = 'b@x'",
                "UPDATE r_acct SET id = 11 WHERE id = 50",
                "INSERT INTO r_acct VALUES (9, 9, 'a@x', 0) ON DUPLICATE KEY UPDATE region = 7, balance = balance + 1",
                "INSERT INTO r_acct VALUES (13, 1, 'zz@x', 0) ON DUPLICATE KEY UPDATE id = 99",
                "INSERT INTO r_acct VALUES (8, 8, 'zz@x', 0), (11, 7, 'yy@x', 5) ON DUPLICATE KEY UPDATE"
                    + " email = VALUES(email)",
                "DELETE a FROM r_acct a JOIN r_acct b ON a.id = b.id + 88",
                "SELECT * FROM r_acct ORDER BY id, region",
                "SELECT id, region FROM r_acct WHERE email = 'a@x'"),
            "uk_r_email", "r_acct");
    }

    /**
     * INSERT ... ON DUPLICATE KEY UPDATE whose new row collides through a UNIQUE global index with another row (or
     * with an earlier row of the same statement): that row is updated, with MySQL's counts and insert ids.
     */
    @Test
    void upsertThroughUniqueGlobalIndexEqualsMariaDb() throws SQLException {
        sameAsMariaDb(List.of(
            "CREATE TABLE u_acct (id INT PRIMARY KEY, email VARCHAR(40), name VARCHAR(20), balance INT,"
                + " UNIQUE KEY uk_u_email (email))",
            "INSERT INTO u_acct VALUES (1, 'a@x', 'ann', 10), (2, 'b@x', 'bob', 20), (3, 'c@x', 'cy', 30)"),
            List.of(
                "INSERT INTO u_acct VALUES (10, 'a@x', 'new', 5) ON DUPLICATE KEY UPDATE"
                    + " balance = balance + VALUES(balance), name = VALUES(name)",
                "INSERT INTO u_acct VALUES (10, 'A@X', 'new', 5) ON DUPLICATE KEY UPDATE name = VALUES(name)",
                "INSERT INTO u_acct (id, email) VALUES (11, 'b@x') ON DUPLICATE KEY UPDATE name = VALUES(name),"
                    + " balance = VALUES(balance)",
                "INSERT INTO u_acct VALUES (12, 'c@x', 'x', 1), (13, 'n@x', 'n', 2), (14, 'n@x', 'n2', 3)"
                    + " ON DUPLICATE KEY UPDATE balance = balance + 100, name = CONCAT(name, '+')",
                "INSERT INTO u_acct VALUES (2, 'c@x', 'pk', 0) ON DUPLICATE KEY UPDATE name = 'by pk'",
                "INSERT INTO u_acct VALUES (15, 'a@x', 'x', 0) ON DUPLICATE KEY UPDATE email = 'c@x'",
                "INSERT INTO u_acct VALUES (15, 'a@x', 'x', 0) ON DUPLICATE KEY UPDATE email = 'moved@x'",
                "INSERT INTO u_acct VALUES (16, 'a@x', 'x', 0), (17, 'moved@x', 'y', 0) ON DUPLICATE KEY UPDATE"
                    + " email = VALUES(email)",
                "INSERT INTO u_acct VALUES (18, NULL, 'nul', 0), (19, NULL, 'nul', 0), (20, 'n@x', 'z', 0)"
                    + " ON DUPLICATE KEY UPDATE balance = -1",
                "INSERT INTO u_acct VALUES (20, 'a@x', 'z', 0) ON DUPLICATE KEY UPDATE id = 21",
                "INSERT INTO u_acct VALUES (21, 'zz@x', 'z', 0), (30, 'b@x', 'q', 0) ON DUPLICATE KEY UPDATE"
                    + " id = id + 100, balance = VALUES(balance) + 7",
                "INSERT INTO u_acct VALUES (40, 'c@x', 'z', 0) ON DUPLICATE KEY UPDATE id = 2",
                "INSERT INTO u_acct VALUES (41, 'n41@x', 'z', 0) ON DUPLICATE KEY UPDATE id = 2",
                "SELECT * FROM u_acct ORDER BY id",
                "SELECT id FROM u_acct WHERE email = 'a@x'"),
            "uk_u_email", "u_acct");
        sameAsMariaDb(List.of(
            "CREATE TABLE u_auto (id BIGINT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(10), n INT,"
                + " UNIQUE KEY uk_u_code (code))",
            "INSERT INTO u_auto (code, n) VALUES ('a', 1), ('b', 2)"),
            List.of(
                "INSERT INTO u_auto (code, n) VALUES ('a', 5) ON DUPLICATE KEY UPDATE n = n + VALUES(n)",
                "SELECT LAST_INSERT_ID()",
                "INSERT INTO u_auto (code, n) VALUES ('b', 2) ON DUPLICATE KEY UPDATE n = VALUES(n)",
                "SELECT LAST_INSERT_ID()",
                "SELECT code, n FROM u_auto ORDER BY code"),
            "uk_u_code", "u_auto");
    }

    @Test
    void readsUseTheIndexAndHintsAreHonoured() throws SQLException {
        try (Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, "CREATE TABLE people (id INT PRIMARY KEY, k INT, v VARCHAR(10))");
            SqlFiles.execute(cn, "INSERT INTO people VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 10, 'c')");
            SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_k ON people (k) COVERING (v)");
            // three rows: by cost a scan of the shards; FORCE INDEX reads through the index all the same
            String plan = String.join("\n", SqlFiles.rows(cn,
                "EXPLAIN SELECT * FROM people FORCE INDEX (g_k) WHERE k IN (10, 20, 30)"));
            assertTrue(plan.contains("GlobalIndexLookup(index=[g_k]") && plan.contains("cost=["), plan);
            String forced = String.join("\n", SqlFiles.rows(cn,
                "EXPLAIN SELECT * FROM people FORCE INDEX (PRIMARY) WHERE k = 10"));
            assertFalse(forced.contains("GlobalIndex"), forced);
            String ignored = String.join("\n", SqlFiles.rows(cn,
                "EXPLAIN SELECT * FROM people IGNORE INDEX (g_k) WHERE k = 10"));
            assertFalse(ignored.contains("GlobalIndex"), ignored);
            assertEquals(List.of("1 | 10 | a", "3 | 10 | c"), SqlFiles.rows(cn,
                "SELECT * FROM people WHERE k = 10 ORDER BY id"));
            assertEquals(List.of("1 | 10 | a", "3 | 10 | c"), SqlFiles.rows(cn,
                "SELECT * FROM people FORCE INDEX (g_k) WHERE k = 10 ORDER BY id"));
            assertEquals(List.of(), SqlFiles.rows(cn, "SELECT * FROM people WHERE k = 10 AND v = 'b'"));
            assertEquals(List.of(), SqlFiles.rows(cn, "SELECT * FROM people WHERE k = 99"));
            // the index stores k, v and id: it answers alone, and clients see the table's own names
            String covering = String.join("\n", SqlFiles.rows(cn, "EXPLAIN SELECT id, v FROM people WHERE k = 10"));
            assertTrue(covering.contains("GlobalIndexScan(index=[g_k]") && covering.contains("covering=[true]"),
                covering);
            assertEquals(List.of("1 | a", "3 | c"), SqlFiles.rows(cn,
                "SELECT p.id, v FROM people p WHERE p.k = 10 ORDER BY v"));
            try (Statement st = cn.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT id, v FROM people WHERE k = 20")) {
                assertEquals("people", rs.getMetaData().getTableName(2));
                assertEquals(gsiDb(), rs.getMetaData().getCatalogName(2));
                assertTrue(rs.next());
                assertEquals("b", rs.getString(2));
            }
            SqlFiles.execute(cn, "UPDATE people SET v = 'bb' WHERE id = 2");
            assertEquals(List.of("2 | bb"), SqlFiles.rows(cn, "SELECT id, v FROM people WHERE k = 20"));
        }
    }

    @Test
    void ddlCatalogAndErrors() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE items (id INT PRIMARY KEY, sku VARCHAR(20), price INT, note TEXT,"
                + " CLUSTERED INDEX c_price (price), GLOBAL INDEX g_sku (sku) COVERING (price)"
                + " PARTITION BY KEY (sku) PARTITIONS 4, LOCAL KEY l_price (price))");
            SqlFiles.execute(cn, "INSERT INTO items VALUES (1, 's1', 5, 'n1'), (2, 's2', 7, NULL)");
            List<String> globals = SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM items");
            assertEquals(2, globals.size(), globals.toString());
            assertTrue(globals.get(0).contains("c_price") && globals.get(0).contains("CLUSTERED"), globals.toString());
            assertTrue(globals.get(1).contains("g_sku") && globals.get(1).contains("| 4 | PUBLIC"), globals.toString());
            assertEquals(List.of("c_price | CLUSTERED | PUBLIC", "g_sku | GLOBAL | PUBLIC"), SqlFiles.rows(cn,
                "SELECT INDEX_NAME, INDEX_TYPE, STATUS FROM information_schema.GLOBAL_INDEXES"
                    + " WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME = 'items' ORDER BY INDEX_NAME"));
            List<String> keys = SqlFiles.rows(cn, "SHOW INDEX FROM items");
            assertTrue(keys.stream().anyMatch(k -> k.contains("l_price") && k.contains("BTREE")), keys.toString());
            assertTrue(keys.stream().anyMatch(k -> k.contains("g_sku") && k.contains("GLOBAL")), keys.toString());
            // the hidden index tables are nobody's tables
            assertEquals(SqlFiles.rows(cn, "SHOW TABLES"), SqlFiles.rows(cn, "SELECT TABLE_NAME FROM"
                + " information_schema.TABLES WHERE TABLE_SCHEMA = '" + DB + "' ORDER BY TABLE_NAME"));
            assertFalse(SqlFiles.rows(cn, "SHOW TABLES").stream().anyMatch(t -> t.contains("$")));
            // SHOW CREATE TABLE loads into MariaDB (the global indexes are in a CN-only comment) and into a CN
            String create = SqlFiles.rows(cn, "SHOW CREATE TABLE items").get(0).split(" \\| ", 2)[1];
            assertTrue(create.contains("GLOBAL INDEX `g_sku` (`sku`) COVERING (`price`)"), create);
            SqlFiles.execute(ref, create);
            SqlFiles.execute(cn, create.replace("CREATE TABLE `items`", "CREATE TABLE `items_copy`"));
            assertEquals(2, SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM items_copy").size());
            // UPDATE of a covered column and of a clustered one keeps the indexes in step
            SqlFiles.execute(cn, "UPDATE items SET price = price * 2, note = 'changed' WHERE id = 1");
            assertIndexConsistent(cn, "c_price", "items");
            assertIndexConsistent(cn, "g_sku", "items");
            assertEquals(List.of("1 | s1 | 10 | changed"), SqlFiles.rows(cn, "SELECT * FROM items WHERE price = 10"));

            assertEquals("error 1061 (42000) Duplicate key name 'g_sku'",
                run(cn, "CREATE GLOBAL INDEX g_sku ON items (price)"));
            assertEquals("error 1072 (42000) Key column 'nope' doesn't exist in table",
                run(cn, "CREATE GLOBAL INDEX g_nope ON items (nope)"));
            SqlFiles.execute(cn, "CREATE TABLE codes (id INT PRIMARY KEY, v INT) BROADCAST");
            assertTrue(run(cn, "CREATE GLOBAL INDEX g_v ON codes (v)").startsWith("error 1235"));
            // a UNIQUE index over duplicates fails with 1062 and leaves the table as it was
            SqlFiles.execute(cn, "INSERT INTO items VALUES (3, 's3', 7, NULL)");
            String dup = run(cn, "CREATE UNIQUE GLOBAL INDEX u_price ON items (price)");
            assertTrue(dup.startsWith("error 1062 (23000) Duplicate entry '7' for key 'u_price'"), dup);
            assertEquals(2, SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM items").size());
            assertEquals("affected 1", run(cn, "INSERT INTO items VALUES (4, 's4', 7, NULL)"));
            SqlFiles.execute(cn, "ALTER TABLE items RENAME INDEX g_sku TO g_sku2");
            SqlFiles.execute(cn, "DROP INDEX c_price ON items");
            SqlFiles.execute(cn, "ALTER TABLE items DROP INDEX g_sku2");
            assertEquals(List.of(), SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM items"));
            assertEquals(run(ref, "ALTER TABLE items DROP INDEX g_sku2"), run(cn, "ALTER TABLE items DROP INDEX g_sku2"));
            assertEquals(4, SqlFiles.rows(cn, "SELECT * FROM items").size());
            SqlFiles.execute(cn, "TRUNCATE TABLE items_copy");
            SqlFiles.execute(cn, "DROP TABLE items_copy");
        }
    }

    /** Writers insert, move and delete rows through the whole CREATE GLOBAL INDEX; nothing is missed or invented. */
    @Test
    void onlineCreationUnderConcurrentWrites() throws Exception {
        try (Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, "CREATE TABLE busy (id INT PRIMARY KEY, k INT, v VARCHAR(20))");
            StringBuilder rows = new StringBuilder("INSERT INTO busy VALUES ");
            for (int i = 1; i <= 3000; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 97).append(", 'v")
                    .append(i).append("')");
            }
            SqlFiles.execute(cn, rows.toString());
            SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 1500"); // ~2 s of backfill
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int seed = w;
                writers.add(CompletableFuture.runAsync(() -> write(seed, stop, writes)));
            }
            try {
                Thread.sleep(200);
                SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_busy ON busy (k) COVERING (v)");
                Thread.sleep(200);
            } finally {
                stop.set(true);
                for (CompletableFuture<Void> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 0");
            }
            assertTrue(writes.get() > 20, "the writers barely ran: " + writes.get());
            assertIndexConsistent(cn, "g_busy", "busy");
            for (int k : new int[] {0, 5, 42, 96, 500}) {
                assertEquals(SqlFiles.rows(cn, "SELECT * FROM busy FORCE INDEX (PRIMARY) WHERE k = " + k
                    + " ORDER BY id"), SqlFiles.rows(cn, "SELECT * FROM busy FORCE INDEX (g_busy) WHERE k = " + k
                    + " ORDER BY id"));
            }
            List<String> jobs = SqlFiles.rows(cn, "SHOW DDL");
            assertTrue(jobs.stream().anyMatch(j -> j.contains("g_busy") && j.contains("DONE")), jobs.toString());
        }
    }

    /**
     * Concurrent autocommit INSERT IGNOREs of new keys into the same gaps (a nearly empty table with a global index):
     * MariaDB never deadlocks there (insert intention locks do not conflict), so neither may the CN, although its
     * read of the existing rows before the write locks those gaps.
     */
    @Test
    void concurrentInsertIgnoresIntoOneGapNeverDeadlock() throws Exception {
        String table = "CREATE TABLE gaps (id INT PRIMARY KEY, k INT, KEY kk (k))";
        try (Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "CREATE DATABASE IF NOT EXISTS gsi_ref");
            SqlFiles.execute(dn, "DROP TABLE IF EXISTS gsi_ref.gaps");
            SqlFiles.execute(dn, table.replace("gaps", "gsi_ref.gaps"));
        }
        assertTrue(insertIgnoresFor(1500, () -> cluster.connectDirect("gsi_ref")) > 100, "MariaDB barely ran");
        try (Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, table);
            assertTrue(insertIgnoresFor(3000, () -> cluster.connect(DB, null)) > 100, "the CN barely ran");
            assertIndexConsistent(cn, "kk", "gaps");
        }
    }

    /** Three writers' INSERT IGNOREs of random new keys into gaps for a while; any error fails; how many ran. */
    private static long insertIgnoresFor(long millis, java.util.concurrent.Callable<Connection> connect)
        throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int seed = w;
            writers.add(CompletableFuture.runAsync(() -> {
                Random random = new Random(seed);
                try (Connection c = connect.call()) {
                    while (!stop.get()) {
                        int id = random.nextInt(100_000);
                        SqlFiles.execute(c, "INSERT IGNORE INTO gaps VALUES (" + id + ", " + id % 7 + ")");
                        writes.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getErrorCode() + " " + e.getMessage(), e);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep(millis);
        stop.set(true);
        for (CompletableFuture<Void> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        return writes.get();
    }

    private static void write(int seed, AtomicBoolean stop, AtomicLong writes) {
        Random random = new Random(seed);
        try (Connection c = cluster.connect(DB, null)) {
            while (!stop.get()) {
                int id = 1 + random.nextInt(4000);
                String sql = switch (random.nextInt(3)) {
                    case 0 -> "INSERT IGNORE INTO busy VALUES (" + id + ", " + random.nextInt(97) + ", 'w')";
                    case 1 -> "UPDATE busy SET k = " + random.nextInt(97) + ", v = 'u" + seed + "' WHERE id = " + id;
                    default -> "DELETE FROM busy WHERE id = " + id;
                };
                SqlFiles.execute(c, sql);
                writes.incrementAndGet();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pauseContinueAndCancel() throws Exception {
        try (Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, "CREATE TABLE slow (id INT PRIMARY KEY, k INT)");
            StringBuilder rows = new StringBuilder("INSERT INTO slow VALUES ");
            for (int i = 1; i <= 2000; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i).append(')');
            }
            SqlFiles.execute(cn, rows.toString());
            SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 400");
            try {
                CompletableFuture<String> create = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = cluster.connect(DB, null)) {
                        return run(c, "CREATE UNIQUE GLOBAL INDEX g_slow ON slow (k)");
                    } catch (SQLException e) {
                        return e.toString();
                    }
                });
                long job = runningJob(cn, "g_slow");
                SqlFiles.execute(cn, "PAUSE DDL " + job);
                String paused = create.get(60, TimeUnit.SECONDS);
                assertTrue(paused.contains("paused"), paused);
                assertTrue(SqlFiles.rows(cn, "SHOW DDL").stream().anyMatch(j -> j.startsWith(job + " | ")
                    && j.contains("PAUSED")));
                // writes go on while it is paused, into the index too
                SqlFiles.execute(cn, "UPDATE slow SET k = k + 10000 WHERE id <= 10");
                SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 0");
                SqlFiles.execute(cn, "CONTINUE DDL " + job);
                assertTrue(SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM slow").get(0).endsWith("PUBLIC"));
                assertIndexConsistent(cn, "g_slow", "slow");

                SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 400");
                CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = cluster.connect(DB, null)) {
                        return run(c, "CREATE GLOBAL INDEX g_slow2 ON slow (k)");
                    } catch (SQLException e) {
                        return e.toString();
                    }
                });
                long job2 = runningJob(cn, "g_slow2");
                SqlFiles.execute(cn, "CANCEL DDL " + job2);
                String cancelled = second.get(60, TimeUnit.SECONDS);
                assertTrue(cancelled.contains("cancelled"), cancelled);
                assertEquals(1, SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM slow").size());
            } finally {
                SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 0");
            }
        }
    }

    /** Waits until the CREATE naming {@code index} is backfilling; returns its job id. */
    private static long runningJob(Connection cn, String index) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (String j : SqlFiles.rows(cn, "SHOW DDL")) {
                if (j.contains(index + " ") && j.contains("RUNNING") && j.matches(".*BACKFILL [1-9][0-9]* rows.*")) {
                    return Long.parseLong(j.split(" \\| ")[0]);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no running backfill of " + index + ": " + SqlFiles.rows(cn, "SHOW DDL"));
    }

    /**
     * Bank through an index: transfers move balance between rows and move rows between index keys (two rows swap
     * keys in one transaction); readers sum the balances of every key through the index and through the primary.
     * Every read must see the constant total: an index row without its row, or the reverse, would change it.
     */
    @Test
    void readsThroughTheIndexSeeOneSnapshot() throws Exception {
        try (Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, "CREATE TABLE bank (id INT PRIMARY KEY, k INT, balance INT)");
            StringBuilder rows = new StringBuilder("INSERT INTO bank VALUES ");
            for (int i = 1; i <= 40; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 8).append(", 100)");
            }
            SqlFiles.execute(cn, rows.toString());
            SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_bank ON bank (k) COVERING (balance)");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong transfers = new AtomicLong();
            CompletableFuture<Void> mover = CompletableFuture.runAsync(() -> {
                Random random = new Random(7);
                try (Connection c = cluster.connect(DB, null)) {
                    while (!stop.get()) {
                        int a = 1 + random.nextInt(40);
                        int b = 1 + random.nextInt(40);
                        if (a == b) {
                            continue;
                        }
                        c.setAutoCommit(false);
                        SqlFiles.execute(c, "UPDATE bank SET balance = balance - 5 WHERE id = " + a);
                        SqlFiles.execute(c, "UPDATE bank SET balance = balance + 5 WHERE id = " + b);
                        int ka = Integer.parseInt(SqlFiles.rows(c, "SELECT k FROM bank WHERE id = " + a).get(0));
                        int kb = Integer.parseInt(SqlFiles.rows(c, "SELECT k FROM bank WHERE id = " + b).get(0));
                        SqlFiles.execute(c, "UPDATE bank SET k = " + kb + " WHERE id = " + a);
                        SqlFiles.execute(c, "UPDATE bank SET k = " + ka + " WHERE id = " + b);
                        c.commit();
                        c.setAutoCommit(true);
                        transfers.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            String keys = "(0, 1, 2, 3, 4, 5, 6, 7)";
            int reads = 0;
            try {
                // as many reads as it takes to overlap a number of transfers, however slow the machine is today
                long until = System.currentTimeMillis() + 90_000;
                while ((reads < 15 || transfers.get() < 10) && System.currentTimeMillis() < until) {
                    assertEquals(List.of("4000 | 40"), SqlFiles.rows(cn,
                        "SELECT SUM(balance), COUNT(*) FROM bank FORCE INDEX (g_bank) WHERE k IN " + keys),
                        "through the index");
                    assertEquals(List.of("4000 | 40"), SqlFiles.rows(cn,
                        "SELECT SUM(balance), COUNT(*) FROM bank FORCE INDEX (PRIMARY) WHERE k IN " + keys));
                    SqlFiles.execute(cn, "BEGIN");
                    assertEquals(List.of("4000 | 40"), SqlFiles.rows(cn,
                        "SELECT SUM(balance), COUNT(*) FROM bank FORCE INDEX (g_bank) WHERE k IN " + keys),
                        "in a transaction");
                    SqlFiles.execute(cn, "COMMIT");
                    reads++;
                }
            } finally {
                stop.set(true);
                mover.get(60, TimeUnit.SECONDS);
            }
            assertTrue(transfers.get() > 10 && reads > 10, transfers.get() + " transfers, " + reads + " reads");
            String plan = String.join("\n", SqlFiles.rows(cn,
                "EXPLAIN SELECT SUM(balance) FROM bank FORCE INDEX (g_bank) WHERE k IN " + keys));
            assertTrue(plan.contains("GlobalIndexLookup(index=[g_bank]"), plan);
            assertIndexConsistent(cn, "g_bank", "bank");
        }
    }

    /** Index rows are copies of the primary's values, byte for byte, for every column type. */
    @Test
    void everyTypeIsCopiedExactly() throws SQLException {
        String ddl = "CREATE TABLE typed (id BIGINT PRIMARY KEY, k INT, d DATETIME(6), t TIME(3), y YEAR, dt DATE,"
            + " ts TIMESTAMP(2) NULL, dec1 DECIMAL(20,6), f FLOAT, dbl DOUBLE, b BIT(10), bin VARBINARY(8),"
            + " fixed BINARY(4), e ENUM('x','y'), st SET('a','b','c'), j JSON, lat VARCHAR(10) CHARACTER SET latin1,"
            + " u VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, blobby BLOB, txt TEXT, big BIGINT UNSIGNED)";
        String values = "INSERT INTO typed VALUES (1, 5, '2024-02-29 23:59:59.123456', '-838:59:59.999', 2155,"
            + " '0001-01-01', '2038-01-19 03:14:07.99', -12345678901234.123456, 0.1, 1e308, b'1010101010',"
            + " X'00FF10', X'01', 'y', 'a,c', '{\"a\": [1, 2.5, null]}', 'caf\u00e9', 'x\u1F600y', X'00010203FF', 'text',"
            + " 18446744073709551615), (2, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), (3, 6, '1000-01-01 00:00:00', '00:00:00', 1901,"
            + " '9999-12-31', '1970-01-01 00:00:01', 0, -3.4e38, -0.0, b'0', X'', X'', 'x', '', '[]', '', '', X'', '',"
            + " 0)";
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "SET time_zone = '+00:00'");
            SqlFiles.execute(ref, "SET time_zone = '+00:00'");
            SqlFiles.execute(cn, ddl);
            SqlFiles.execute(ref, ddl);
            SqlFiles.execute(cn, values);
            SqlFiles.execute(ref, values);
            SqlFiles.execute(cn, "CREATE CLUSTERED INDEX c_typed ON typed (k)");
            assertIndexConsistent(cn, "c_typed", "typed");
            SqlFiles.execute(cn, "UPDATE typed SET k = 7 WHERE id IN (1, 3)"); // every column copied again
            SqlFiles.execute(ref, "UPDATE typed SET k = 7 WHERE id IN (1, 3)");
            assertIndexConsistent(cn, "c_typed", "typed");
            for (String q : List.of("SELECT * FROM typed WHERE k = 7 ORDER BY id", "SELECT * FROM typed WHERE k = 5",
                "SELECT HEX(b), HEX(bin), HEX(fixed), HEX(blobby), HEX(lat), HEX(u) FROM typed WHERE k = 7 ORDER BY id")) {
                assertEquals(run(ref, q), run(cn, q), q);
            }
        }
    }

    /**
     * Two CNs: writers on the second CN run through a CREATE GLOBAL INDEX issued on the first. Each state is
     * acknowledged by both CNs before the next, so the second CN maintains the index from the moment it may hold
     * rows, and nothing is missing at the end.
     */
    @Test
    void anotherCnWritesThroughTheStates() throws Exception {
        try (com.polardbx.server.PolarDbxServer second = cluster.startAnotherCn("cngsi2");
             Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, "CREATE TABLE shared (id INT PRIMARY KEY, k INT, v VARCHAR(20))");
            StringBuilder rows = new StringBuilder("INSERT INTO shared VALUES ");
            for (int i = 1; i <= 2000; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 31).append(", 'v')");
            }
            SqlFiles.execute(cn, rows.toString());
            Thread.sleep(300); // the second CN loads the new table
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                Random random = new Random(11);
                try (Connection c = java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + second.port()
                    + "/" + DB + "?sslMode=DISABLED", "root", "")) {
                    while (!stop.get()) {
                        int id = 1 + random.nextInt(2500);
                        SqlFiles.execute(c, switch (random.nextInt(3)) {
                            case 0 -> "INSERT IGNORE INTO shared VALUES (" + id + ", " + random.nextInt(31) + ", 'w')";
                            case 1 -> "UPDATE shared SET k = " + random.nextInt(31) + " WHERE id = " + id;
                            default -> "DELETE FROM shared WHERE id = " + id;
                        });
                        writes.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 2000");
                Thread.sleep(200);
                SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_shared ON shared (k) COVERING (v)");
                Thread.sleep(300);
            } finally {
                stop.set(true);
                writer.get(60, TimeUnit.SECONDS);
                SqlFiles.execute(cn, "SET GLOBAL gsi_backfill_speed = 0");
            }
            assertTrue(writes.get() > 5, "the second CN barely wrote: " + writes.get());
            assertIndexConsistent(cn, "g_shared", "shared");
        }
    }

    /**
     * {@code auto_partition_global_index}, PolarDB-X's auto-mode rule, on by default: the plain keys of a table
     * without a partition clause, and later CREATE INDEX / ADD INDEX, are global ({@code LOCAL} keeps one local, a
     * key on the partition key stays local); switched off per session they are local. Whatever they are, the table
     * describes itself as MariaDB describes the same table (SHOW COLUMNS, information_schema) and writes and reads
     * give MariaDB's results.
     */
    @Test
    void plainIndexesOfAutoPartitionedTablesAreGlobalByDefault() throws SQLException {
        String table = "CREATE TABLE autog (id INT PRIMARY KEY, a INT, b INT, c INT, u VARCHAR(10), KEY ka (a),"
            + " LOCAL KEY lb (b), KEY kid (id), UNIQUE KEY uu (u))";
        List<String> indexes = List.of("CREATE INDEX kc ON autog (c)", "ALTER TABLE autog ADD INDEX kac (a, c)",
            "ALTER TABLE autog ADD COLUMN d INT, ADD INDEX kd (d)");
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(null)) {
            assertEquals(List.of("1"), SqlFiles.rows(cn, "SELECT @@auto_partition_global_index"));
            SqlFiles.execute(dn, "CREATE DATABASE IF NOT EXISTS gsi_ref");
            SqlFiles.execute(dn, "USE gsi_ref");
            SqlFiles.execute(dn, "DROP TABLE IF EXISTS autog");
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, c == dn ? table.replace("LOCAL KEY", "KEY") : table);
                for (String sql : indexes) {
                    SqlFiles.execute(c, sql);
                }
            }
            SqlFiles.execute(cn, "CREATE TABLE explicit_p (id INT PRIMARY KEY, a INT, KEY ka (a))"
                + " PARTITION BY KEY (id) PARTITIONS 4");
            SqlFiles.execute(cn, "SET auto_partition_global_index = OFF");
            SqlFiles.execute(cn, "CREATE INDEX kbc ON autog (b, c)");
            SqlFiles.execute(cn, "SET auto_partition_global_index = ON");
            SqlFiles.execute(dn, "CREATE INDEX kbc ON autog (b, c)");
            List<String> globals = SqlFiles.rows(cn, "SELECT INDEX_NAME FROM information_schema.GLOBAL_INDEXES"
                + " WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME IN ('autog', 'explicit_p') ORDER BY INDEX_NAME");
            assertEquals(List.of("ka", "kac", "kc", "kd", "uu"), globals, "LOCAL, a key on the partition key, an explicitly"
                + " partitioned table and the setting turned off keep indexes local");
            assertEquals(5, SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM autog").size());
            List<String> shown = SqlFiles.rows(cn, "SHOW INDEX FROM autog");
            assertTrue(shown.stream().anyMatch(r -> r.contains("| lb |") && r.contains("BTREE")), shown.toString());
            assertTrue(shown.stream().anyMatch(r -> r.contains("| kbc |") && r.contains("BTREE")), shown.toString());
            assertTrue(shown.stream().anyMatch(r -> r.contains("| ka |") && r.contains("GLOBAL")), shown.toString());
            for (String sql : List.of("SHOW COLUMNS FROM autog", "DESC autog",
                "SELECT COLUMN_NAME, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 'autog' ORDER BY ORDINAL_POSITION",
                "SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'autog' ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'autog' ORDER BY CONSTRAINT_NAME")) {
                assertEquals(SqlFiles.rows(dn, sql), SqlFiles.rows(cn, sql), sql);
            }
            for (String sql : List.of("INSERT INTO autog VALUES (1, 10, 20, 30, 'x', 1), (2, 10, 21, 31, 'y', 2)",
                "INSERT INTO autog VALUES (3, 11, 22, 32, 'x', 3)", "UPDATE autog SET a = 12, u = 'z' WHERE id = 2",
                "SELECT id FROM autog WHERE a = 10 ORDER BY id", "SELECT id, c FROM autog WHERE u = 'z'",
                "SELECT id FROM autog WHERE c = 30")) {
                assertEquals(run(dn, sql), run(cn, sql), sql);
            }
            for (String index : globals) {
                assertIndexConsistent(cn, index, "autog");
            }
            // SHOW CREATE TABLE: MariaDB's text (global keys as plain keys, no placement); FULLTEXT and prefix keys
            // stay local
            String plain = "CREATE TABLE autos (id INT PRIMARY KEY, a INT, u INT, t TEXT, KEY ka (a),"
                + " UNIQUE KEY uu (u), FULLTEXT KEY ft (t), KEY kau (a, u))";
            SqlFiles.execute(dn, "DROP TABLE IF EXISTS autos");
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, plain);
            }
            SqlFiles.execute(cn, "CREATE TABLE autop (id INT PRIMARY KEY, s VARCHAR(40), KEY sp (s(4)))");
            assertEquals(List.of("ka", "kau", "uu"), SqlFiles.rows(cn, "SELECT INDEX_NAME FROM"
                + " information_schema.GLOBAL_INDEXES WHERE TABLE_SCHEMA = '" + DB + "'"
                + " AND TABLE_NAME IN ('autos', 'autop') ORDER BY INDEX_NAME"));
            assertEquals(SqlFiles.rows(dn, "SHOW CREATE TABLE autos"), SqlFiles.rows(cn, "SHOW CREATE TABLE autos"));
            // CREATE TABLE ... LIKE copies the keys, the global ones too
            SqlFiles.execute(dn, "DROP TABLE IF EXISTS autos_copy");
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "CREATE TABLE autos_copy LIKE autos");
            }
            assertEquals(SqlFiles.rows(dn, "SHOW CREATE TABLE autos_copy"),
                SqlFiles.rows(cn, "SHOW CREATE TABLE autos_copy"));
            assertEquals(3, SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM autos_copy").size());
        }
    }

    /**
     * Damage done to an index behind the CN's back (on a DN directly): a read through the index misses what it
     * lost while FORCE INDEX (PRIMARY) still finds it; CHECK GLOBAL INDEX reports the missing, orphan and mismatched
     * rows; CORRECTION_BASED_ON_PRIMARY repairs them.
     */
    @Test
    void checkFindsAndRepairsDamage() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(cn, "CREATE TABLE dmg (id INT PRIMARY KEY, k INT, v VARCHAR(10))");
            StringBuilder rows = new StringBuilder("INSERT INTO dmg VALUES ");
            for (int i = 1; i <= 40; i++) {
                rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i).append(", 'v")
                    .append(i).append("')");
            }
            SqlFiles.execute(cn, rows.toString());
            SqlFiles.execute(cn, "CREATE GLOBAL INDEX g_dmg ON dmg (k) COVERING (v)");
            List<String> shards = SqlFiles.rows(dn, "SELECT CONCAT('`', table_schema, '`.`', table_name, '`')"
                + " FROM information_schema.tables WHERE table_schema LIKE '" + DB + "\\_p%'"
                + " AND table_name LIKE 'g\\_dmg%' ORDER BY table_name");
            assertFalse(shards.isEmpty(), "no index shard on the first DN");
            String lost = null;
            String changed = null;
            for (String shard : shards) {
                List<String> ks = SqlFiles.rows(dn, "SELECT k FROM " + shard + " ORDER BY k");
                if (ks.size() >= 2 && lost == null) {
                    lost = ks.get(0);
                    changed = ks.get(1);
                    SqlFiles.execute(dn, "DELETE FROM " + shard + " WHERE k = " + lost);
                    SqlFiles.execute(dn, "UPDATE " + shard + " SET v = 'wrong' WHERE k = " + changed);
                    SqlFiles.execute(dn, "INSERT INTO " + shard + " (k, id, v) VALUES (999, 999, 'ghost')");
                }
            }
            assertTrue(lost != null, "no index shard with two rows on the first DN: " + shards);
            assertEquals(List.of(), SqlFiles.rows(cn, "SELECT id FROM dmg FORCE INDEX (g_dmg) WHERE k = " + lost),
                "the read went through the damaged index");
            assertEquals(List.of(lost), SqlFiles.rows(cn, "SELECT id FROM dmg FORCE INDEX (PRIMARY) WHERE k = " + lost),
                "FORCE INDEX (PRIMARY) must read the table itself");
            assertEquals(List.of(lost), SqlFiles.rows(cn, "SELECT id FROM dmg IGNORE INDEX (g_dmg) WHERE k = " + lost));
            List<String> report = SqlFiles.rows(cn, "CHECK GLOBAL INDEX g_dmg ON dmg");
            assertTrue(report.contains(DB + ".dmg | g_dmg | MISSING | primary key (" + lost + ")"), report.toString());
            assertTrue(report.contains(DB + ".dmg | g_dmg | MISMATCH | primary key (" + changed + ")"),
                report.toString());
            assertTrue(report.contains(DB + ".dmg | g_dmg | ORPHAN | primary key (999)"), report.toString());
            assertEquals(DB + ".dmg | g_dmg | status | 1 missing, 1 orphan, 1 mismatched", report.get(report.size() - 1));
            assertEquals(DB + ".dmg | g_dmg | status | 1 missing, 1 orphan, 1 mismatched; corrected from the primary",
                SqlFiles.rows(cn, "CHECK GLOBAL INDEX g_dmg ON dmg CORRECTION_BASED_ON_PRIMARY").get(3));
            assertIndexConsistent(cn, "g_dmg", "dmg");
            assertEquals(List.of(lost + " | v" + lost), SqlFiles.rows(cn, "SELECT id, v FROM dmg WHERE k = " + lost));
            assertEquals(List.of("v" + changed), SqlFiles.rows(cn, "SELECT v FROM dmg WHERE k = " + changed));
        }
    }
}
