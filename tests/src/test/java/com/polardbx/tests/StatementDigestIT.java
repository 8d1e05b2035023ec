package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STATEMENT_DIGEST(), STATEMENT_DIGEST_TEXT() (MySQL 8's, which MariaDB lacks) and
 * performance_schema.events_statements_summary_by_digest after a known workload, checked against what MariaDB
 * returns for the same statements and refuses to the same accounts.
 */
class StatementDigestIT {
    private static final String DIGEST_TABLE = "performance_schema.events_statements_summary_by_digest";

    @Test
    void digestFunctionsAnswerAsMySql8() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection cn = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            // MySQL 8.0 manual, STATEMENT_DIGEST_TEXT(): the same statement, the same normalised text
            SqlFiles.execute(cn, "SET @stmt = 'SELECT * FROM mytable WHERE cola = 10 AND colb = 20'");
            assertEquals(List.of("SELECT * FROM `mytable` WHERE `cola` = ? AND `colb` = ?"),
                SqlFiles.rows(cn, "SELECT STATEMENT_DIGEST_TEXT(@stmt)"));
            assertEquals(List.of("SELECT * FROM `foo`"), SqlFiles.rows(cn, "SELECT statement_digest_text('SELECT * FROM foo')"));
            List<String> digests = SqlFiles.rows(cn, "SELECT STATEMENT_DIGEST('SELECT v FROM t WHERE id = 1'),"
                + " STATEMENT_DIGEST('select v from t where id=2'), STATEMENT_DIGEST('SELECT v FROM t WHERE id > 1'),"
                + " STATEMENT_DIGEST(NULL)");
            String[] d = digests.get(0).split(" \\| ");
            assertTrue(d[0].matches("[0-9a-f]{64}"), d[0]);
            assertEquals(d[0], d[1], "literals and spacing do not change the digest");
            assertTrue(!d[0].equals(d[2]), "another operator is another digest");
            assertEquals("null", d[3]);
            // MariaDB 10.11 has neither function: the CN answers what its DNs can't
            assertEquals(1305, errno(dn, "SELECT STATEMENT_DIGEST_TEXT('SELECT 1')"));
        }
    }

    @Test
    void digestTableSummarisesAKnownWorkload() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases("digest_db");
        String[] setup = {"CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)"};
        try (Connection cn = cluster.connect("digest_db", null); Connection dn = cluster.connectDirect("digest_db")) {
            SqlFiles.execute(cn, setup[0] + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(dn, setup[0]);
            SqlFiles.execute(cn, setup[1]);
            SqlFiles.execute(dn, setup[1]);
            SqlFiles.execute(cn, "TRUNCATE TABLE " + DIGEST_TABLE);
            int[] ids = {1, 2, 3, 4, 5};
            long expectedRows = 0;
            for (int id : ids) {
                String sql = "SELECT v FROM t WHERE id = " + id;
                assertEquals(SqlFiles.rows(dn, sql), SqlFiles.rows(cn, sql));
                expectedRows += SqlFiles.rows(dn, sql).size();
            }
            long inRows = 0;
            for (String sql : List.of("SELECT * FROM t WHERE id IN (1, 2)", "select * from t where id in (3,4,5,6)")) {
                assertEquals(SqlFiles.rows(dn, sql).size(), SqlFiles.rows(cn, sql).size());
                inRows += SqlFiles.rows(dn, sql).size();
            }
            long affected = 0;
            for (int id = 10; id < 13; id++) {
                try (Statement st = cn.createStatement()) {
                    affected += st.executeUpdate("INSERT INTO t VALUES (" + id + ", " + id + ")");
                }
            }
            assertEquals(1146, errno(cn, "SELECT * FROM missing_table WHERE id = 1"));

            List<String> rows = SqlFiles.rows(cn, "SELECT DIGEST_TEXT, COUNT_STAR, SUM_ROWS_SENT, SUM_ROWS_AFFECTED,"
                + " SUM_ERRORS FROM " + DIGEST_TABLE + " WHERE SCHEMA_NAME = 'digest_db'"
                + " AND DIGEST_TEXT NOT LIKE '%performance_schema%' ORDER BY DIGEST_TEXT");
            assertEquals(List.of(
                "INSERT INTO `t` VALUES (...) | 3 | 0 | " + affected + " | 0",
                "SELECT * FROM `missing_table` WHERE `id` = ? | 1 | 0 | 0 | 1",
                "SELECT * FROM `t` WHERE `id` IN (...) | 2 | " + inRows + " | 0 | 0",
                "SELECT `v` FROM `t` WHERE `id` = ? | 5 | " + expectedRows + " | 0 | 0"), rows);

            try (Statement st = cn.createStatement(); ResultSet rs = st.executeQuery("SELECT DIGEST, MIN_TIMER_WAIT,"
                + " AVG_TIMER_WAIT, MAX_TIMER_WAIT, SUM_TIMER_WAIT, QUANTILE_95, QUANTILE_99, FIRST_SEEN <= LAST_SEEN,"
                + " STATEMENT_DIGEST('SELECT v FROM t WHERE id = 42') FROM " + DIGEST_TABLE
                + " WHERE SCHEMA_NAME = 'digest_db' AND DIGEST_TEXT = 'SELECT `v` FROM `t` WHERE `id` = ?'")) {
                assertTrue(rs.next());
                assertEquals(rs.getString(9), rs.getString(1), "DIGEST is STATEMENT_DIGEST of the statement");
                long min = rs.getLong(2);
                long avg = rs.getLong(3);
                long max = rs.getLong(4);
                long sum = rs.getLong(5);
                assertTrue(0 < min && min <= avg && avg <= max && max <= sum, min + " " + avg + " " + max + " " + sum);
                assertTrue(sum >= 5_000_000L, "picoseconds: five statements take more than 5 microseconds: " + sum);
                assertTrue(rs.getLong(6) >= min && rs.getLong(7) >= rs.getLong(6), "quantiles are ordered");
                assertEquals(1, rs.getInt(8));
            }

            SqlFiles.execute(cn, "TRUNCATE TABLE " + DIGEST_TABLE);
            assertEquals(List.of("0"), SqlFiles.rows(cn, "SELECT COUNT(*) FROM " + DIGEST_TABLE
                + " WHERE DIGEST_TEXT LIKE '%`t`%'"));
        }
    }

    /**
     * QUERY_SAMPLE_TEXT is MySQL's: the slowest statement of the digest, with its start and wait, replaced by a
     * faster one only once it is older than performance_schema_max_digest_sample_age seconds.
     */
    @Test
    void querySampleIsTheSlowestStatementUntilItGetsOld() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection cn = cluster.connect(null, null)) {
            SqlFiles.execute(cn, "TRUNCATE TABLE " + DIGEST_TABLE);
            SqlFiles.rows(cn, "SELECT SLEEP(0.3), 'slow sample'");
            SqlFiles.rows(cn, "SELECT SLEEP(0), 'fast'");
            String sample = "SELECT QUERY_SAMPLE_TEXT, COUNT_STAR, QUERY_SAMPLE_TIMER_WAIT = MAX_TIMER_WAIT,"
                + " QUERY_SAMPLE_TIMER_WAIT >= 300000000000, QUERY_SAMPLE_SEEN = FIRST_SEEN FROM " + DIGEST_TABLE
                + " WHERE DIGEST_TEXT = STATEMENT_DIGEST_TEXT('SELECT SLEEP(1), 2')";
            assertEquals(List.of("SELECT SLEEP(0.3), 'slow sample' | 2 | 1 | 1 | 1"), SqlFiles.rows(cn, sample));
            SqlFiles.execute(cn, "SET GLOBAL performance_schema_max_digest_sample_age = 1");
            try {
                Thread.sleep(1_100);
                SqlFiles.rows(cn, "SELECT SLEEP(0), 'newer'");
                assertEquals(List.of("SELECT SLEEP(0), 'newer' | 3 | 0 | 0 | 0"), SqlFiles.rows(cn, sample));
            } finally {
                SqlFiles.execute(cn, "SET GLOBAL performance_schema_max_digest_sample_age = 60");
            }
        }
    }

    @Test
    void digestTableIsBounded() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection cn = cluster.connect(null, null)) {
            SqlFiles.execute(cn, "TRUNCATE TABLE " + DIGEST_TABLE);
            SqlFiles.execute(cn, "SET GLOBAL performance_schema_digests_size = 3");
            try {
                for (int i = 1; i <= 6; i++) {
                    SqlFiles.rows(cn, "SELECT " + "1 + ".repeat(i) + "1");
                }
                // three digests have rows, the others were counted in the row without a digest, as in MySQL
                assertEquals(List.of("4", "1"), SqlFiles.rows(cn, "SELECT COUNT(*), SUM(DIGEST IS NULL) FROM "
                    + DIGEST_TABLE).get(0).lines().flatMap(l -> List.of(l.split(" \\| ")).stream()).toList());
            } finally {
                SqlFiles.execute(cn, "SET GLOBAL performance_schema_digests_size = 10000");
                SqlFiles.execute(cn, "TRUNCATE TABLE " + DIGEST_TABLE);
            }
        }
    }

    @Test
    void privilegesAreMySqls() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection cn = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "DROP USER IF EXISTS 'ps_reader'@'%'");
                SqlFiles.execute(c, "CREATE USER 'ps_reader'@'%' IDENTIFIED BY 'pw'");
                SqlFiles.execute(c, "GRANT SELECT ON mysql.* TO 'ps_reader'@'%'");
            }
        }
        String query = "SELECT COUNT(*) FROM " + DIGEST_TABLE;
        try (Connection cn = login(cluster, "ps_reader"); Connection dn = loginDirect(cluster, "ps_reader")) {
            // no privilege on performance_schema: the same refusal from the CN and from MariaDB
            assertEquals(errno(dn, query), errno(cn, query));
            assertEquals(1142, errno(cn, query));
            assertEquals(errno(dn, "TRUNCATE TABLE " + DIGEST_TABLE), errno(cn, "TRUNCATE TABLE " + DIGEST_TABLE));
        }
        try (Connection cn = cluster.connect(null, null); Connection dn = cluster.connectDirect(null)) {
            for (Connection c : List.of(cn, dn)) {
                SqlFiles.execute(c, "GRANT SELECT ON performance_schema.* TO 'ps_reader'@'%'");
            }
        }
        try (Connection cn = login(cluster, "ps_reader"); Connection dn = loginDirect(cluster, "ps_reader")) {
            assertEquals(1, SqlFiles.rows(cn, query).size());
            assertEquals(1, SqlFiles.rows(dn, query).size());
            // SELECT is not DROP: TRUNCATE stays refused on both
            assertEquals(errno(dn, "TRUNCATE TABLE " + DIGEST_TABLE), errno(cn, "TRUNCATE TABLE " + DIGEST_TABLE));
            // the DNs' other performance_schema tables are not the CN's: they don't exist here
            assertEquals(1146, errno(cn, "SELECT * FROM performance_schema.threads"));
            assertNull(errnoOrNull(cn, "SELECT SCHEMA_NAME FROM " + DIGEST_TABLE + " LIMIT 1"));
        }
    }

    private static Connection login(TestingCluster cluster, String user) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port()
            + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true", user, "pw");
    }

    private static Connection loginDirect(TestingCluster cluster, String user) throws SQLException {
        return DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, null), user, "pw");
    }

    static int errno(Connection c, String sql) {
        Integer e = errnoOrNull(c, sql);
        if (e == null) {
            throw new AssertionError("no error from: " + sql);
        }
        return e;
    }

    private static Integer errnoOrNull(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return null;
        } catch (SQLException e) {
            return e.getErrorCode();
        }
    }
}
