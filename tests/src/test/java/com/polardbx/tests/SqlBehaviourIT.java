package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DDL, DML, session statements, errors and transactions through the CN, as a MySQL user would use them. */
class SqlBehaviourIT {
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS behave");
            SqlFiles.execute(c, "CREATE DATABASE behave MODE='auto'");
        }
    }

    private static Connection connect() throws SQLException {
        return cluster.connect("behave", null);
    }

    private static void assertError(int errno, String sqlState, Statement st, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql), sql);
        assertEquals(errno, e.getErrorCode(), sql + ": " + e.getMessage());
        assertEquals(sqlState, e.getSQLState(), sql);
    }

    @Test
    void savepointsUndoWorkOnEveryBranchAsOneMariaDbDoes() throws SQLException {
        String[] script = {
            "CREATE TABLE sp (id INT PRIMARY KEY, v INT)", "BEGIN", "INSERT INTO sp VALUES (1, 1)", "SAVEPOINT a",
            "INSERT INTO sp VALUES (2, 2), (3, 3), (4, 4), (5, 5)", "SAVEPOINT b", "UPDATE sp SET v = v * 10",
            "ROLLBACK TO SAVEPOINT b", "DELETE FROM sp WHERE id = 1", "ROLLBACK TO a", "INSERT INTO sp VALUES (9, 9)",
            "RELEASE SAVEPOINT a", "ROLLBACK TO SAVEPOINT a", "COMMIT", "ROLLBACK TO SAVEPOINT a",
            "SELECT id, v FROM sp ORDER BY id", "DROP TABLE sp"};
        try (Connection cn = connect(); Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "CREATE DATABASE IF NOT EXISTS behave_ref");
            SqlFiles.execute(dn, "USE behave_ref");
            SqlFiles.execute(dn, "DROP TABLE IF EXISTS sp");
            for (String sql : script) {
                assertEquals(outcome(dn, sql), outcome(cn, sql), sql);
            }
        }
    }

    /** Rows or the error number of one statement. */
    private static String outcome(Connection c, String sql) {
        try (java.sql.Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return "ok " + st.getUpdateCount();
            }
            return SqlFiles.rows(c, sql).toString();
        } catch (SQLException e) {
            return "error " + e.getErrorCode();
        }
    }

    @Test
    void autoIncrementIsGlobalAndLastInsertIdIsRight() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ai (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 4");
            st.executeUpdate("INSERT INTO ai (v) VALUES (1), (2), (3), (4), (5)", Statement.RETURN_GENERATED_KEYS);
            long first;
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertTrue(keys.next());
                first = keys.getLong(1);
            }
            assertEquals(List.of(String.valueOf(first)), SqlFiles.rows(c, "SELECT LAST_INSERT_ID()"));
            st.execute("INSERT INTO ai (v) VALUES (6)");
            assertEquals(List.of("6 | 6"), SqlFiles.rows(c, "SELECT COUNT(DISTINCT id), COUNT(*) FROM ai"));
            assertEquals(List.of(String.valueOf(first + 5)),
                SqlFiles.rows(c, "SELECT id FROM ai WHERE v = 6"));
        }
    }

    @Test
    void upsertReplaceInsertSelectUpdateDelete() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE acct (id INT PRIMARY KEY, owner VARCHAR(10), bal INT) PARTITION BY KEY(id) PARTITIONS 4");
            assertEquals(3, st.executeUpdate("INSERT INTO acct VALUES (1,'a',10),(2,'b',20),(3,'c',30)"));
            assertEquals(2, st.executeUpdate("INSERT INTO acct VALUES (1,'a',11) ON DUPLICATE KEY UPDATE bal = VALUES(bal)"));
            st.executeUpdate("REPLACE INTO acct VALUES (2,'bb',22)");
            assertEquals(1, st.executeUpdate("INSERT IGNORE INTO acct VALUES (3,'x',0),(4,'d',40)"));
            List<String> warnings = SqlFiles.rows(c, "SHOW WARNINGS");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("Warning | 1062 | Duplicate entry '3'"), warnings.get(0));
            st.execute("DELETE FROM acct WHERE id = 4");
            st.execute("CREATE TABLE acct_copy (id INT PRIMARY KEY, owner VARCHAR(10), bal INT) PARTITION BY HASH(id) PARTITIONS 3");
            assertEquals(3, st.executeUpdate("INSERT INTO acct_copy SELECT * FROM acct"));
            assertEquals(2, st.executeUpdate("UPDATE acct_copy SET bal = bal + 1 WHERE bal > 15"));
            assertEquals(1, st.executeUpdate("UPDATE acct_copy SET owner = 'z' WHERE id = 1"));
            assertEquals(1, st.executeUpdate("DELETE FROM acct_copy WHERE id = 3"));
            assertEquals(List.of("1 | z | 11", "2 | bb | 23"), SqlFiles.rows(c, "SELECT * FROM acct_copy ORDER BY id"));
        }
    }

    @Test
    void updateOfThePartitionKeyMovesRows() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mv (id INT PRIMARY KEY, v VARCHAR(5)) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("INSERT INTO mv VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e'),(6,'f')");
            assertEquals(6, st.executeUpdate("UPDATE mv SET id = id + 100 WHERE id <= 6"));
            assertEquals(List.of("101 | a", "102 | b", "103 | c", "104 | d", "105 | e", "106 | f"),
                SqlFiles.rows(c, "SELECT id, v FROM mv ORDER BY id"));
            for (int id = 101; id <= 106; id++) {
                // a point lookup is routed to one partition: the moved row must be where its new key says
                assertEquals(1, SqlFiles.rows(c, "SELECT v FROM mv WHERE id = " + id).size(), "row " + id);
            }
            assertError(1062, "23000", st, "UPDATE mv SET id = 105 WHERE id = 101");
            assertEquals(List.of("a"), SqlFiles.rows(c, "SELECT v FROM mv WHERE id = 101"));
            // one row matched, none changed: Connector/J sets CLIENT_FOUND_ROWS, so MySQL reports the matched row
            assertEquals(1, st.executeUpdate("UPDATE mv SET id = id WHERE id = 102"));
        }
    }

    /** SQL surface the CN rejects as MariaDB does, or (never a wrong answer) with 1235 where it can't run it. */
    @Test
    void windowRollupAndRecursiveWithErrors() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE sw (id INT PRIMARY KEY, parent INT, g INT) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("INSERT INTO sw VALUES (1, NULL, 1), (2, 1, 1), (3, 2, 2), (4, 3, 2)");
            assertError(4024, "HY000", st, "SELECT id, NTILE(0) OVER (PARTITION BY g ORDER BY id) FROM sw");
            assertError(1221, "HY000", st, "SELECT g, COUNT(*) FROM sw GROUP BY g WITH ROLLUP ORDER BY g");
            assertError(1235, "42000", st, "SELECT id, LAG(id, 1, 0) OVER (ORDER BY id) FROM sw");
            // MariaDB's restriction on recursive parts (standard_compliant_cte): no aggregate over the CTE
            assertError(4008, "HY000", st, "WITH RECURSIVE r AS (SELECT id FROM sw WHERE parent IS NULL UNION ALL"
                + " SELECT MAX(sw.id) FROM sw JOIN r ON sw.parent = r.id) SELECT * FROM r");
            // the connection stays usable after each error
            try (java.sql.ResultSet rs = st.executeQuery(
                "SELECT id, ROW_NUMBER() OVER (PARTITION BY g ORDER BY id DESC) FROM sw ORDER BY id")) {
                StringBuilder rows = new StringBuilder();
                while (rs.next()) {
                    rows.append(rs.getInt(1)).append(':').append(rs.getInt(2)).append(' ');
                }
                assertEquals("1:2 2:1 3:2 4:1 ", rows.toString());
            }
        }
    }

    @Test
    void errorsCarryMysqlNumbers() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE e (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 2");
            st.execute("INSERT INTO e VALUES (1, 1)");
            assertError(1062, "23000", st, "INSERT INTO e VALUES (1, 2)");
            assertError(1146, "42S02", st, "SELECT * FROM nope");
            assertError(1064, "42000", st, "SELEC 1");
            assertError(1054, "42S22", st, "SELECT nope FROM e");
            assertError(1136, "21S01", st, "INSERT INTO e VALUES (2)");
            assertError(1049, "42000", st, "USE nodb");
            assertError(1050, "42S01", st, "CREATE TABLE e (id INT PRIMARY KEY)");
            assertEquals(List.of("1 | 1"), SqlFiles.rows(c, "SELECT * FROM e"));
        }
    }

    @Test
    void showAndDescribeLogicalObjects() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE shown (id INT NOT NULL, name VARCHAR(20) DEFAULT 'x', PRIMARY KEY (id), KEY k_name (name)) "
                + "PARTITION BY HASH(id) PARTITIONS 4");
            assertTrue(SqlFiles.rows(c, "SHOW TABLES").contains("shown"));
            assertTrue(SqlFiles.rows(c, "SHOW DATABASES").contains("behave"));
            List<String> columns = SqlFiles.rows(c, "SHOW COLUMNS FROM shown");
            assertEquals("id | int(11) | NO | PRI | null | ", columns.get(0));
            assertEquals("name | varchar(20) | YES | MUL | x | ", columns.get(1));
            assertEquals(columns, SqlFiles.rows(c, "DESC shown"));
            assertEquals(List.of(columns.get(1)), SqlFiles.rows(c, "DESCRIBE shown name"));
            List<String> create = SqlFiles.rows(c, "SHOW CREATE TABLE shown");
            assertTrue(create.get(0).startsWith("shown | CREATE TABLE `shown`"), create.get(0));
            assertTrue(create.get(0).toUpperCase().contains("PARTITION BY HASH"), create.get(0));
            List<String> index = SqlFiles.rows(c, "SHOW INDEX FROM shown");
            assertTrue(index.get(0).startsWith("shown | 0 | PRIMARY"), index.get(0));
            st.execute("ALTER TABLE shown ADD COLUMN extra INT");
            assertEquals(3, SqlFiles.rows(c, "SHOW COLUMNS FROM shown").size());
            st.execute("INSERT INTO shown (id, extra) VALUES (1, 5)");
            assertEquals(List.of("1 | x | 5"), SqlFiles.rows(c, "SELECT * FROM shown"));
            st.execute("TRUNCATE TABLE shown");
            assertEquals(List.of("0"), SqlFiles.rows(c, "SELECT COUNT(*) FROM shown"));
            st.execute("RENAME TABLE shown TO shown2");
            st.execute("DROP TABLE shown2");
            assertTrue(!SqlFiles.rows(c, "SHOW TABLES").contains("shown2"));
        }
    }

    @Test
    void sessionStatements() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET NAMES utf8mb4");
            st.execute("SET SESSION sql_safe_updates = 0, @x = 42");
            assertEquals(List.of("42 | behave"), SqlFiles.rows(c, "SELECT @x, DATABASE()"));
            assertEquals(List.of("autocommit | ON"), SqlFiles.rows(c, "SHOW VARIABLES LIKE 'autocommit'")
                .stream().map(r -> r.replace("| 1", "| ON")).toList());
            assertTrue(SqlFiles.rows(c, "SHOW PROCESSLIST").size() >= 1);
            assertError(1193, "HY000", st, "SET @@nope = 1");
        }
    }

    @Test
    void setChecksValuesAsMariaDbDoes() throws SQLException {
        String[] script = {"SET autocommit = maybe", "SET autocommit = 2", "SET autocommit = 'ON'",
            "SET foreign_key_checks = 'x'", "SET @@session.wait_timeout = 'x'", "SET wait_timeout = 600",
            "SET sql_mode = 'NOPE'", "SET sql_mode = 'strict_trans_tables,,ansi_quotes,NOPE'",
            "SET sql_mode = 'no_engine_substitution,ANSI_QUOTES,strict_trans_tables'",
            "SELECT @@sql_mode, @@autocommit, @@wait_timeout", "SET sql_mode = ''", "SELECT @@sql_mode",
            "SET sql_mode = DEFAULT", "SET unique_checks = TRUE", "SELECT @@unique_checks"};
        try (Connection cn = connect(); Connection dn = cluster.connectDirect(null)) {
            for (String sql : script) {
                String expected = TestingStatements.outcome(dn, sql);
                assertEquals(expected, TestingStatements.outcome(cn, sql), sql);
            }
        }
    }

    @Test
    void ifExistsClausesLeaveMariaDbsNotes() throws SQLException {
        String[] script = {"CREATE TABLE IF NOT EXISTS notes_t (id INT PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS notes_t (id INT PRIMARY KEY)", "SHOW WARNINGS",
            "DROP TABLE IF EXISTS notes_t, notes_missing", "SHOW WARNINGS", "SELECT * FROM notes_nowhere",
            "DROP TABLE IF EXISTS notes_missing", "SHOW WARNINGS", "CREATE DATABASE IF NOT EXISTS behave", "SHOW WARNINGS",
            "DROP DATABASE IF EXISTS notes_no_db", "SHOW WARNINGS", "DROP VIEW IF EXISTS notes_v", "SHOW WARNINGS",
            "DROP USER IF EXISTS 'notes_nobody'@'%'", "SHOW WARNINGS", "CREATE USER IF NOT EXISTS 'notes_u'@'%'",
            "CREATE USER IF NOT EXISTS 'notes_u'@'%'", "SHOW WARNINGS", "DROP USER 'notes_u'@'%'"};
        try (Connection cn = connect(); Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "CREATE DATABASE IF NOT EXISTS behave");
            SqlFiles.execute(dn, "USE behave");
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DROP USER IF EXISTS 'notes_u'@'%'");
                SqlFiles.execute(c, "DROP TABLE IF EXISTS notes_t");
            }
            for (int i = 0; i < script.length; i++) {
                assertEquals(TestingStatements.outcome(dn, script[i]), TestingStatements.outcome(cn, script[i]),
                    i + ": " + script[i]);
            }
        }
    }

    /** Through the mariadb client (Connector/J's own statements in between hid it): the last error goes. */
    @Test
    void aStatementsWarningsReplaceTheLastOnes() throws Exception {
        String table = "CREATE TABLE warn_u (id INT PRIMARY KEY, email VARCHAR(20), UNIQUE KEY uk_email (email))";
        tableOnBoth("warn_u", table, null);
        String script = "INSERT INTO warn_u VALUES (1, 'a@x'), (2, 'b@x');\nINSERT INTO warn_u VALUES (3, 'A@X');\n"
            + "INSERT IGNORE INTO warn_u VALUES (4, 'b@x');\nSHOW WARNINGS;\nSELECT * FROM warn_nowhere;\n"
            + "INSERT IGNORE INTO warn_u VALUES (5, 'a@x'), (6, 'c@x');\nSHOW WARNINGS;\n"
            + "INSERT INTO warn_u (id, nope) VALUES (9, 1);\nREPLACE INTO warn_u (id, nope) VALUES (9, 1);\n"
            + "SHOW WARNINGS;\n";
        sameOutputOnBoth(script, false);
    }

    /** Warnings a DN raises computing a SELECT's rows or a SET's value reach SHOW WARNINGS and the result's count. */
    @Test
    void warningsOfReadsOnTheDataNodesReachTheClient() throws Exception {
        String table = "CREATE TABLE warn_r (id INT PRIMARY KEY, s VARCHAR(10))";
        tableOnBoth("warn_r", table, HASH4);
        onBoth("INSERT INTO warn_r VALUES (1, 'abc'), (2, 'abc'), (3, '7'), (4, 'abc')");
        String script = "SELECT 1/0;\nSHOW WARNINGS;\nSELECT CAST('x1' AS INT) AS x;\nSHOW WARNINGS;\n"
            + "SELECT id, s + 0 FROM warn_r WHERE id = 1;\nSHOW WARNINGS;\n"
            + "SELECT id, s + 0 FROM warn_r WHERE id IN (1, 2, 4) ORDER BY id;\nSHOW WARNINGS;\nSELECT @@warning_count;\n"
            + "SELECT id FROM warn_r WHERE id = 3;\nSHOW WARNINGS;\nSET @w = 1/0;\nSHOW WARNINGS;\n";
        String viaDn = sameOutputOnBoth(script, true);
        assertTrue(viaDn.contains("Division by 0") && viaDn.contains("Truncated incorrect DOUBLE value"), viaDn);
    }

    /** SELECT ... INTO @v, DO and SET STATEMENT ... FOR answer as MariaDB's (INTO gave the client 2027 before). */
    @Test
    void selectIntoDoAndSetStatementAsMariaDb() throws Exception {
        String table = "CREATE TABLE into_t (id INT PRIMARY KEY, v INT, s VARCHAR(5))";
        tableOnBoth("into_t", table, HASH4);
        onBoth("INSERT INTO into_t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
        String script = "SELECT v, s INTO @v, @s FROM into_t WHERE id = 2;\nSELECT @v, @s;\n"
            + "SELECT v INTO @v FROM into_t WHERE id = 9;\nSHOW WARNINGS;\nSELECT @v;\n"
            + "SELECT v INTO @v FROM into_t WHERE id > 1 ORDER BY id;\nSELECT @v;\n"
            + "SELECT v, id INTO @v FROM into_t WHERE id = 1;\nSELECT v INTO nowhere FROM into_t WHERE id = 1;\n"
            + "SELECT COUNT(*) * 2 INTO @c FROM into_t;\nSELECT 7 INTO @seven;\nSELECT @c, @seven;\n"
            + "DO 1 + 1;\nDO (SELECT COUNT(*) FROM into_t);\nDO @d := 4;\nSELECT @d;\nDO 1/0;\nSHOW WARNINGS;\n"
            + "DO (SELECT COUNT(*) FROM into_missing);\n"
            + "SET STATEMENT div_precision_increment = 1 FOR SELECT 1/3, v/7 FROM into_t WHERE id = 3;\n"
            + "SELECT 1/3;\nSET STATEMENT sql_mode = '' FOR SELECT @@sql_mode;\nSELECT @@sql_mode = '';\n";
        String viaDn = sameOutputOnBoth(script, true);
        assertTrue(viaDn.contains("ERROR 1172") && viaDn.contains("ERROR 1222") && viaDn.contains("1329"), viaDn);
    }

    /** SET SESSION TRANSACTION READ ONLY holds for autocommit writes and DDL too; @@in_transaction follows BEGIN. */
    @Test
    void readOnlySessionsAndInTransactionAsMariaDb() throws Exception {
        String table = "CREATE TABLE ro_t (id INT PRIMARY KEY, v INT)";
        tableOnBoth("ro_t", table, HASH4, "ro_new");
        String script = "SET SESSION TRANSACTION READ ONLY;\nINSERT INTO ro_t VALUES (1, 1);\n"
            + "UPDATE ro_t SET v = 2 WHERE id = 9;\nCREATE TABLE ro_new (x INT);\nSELECT @@tx_read_only;\n"
            + "SELECT COUNT(*) FROM ro_t;\nSET SESSION TRANSACTION READ WRITE;\nINSERT INTO ro_t VALUES (1, 1);\n"
            + "SELECT @@in_transaction;\nBEGIN;\nSELECT @@in_transaction;\nCOMMIT;\nSELECT @@in_transaction;\n"
            + "START TRANSACTION READ ONLY;\nINSERT INTO ro_t VALUES (2, 2);\nSELECT @@in_transaction;\n"
            + "COMMIT;\nSELECT id, v FROM ro_t ORDER BY id;\n";
        String viaDn = sameOutputOnBoth(script, true);
        assertTrue(viaDn.contains("ERROR 1792"), viaDn);
    }

    /** Through the mariadb client: Connector/J would rewrap truncation errors on both sides (22001, its prefix). */
    @Test
    void valuesOutOfRangeGetMariaDbsErrors() throws Exception {
        String table = "CREATE TABLE trunc_t (id INT PRIMARY KEY, u INT UNSIGNED, v VARCHAR(3), n INT, d DATE)";
        String script = "INSERT INTO trunc_t VALUES (1, 5, 'abc', 1, '2020-01-01');\n"
            + "UPDATE trunc_t SET u = u - 10 WHERE id = 1;\nINSERT INTO trunc_t VALUES (2, -1, 'a', 1, NULL);\n"
            + "INSERT INTO trunc_t VALUES (3, 99999999999, 'a', 1, NULL);\nUPDATE trunc_t SET v = 'abcd';\n"
            + "INSERT INTO trunc_t (id, n) VALUES (4, 'x');\nINSERT INTO trunc_t (id, d) VALUES (5, '2020-13-45');\n"
            + "INSERT INTO trunc_t (id, n) VALUES (6, 1e20);\nSELECT id, u, v, n, d FROM trunc_t ORDER BY id;\n";
        tableOnBoth("trunc_t", table, HASH4);
        String viaDn = sameOutputOnBoth(script, false);
        assertTrue(viaDn.contains("ERROR 1264 (22003)") && viaDn.contains("ERROR 1406 (22001)"), viaDn);
    }

    /** Partitioned by HASH(id) into 4 on the CN. */
    private static final String HASH4 = " PARTITION BY HASH(id) PARTITIONS 4";

    /**
     * Creates the table anew on the CN (with {@code cnPlacement} appended when not null) and in the DN's
     * {@code behave} database; {@code alsoDrop} are tables the test creates itself.
     */
    private static void tableOnBoth(String name, String ddl, String cnPlacement, String... alsoDrop) throws SQLException {
        try (Connection cn = connect(); Connection dn = cluster.connectDirect(null)) {
            SqlFiles.execute(dn, "CREATE DATABASE IF NOT EXISTS behave");
            SqlFiles.execute(dn, "USE behave");
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DROP TABLE IF EXISTS " + name);
                for (String other : alsoDrop) {
                    SqlFiles.execute(c, "DROP TABLE IF EXISTS " + other);
                }
            }
            SqlFiles.execute(dn, ddl);
            SqlFiles.execute(cn, cnPlacement == null ? ddl : ddl + cnPlacement);
        }
    }

    /** Runs one statement on the CN and in the DN's {@code behave} database. */
    private static void onBoth(String sql) throws SQLException {
        try (Connection cn = connect(); Connection dn = cluster.connectDirect("behave")) {
            SqlFiles.execute(cn, sql);
            SqlFiles.execute(dn, sql);
        }
    }

    /** The script through the mariadb client on the CN and on the DN: the outputs must be equal; returns the DN's. */
    private static String sameOutputOnBoth(String script, boolean tables) throws Exception {
        List<String> cn = new java.util.ArrayList<>(List.of("-h127.0.0.1", "-P" + cluster.port(), "-uroot"));
        List<String> dn = new java.util.ArrayList<>(List.of("-h127.0.0.1", "-P" + cluster.dataNodes().port(1),
            "-u" + cluster.dataNodes().user(), "-p" + cluster.dataNodes().password()));
        if (tables) {
            cn.add("-t");
            dn.add("-t");
        }
        String viaDn = cli(dn, script);
        assertEquals(viaDn, cli(cn, script));
        return viaDn;
    }

    private static String cli(List<String> target, String script) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("mariadb", "--no-defaults", "--skip-ssl", "-f"));
        command.addAll(target);
        command.add("behave");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
        return out;
    }

    @Test
    void sessionSettingsReachTheDataNodes() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE strict_t (id INT PRIMARY KEY, s VARCHAR(3)) PARTITION BY HASH(id) PARTITIONS 2");
            st.execute("SET time_zone = '+08:00'");
            assertEquals(List.of("+08:00 | 08:00:00"),
                SqlFiles.rows(c, "SELECT @@time_zone, TIMEDIFF(NOW(), UTC_TIMESTAMP())"));
            assertError(1406, "22001", st, "INSERT INTO strict_t VALUES (1, 'toolong')");
            st.execute("SET sql_mode = ''");
            st.execute("INSERT INTO strict_t VALUES (1, 'toolong')");
            assertEquals(List.of("too"), SqlFiles.rows(c, "SELECT s FROM strict_t WHERE id = 1"));
        }
        // the next session must not inherit those settings from a pooled DN connection
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertEquals(List.of("00:00:00"), SqlFiles.rows(c, "SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())"));
            assertError(1406, "22001", st, "INSERT INTO strict_t VALUES (2, 'toolong')");
        }
    }

    @Test
    void killQueryStopsALongStatement() throws Exception {
        try (Connection a = connect(); Connection b = connect()) {
            String id = SqlFiles.rows(a, "SELECT CONNECTION_ID()").get(0);
            java.util.concurrent.CompletableFuture<SQLException> running =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        SqlFiles.rows(a, "SELECT SLEEP(30)");
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                });
            Thread.sleep(1000);
            assertTrue(SqlFiles.rows(b, "SHOW PROCESSLIST").stream().anyMatch(r -> r.contains("SLEEP(30)")));
            SqlFiles.execute(b, "KILL QUERY " + id);
            SQLException killed = running.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(killed != null, "the statement was not interrupted");
            assertEquals(1317, killed.getErrorCode());
            assertEquals(List.of("1"), SqlFiles.rows(a, "SELECT 1"), "the killed query's connection stays usable");
        }
    }

    @Test
    void distributedTransactionCommitAndRollback() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bank (id INT PRIMARY KEY, bal INT) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("INSERT INTO bank VALUES (1,100),(2,100),(3,100),(4,100)");
            c.setAutoCommit(false);
            st.execute("UPDATE bank SET bal = bal - 10 WHERE id = 1");
            st.execute("UPDATE bank SET bal = bal + 10 WHERE id = 2");
            c.rollback();
            st.execute("UPDATE bank SET bal = bal - 30 WHERE id = 3");
            st.execute("UPDATE bank SET bal = bal + 30 WHERE id = 4");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(List.of("1 | 100", "2 | 100", "3 | 70", "4 | 130"),
                SqlFiles.rows(c, "SELECT * FROM bank ORDER BY id"));
        }
    }

    @Test
    void broadcastWriteIsAllOrNothing() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bc (id INT PRIMARY KEY, v INT) BROADCAST");
            st.execute("INSERT INTO bc VALUES (1, 1)");
        }
        // Make the copy on the second DN diverge: a row only there makes the next insert fail on that DN alone.
        String onSecond = physicalTable(2, "bc");
        try (Connection dn1 = cluster.dataNodes().connect(2)) {
            dn1.createStatement().execute("INSERT INTO " + onSecond + " VALUES (2, 2)");
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertError(1062, "23000", st, "INSERT INTO bc VALUES (2, 2), (3, 3)");
        }
        try (Connection dn0 = cluster.dataNodes().connect(1);
             ResultSet rs = dn0.createStatement().executeQuery("SELECT COUNT(*) FROM " + physicalTable(1, "bc"))) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1), "the first DN must not keep the rejected rows");
        }
    }

    /** The physical copy of a logical table on one test MariaDB instance. */
    private static String physicalTable(int instance, String logical) throws SQLException {
        try (Connection dn = cluster.dataNodes().connect(instance);
             ResultSet rs = dn.createStatement().executeQuery(
                 "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema LIKE 'behave%' "
                     + "AND table_name LIKE '" + logical + "\\_%'")) {
            assertTrue(rs.next(), "no physical table for " + logical);
            return "`" + rs.getString(1) + "`.`" + rs.getString(2) + "`";
        }
    }

    @Test
    void disconnectMidTransactionLeavesNoBranch() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE dis (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 4");
            c.setAutoCommit(false);
            st.execute("INSERT INTO dis VALUES (1), (2), (3), (4)");
        }
        Thread.sleep(500);
        for (int dn = 1; dn <= 2; dn++) {
            try (Connection direct = cluster.dataNodes().connect(dn)) {
                assertEquals(List.of(), SqlFiles.rows(direct, "XA RECOVER"));
            }
        }
        try (Connection c = connect()) {
            assertEquals(List.of("0"), SqlFiles.rows(c, "SELECT COUNT(*) FROM dis"));
        }
    }

    @Test
    void explainAnalyzeShowsActualRowsPerOperator() throws SQLException {
        try (Connection c = connect()) {
            SqlFiles.execute(c, "DROP TABLE IF EXISTS ea");
            SqlFiles.execute(c, "CREATE TABLE ea (id INT PRIMARY KEY, g INT) PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(c, "INSERT INTO ea VALUES (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)");
            java.util.List<String> lines = SqlFiles.rows(c,
                "EXPLAIN ANALYZE SELECT g, COUNT(*) FROM ea WHERE id > 1 GROUP BY g ORDER BY g");
            String text = String.join("\n", lines);
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("LogicalView") && text.contains("actual rows="),
                text);
            // the shards return partial groups (at most 3 per shard), the merge 3 groups, 3 rows reach the client
            org.junit.jupiter.api.Assertions.assertTrue(lines.get(lines.size() - 1).startsWith("Total: 3 rows"), text);
            org.junit.jupiter.api.Assertions.assertTrue(lines.get(0).contains("actual rows=3 "), text);
        }
    }

    /** EXPLAIN lists, after the logical plan, the physical statements per DN with the physical table names. */
    @Test
    void explainShowsPhysicalSqlPerDataNode() throws SQLException {
        try (Connection c = connect()) {
            SqlFiles.execute(c, "DROP TABLE IF EXISTS ex");
            SqlFiles.execute(c, "CREATE TABLE ex (id INT PRIMARY KEY, g INT) PARTITION BY HASH(id) PARTITIONS 4");
            String text = String.join("\n", SqlFiles.rows(c, "EXPLAIN SELECT g, COUNT(*) FROM ex GROUP BY g"));
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("PHYSICAL SQL")
                && text.contains("view 1: 4 shard(s) on 2 DN(s)"), text);
            long physical = text.lines().filter(l -> l.startsWith("    SELECT") && l.contains("` AS `ex`")
                && !l.contains("`ex` AS")).count();
            org.junit.jupiter.api.Assertions.assertEquals(4, physical, "one statement per shard on its physical table: "
                + text);
            String pruned = String.join("\n", SqlFiles.rows(c, "EXPLAIN SELECT * FROM ex WHERE id = 3"));
            org.junit.jupiter.api.Assertions.assertTrue(pruned.contains("view 1: 1 shard(s) on 1 DN(s)"), pruned);
        }
    }
}
