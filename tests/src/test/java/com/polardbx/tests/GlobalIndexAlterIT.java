package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ALTER TABLE of columns on a table with a covering global index and a clustered one: each ALTER runs on the CN and
 * on a plain MariaDB table with the same data and local indexes; rows, columns and errors must agree, every index
 * must pass {@code CHECK GLOBAL INDEX}, and reads through the indexes must keep working.
 */
class GlobalIndexAlterIT {
    private static final String DB = "gsi_alter_db";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
    }

    private static String run(Connection c, String sql) {
        return TestingStatements.outcome(c, sql);
    }

    /** Field, Type, Null and Default of each column, as SHOW FULL COLUMNS prints them (Key differs: global). */
    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String row : SqlFiles.rows(c, "SHOW FULL COLUMNS FROM " + table)) {
            String[] f = row.split(" \\| ", -1);
            out.add(f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " " + f[5]);
        }
        return out;
    }

    private static void assertConsistent(Connection cn, String table) throws SQLException {
        for (String row : SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM " + table)) {
            String index = row.split(" \\| ")[3].trim();
            List<String> report = SqlFiles.rows(cn, "CHECK GLOBAL INDEX " + index + " ON " + table);
            assertEquals(1, report.size(), index + ": " + report);
            assertTrue(report.get(0).contains("OK"), index + ": " + report);
        }
    }

    private static void assertSame(Connection ref, Connection cn, String sql) {
        assertEquals(run(ref, sql), run(cn, sql), sql);
    }

    @Test
    void columnChangesKeepIndexesInStep() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE emp (id INT PRIMARY KEY, dept INT, name VARCHAR(20), salary INT,"
                + " note VARCHAR(10), CLUSTERED INDEX c_dept (dept), GLOBAL INDEX g_name (name) COVERING (salary,"
                + " note))");
            SqlFiles.execute(ref, "CREATE TABLE emp (id INT PRIMARY KEY, dept INT, name VARCHAR(20), salary INT,"
                + " note VARCHAR(10), KEY c_dept (dept), KEY g_name (name))");
            String rows = "INSERT INTO emp VALUES (1, 10, 'ann', 100, 'a'), (2, 20, 'bob', 200, NULL),"
                + " (3, 10, 'cy', 300, 'c'), (4, 30, 'dee', NULL, 'd'), (5, 20, 'ed', 500, 'e')";
            SqlFiles.execute(cn, rows);
            SqlFiles.execute(ref, rows);
            List<String> alters = List.of(
                "ALTER TABLE emp ADD COLUMN grade INT NOT NULL DEFAULT 3",
                "ALTER TABLE emp ADD COLUMN tag VARCHAR(8) DEFAULT 'x''y', ADD COLUMN bonus INT",
                "ALTER TABLE emp ADD COLUMN twice INT AS (salary * 2) STORED",
                "ALTER TABLE emp MODIFY salary BIGINT",
                "ALTER TABLE emp MODIFY twice BIGINT AS (salary * 3) STORED",
                "ALTER TABLE emp CHANGE note remark VARCHAR(30)",
                "ALTER TABLE emp RENAME COLUMN remark TO memo",
                "ALTER TABLE emp MODIFY name VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL",
                "ALTER TABLE emp CHANGE dept division INT",
                "ALTER TABLE emp DROP COLUMN twice, DROP COLUMN bonus",
                "ALTER TABLE emp DROP COLUMN salary");
            String write = "INSERT INTO emp (id, division, name) VALUES (%d, 10, 'new%d')";
            for (int i = 0; i < alters.size(); i++) {
                String alter = alters.get(i);
                String expected = run(ref, alter);
                assertTrue(expected.startsWith("affected"), alter + ": " + expected);
                assertEquals(expected, run(cn, alter), alter);
                assertEquals(columns(ref, "emp"), columns(cn, "emp"), alter);
                assertConsistent(cn, "emp");
                String dept = alter.contains("division") || i > 8 ? "division" : "dept";
                String insert = String.format(write, 100 + i, i).replace("division", dept);
                assertSame(ref, cn, insert);
                assertSame(ref, cn, "UPDATE emp SET " + dept + " = " + dept + " + 1 WHERE id = 3");
                assertSame(ref, cn, "SELECT * FROM emp ORDER BY id");
                assertSame(ref, cn, "SELECT * FROM emp WHERE " + dept + " = 20 ORDER BY id");
                assertSame(ref, cn, "SELECT id FROM emp WHERE name = 'bob'");
                String plan = String.join("\n", SqlFiles.rows(cn, "EXPLAIN SELECT * FROM emp WHERE " + dept
                    + " = 20"));
                assertTrue(plan.contains("GlobalIndexLookup(index=[c_dept]")
                    || plan.contains("GlobalIndexScan(index=[c_dept]"), alter + "\n" + plan);
                assertConsistent(cn, "emp");
            }
            String create = SqlFiles.rows(cn, "SHOW CREATE TABLE emp").get(0);
            assertTrue(create.contains("CLUSTERED INDEX `c_dept` (`division`)"), create);
            assertTrue(create.contains("GLOBAL INDEX `g_name` (`name`) COVERING (`memo`)"), create);

            // an index column that partitions the index cannot change its type (its rows would move)
            String refused = run(cn, "ALTER TABLE emp MODIFY name VARCHAR(40)");
            assertTrue(refused.startsWith("error 1235 (42000)") && refused.contains("g_name"), refused);
            assertEquals(columns(ref, "emp"), columns(cn, "emp"));
            // a column of a multi-column UNIQUE index: MariaDB's 1072, for a global index as for a local one
            SqlFiles.execute(cn, "CREATE UNIQUE GLOBAL INDEX u_div_memo ON emp (division, memo)");
            SqlFiles.execute(ref, "CREATE UNIQUE INDEX u_div_memo ON emp (division, memo)");
            assertSame(ref, cn, "ALTER TABLE emp DROP COLUMN memo");
            SqlFiles.execute(cn, "DROP INDEX u_div_memo ON emp");
            SqlFiles.execute(ref, "DROP INDEX u_div_memo ON emp");
            // dropping the only column of an index drops the index, as MariaDB does for a local one
            assertSame(ref, cn, "ALTER TABLE emp DROP COLUMN name");
            assertEquals(List.of("c_dept"), SqlFiles.rows(cn, "SHOW GLOBAL INDEX FROM emp").stream()
                .map(r -> r.split(" \\| ")[3].trim()).toList());
            assertFalse(SqlFiles.rows(ref, "SHOW INDEX FROM emp").toString().contains("g_name"));
            assertEquals(columns(ref, "emp"), columns(cn, "emp"));
            assertSame(ref, cn, "SELECT * FROM emp ORDER BY id");
            assertConsistent(cn, "emp");
            assertTrue(run(cn, "ALTER TABLE emp DROP PRIMARY KEY").startsWith("error 1235"));
        }
    }

    /** A new column whose DEFAULT is computed per statement: the index copies the primary's values. */
    @Test
    void computedDefaultsAreCopiedFromThePrimary() throws SQLException, InterruptedException {
        try (Connection cn = cluster.connect(DB, null)) {
            SqlFiles.execute(cn, "CREATE TABLE ev (id INT PRIMARY KEY, k INT, CLUSTERED INDEX c_k (k))");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 200; i++) {
                values.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 7).append(')');
            }
            SqlFiles.execute(cn, "INSERT INTO ev VALUES " + values);
            SqlFiles.execute(cn, "ALTER TABLE ev ADD COLUMN at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
                + " ADD COLUMN u VARCHAR(40) DEFAULT (UUID())");
            assertConsistent(cn, "ev");
            assertEquals(List.of("200"), SqlFiles.rows(cn, "SELECT COUNT(DISTINCT u) FROM ev"));
            assertEquals(SqlFiles.rows(cn, "SELECT id, at, u FROM ev IGNORE INDEX (c_k) WHERE k = 3 ORDER BY id"),
                SqlFiles.rows(cn, "SELECT id, at, u FROM ev WHERE k = 3 ORDER BY id"));
        }
    }
}
