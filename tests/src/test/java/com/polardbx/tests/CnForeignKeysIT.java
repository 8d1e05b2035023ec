package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Foreign keys the CN checks (parent and child rows may be on different DNs): every statement runs on the CN (tables
 * with a placement clause) and on a plain MariaDB database of the same name, and outcomes (update count or errno,
 * SQLSTATE and message), warnings and table contents are compared.
 */
class CnForeignKeysIT extends BesideMariaDb {
    private static final String DB = "fkcn_db";
    private static final String PARTITIONED = " PARTITION BY HASH(id) PARTITIONS 4";

    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
    }

    @Override
    protected String database() {
        return DB;
    }

    @Test
    void partitionedChildOfParentPartitionedByAnotherKey() throws SQLException {
        both("CREATE TABLE pp_parent (id INT, code INT NOT NULL, PRIMARY KEY (code, id), UNIQUE KEY uk_code (code))",
            " PARTITION BY HASH(code) PARTITIONS 4");
        both("CREATE TABLE pp_child (id INT PRIMARY KEY, pcode INT, note VARCHAR(5), CONSTRAINT pp_fk FOREIGN KEY"
            + " (pcode) REFERENCES pp_parent (code) ON DELETE CASCADE ON UPDATE CASCADE)", PARTITIONED);
        sameCreate("pp_child");
        assertEquals("tables=4 keys=0", physicalKeys("pp\\_child"), "the CN checks the key: no DN has it");
        same("INSERT INTO pp_parent VALUES (1, 10), (2, 20), (3, 30), (4, 40), (5, 50)");
        same("INSERT INTO pp_child VALUES (1, 10, 'a'), (2, 10, 'b'), (3, 20, 'c'), (4, 30, 'd'), (5, NULL, 'e')");
        same("INSERT INTO pp_child VALUES (6, 99, 'x')");
        // one failing row of several: nothing is written
        same("INSERT INTO pp_child VALUES (7, 40, 'f'), (8, 41, 'g'), (9, 50, 'h')");
        same("INSERT INTO pp_child (id, note) VALUES (10, 'dflt')");
        same("UPDATE pp_child SET pcode = 77 WHERE id IN (1, 3)");
        same("UPDATE pp_child SET pcode = 40 WHERE id = 1");
        same("UPDATE pp_child SET note = 'n' WHERE pcode = 40");
        same("REPLACE INTO pp_child VALUES (2, 50, 'r')");
        same("REPLACE INTO pp_child VALUES (2, 51, 'r')");
        same("INSERT INTO pp_child VALUES (3, 20, 'u') ON DUPLICATE KEY UPDATE pcode = VALUES(pcode)");
        // MariaDB replaces a referenced row by DELETE + INSERT: ON DELETE CASCADE takes its children
        same("REPLACE INTO pp_parent VALUES (4, 40)");
        sameRows("SELECT * FROM pp_child ORDER BY id");
        same("DELETE FROM pp_parent WHERE code = 10");
        same("DELETE FROM pp_parent WHERE id IN (3, 4)");
        same("UPDATE pp_parent SET code = code + 100 WHERE id = 5");
        same("UPDATE pp_parent SET code = 25 WHERE id = 2");
        sameRows("SELECT * FROM pp_child ORDER BY id");
        sameRows("SELECT * FROM pp_parent ORDER BY id");
        same("DROP TABLE pp_parent");
        sameRows("SHOW TABLES LIKE 'pp%'");
    }

    @Test
    void partitionedChildOfSingleParent() throws SQLException {
        both("CREATE TABLE ps_parent (id INT PRIMARY KEY, name VARCHAR(10))", " SINGLE");
        both("CREATE TABLE ps_child (id INT PRIMARY KEY, pid INT, CONSTRAINT ps_fk FOREIGN KEY (pid)"
            + " REFERENCES ps_parent (id) ON DELETE SET NULL)", PARTITIONED);
        same("INSERT INTO ps_parent VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        StringBuilder rows = new StringBuilder("INSERT INTO ps_child VALUES (1, 1)");
        for (int i = 2; i <= 30; i++) {
            rows.append(", (").append(i).append(", ").append(i % 3 + 1).append(')');
        }
        same(rows.toString());
        same("INSERT INTO ps_child VALUES (31, 4)");
        same("DELETE FROM ps_parent WHERE id = 2");
        // ON UPDATE RESTRICT: a key children hold cannot change, one nobody holds can
        same("UPDATE ps_parent SET id = 10 WHERE id = 1");
        same("UPDATE ps_parent SET id = 20 WHERE id = 2");
        same("UPDATE ps_child SET pid = 3 WHERE pid IS NULL AND id < 10");
        sameRows("SELECT * FROM ps_child ORDER BY id");
        sameRows("SELECT * FROM ps_parent ORDER BY id");
        sameCreate("ps_child");
    }

    @Test
    void singleChildOfPartitionedParentRestricts() throws SQLException {
        both("CREATE TABLE sp_parent (id INT PRIMARY KEY, v INT)", PARTITIONED);
        both("CREATE TABLE sp_child (id INT PRIMARY KEY, pid INT, qid INT, CONSTRAINT sp_fk FOREIGN KEY (pid)"
            + " REFERENCES sp_parent (id), CONSTRAINT sp_fk2 FOREIGN KEY (qid) REFERENCES sp_parent (id)"
            + " ON DELETE NO ACTION ON UPDATE NO ACTION)", " SINGLE");
        same("INSERT INTO sp_parent VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
        same("INSERT INTO sp_child VALUES (1, 1, 2), (2, 1, NULL)");
        same("INSERT INTO sp_child VALUES (3, 2, 9)");
        same("DELETE FROM sp_parent WHERE id = 1");
        same("DELETE FROM sp_parent WHERE id = 2");
        same("DELETE FROM sp_parent WHERE id IN (3, 4)");
        same("UPDATE sp_parent SET v = 10 WHERE id = 1");
        same("REPLACE INTO sp_parent VALUES (1, 5)");
        same("REPLACE INTO sp_parent VALUES (5, 5), (3, 3)");
        same("UPDATE sp_parent SET id = 11 WHERE id = 1");
        same("DELETE FROM sp_parent WHERE id = 1 OR id = 3");
        // a multi-table DELETE may read a parent; deleting from it is not done by the CN yet
        same("DELETE c FROM sp_child c JOIN sp_parent p ON p.id = c.qid WHERE p.v = 99");
        assertEquals(1235, errno("DELETE p FROM sp_parent p JOIN sp_child c ON p.id = c.qid WHERE c.id = 1"));
        sameRows("SELECT * FROM sp_child ORDER BY id");
        sameRows("SELECT * FROM sp_parent ORDER BY id");
        same("TRUNCATE TABLE sp_parent");
        same("DROP TABLE sp_parent");
        sameCreate("sp_child");
    }

    @Test
    void insertIgnoreSkipsOrphansWithWarnings() throws SQLException {
        both("CREATE TABLE ig_parent (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE ig_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES ig_parent (id))",
            PARTITIONED);
        same("INSERT INTO ig_parent VALUES (1), (2)");
        same("INSERT IGNORE INTO ig_child VALUES (1, 1), (2, 5), (3, 2), (4, 6)");
        sameRows("SHOW WARNINGS");
        same("INSERT IGNORE INTO ig_child VALUES (5, 7)");
        sameRows("SHOW WARNINGS");
        sameRows("SELECT * FROM ig_child ORDER BY id");
    }

    @Test
    void foreignKeyChecksOffSkipsTheChecks() throws SQLException {
        both("CREATE TABLE off_parent (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE off_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES off_parent (id)"
            + " ON DELETE CASCADE)", " PARTITION BY HASH(id) PARTITIONS 3");
        same("INSERT INTO off_parent VALUES (1), (2)");
        same("INSERT INTO off_child VALUES (1, 1), (2, 2)");
        same("SET foreign_key_checks = 0");
        same("INSERT INTO off_child VALUES (3, 9)");
        same("DELETE FROM off_parent WHERE id = 1");
        same("UPDATE off_child SET pid = 8 WHERE id = 2");
        same("SET foreign_key_checks = 1");
        same("INSERT INTO off_child VALUES (4, 9)");
        same("DELETE FROM off_parent WHERE id = 2");
        sameRows("SELECT * FROM off_child ORDER BY id");
        sameRows("SELECT * FROM off_parent ORDER BY id");
    }

    @Test
    void cascadesNestAndSelfReferencesFollow() throws SQLException {
        both("CREATE TABLE n_a (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE n_b (id INT PRIMARY KEY, a INT, FOREIGN KEY (a) REFERENCES n_a (id) ON DELETE CASCADE"
            + " ON UPDATE CASCADE)", PARTITIONED);
        both("CREATE TABLE n_c (id INT PRIMARY KEY, b INT, FOREIGN KEY (b) REFERENCES n_b (id) ON DELETE SET NULL)",
            " SINGLE");
        both("CREATE TABLE n_d (id INT PRIMARY KEY, b INT, FOREIGN KEY (b) REFERENCES n_b (id))", PARTITIONED);
        same("INSERT INTO n_a VALUES (1), (2), (3)");
        same("INSERT INTO n_b VALUES (10, 1), (11, 1), (12, 2), (13, 3)");
        same("INSERT INTO n_c VALUES (100, 10), (101, 11), (102, 12)");
        same("INSERT INTO n_d VALUES (200, 13)");
        same("DELETE FROM n_a WHERE id = 1");
        // the cascade reaches a RESTRICT key: the whole statement is undone
        same("DELETE FROM n_a WHERE id IN (2, 3)");
        same("UPDATE n_a SET id = id + 10");
        sameRows("SELECT * FROM n_a ORDER BY id");
        sameRows("SELECT * FROM n_b ORDER BY id");
        sameRows("SELECT * FROM n_c ORDER BY id");
        // a self-referencing partitioned table: a chain of cascades, deeper than InnoDB allows
        both("CREATE TABLE n_chain (id INT PRIMARY KEY, up INT, FOREIGN KEY (up) REFERENCES n_chain (id)"
            + " ON DELETE CASCADE)", PARTITIONED);
        StringBuilder chain = new StringBuilder("INSERT INTO n_chain VALUES (1, NULL)");
        for (int i = 2; i <= 20; i++) {
            chain.append(", (").append(i).append(", ").append(i - 1).append(')');
        }
        same(chain.toString());
        same("INSERT INTO n_chain VALUES (21, 22)");
        same("DELETE FROM n_chain WHERE id = 1");
        same("DELETE FROM n_chain WHERE id = 4");
        sameRows("SELECT COUNT(*) FROM n_chain");
        same("DELETE FROM n_chain WHERE id = 5");
        same("DELETE FROM n_chain WHERE id = 6");
        same("DELETE FROM n_chain WHERE id = 1");
        sameRows("SELECT * FROM n_chain ORDER BY id");
    }

    @Test
    void catalogShowsTheKeysAsMariaDb() throws SQLException {
        both("CREATE TABLE m_parent (id INT, sub INT, PRIMARY KEY (id, sub))", PARTITIONED);
        both("CREATE TABLE m_child (id INT PRIMARY KEY, pid INT, psub INT, CONSTRAINT m_fk FOREIGN KEY (pid, psub)"
            + " REFERENCES m_parent (id, sub) ON DELETE CASCADE ON UPDATE SET NULL)", PARTITIONED);
        sameCreate("m_child");
        sameRows("SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT,"
            + " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE"
            + " TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME LIKE 'm\\_%' ORDER BY TABLE_NAME, CONSTRAINT_NAME,"
            + " ORDINAL_POSITION");
        sameRows("SELECT * FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '" + DB
            + "' AND TABLE_NAME LIKE 'm\\_%'");
        List<String> imported = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (var pair : List.of(List.of(cn, imported), List.of(ref, expected))) {
            Connection c = (Connection) pair.get(0);
            @SuppressWarnings("unchecked") List<String> out = (List<String>) pair.get(1);
            try (var rs = c.getMetaData().getImportedKeys(DB, null, "m_child")) {
                while (rs.next()) {
                    out.add(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + " "
                        + rs.getString("FK_NAME") + " " + rs.getInt("KEY_SEQ") + " " + rs.getInt("UPDATE_RULE") + " "
                        + rs.getInt("DELETE_RULE"));
                }
            }
        }
        assertEquals(expected, imported);
        assertFalse(imported.isEmpty());
        same("INSERT INTO m_parent VALUES (1, 1), (1, 2)");
        same("INSERT INTO m_child VALUES (1, 1, 1), (2, 1, 2), (3, 1, NULL), (4, 2, 2)");
        same("UPDATE m_parent SET sub = 3 WHERE sub = 2");
        same("DELETE FROM m_parent WHERE sub = 1");
        sameRows("SELECT * FROM m_child ORDER BY id");
    }

    @Test
    void alterTableAddsKeysTheCnChecks() throws SQLException {
        both("CREATE TABLE al_parent (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE al_child (id INT PRIMARY KEY, pid INT)", PARTITIONED);
        same("INSERT INTO al_parent VALUES (1), (2)");
        same("INSERT INTO al_child VALUES (1, 1), (2, 3)");
        sameErrno("ALTER TABLE al_child ADD CONSTRAINT al_fk FOREIGN KEY (pid) REFERENCES al_parent (id)");
        same("DELETE FROM al_child WHERE id = 2");
        same("ALTER TABLE al_child ADD CONSTRAINT al_fk FOREIGN KEY (pid) REFERENCES al_parent (id)");
        sameCreate("al_child");
        same("INSERT INTO al_child VALUES (3, 3)");
        same("DELETE FROM al_parent WHERE id = 1");
        same("ALTER TABLE al_child DROP FOREIGN KEY al_fk");
        same("INSERT INTO al_child VALUES (3, 3)");
        sameRows("SELECT * FROM al_child ORDER BY id");
        sameCreate("al_child");
    }

    @Test
    void loadDataSelectsExpressionsAndTransactions() throws Exception {
        both("CREATE TABLE ld_parent (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE ld_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES ld_parent (id))",
            " PARTITION BY HASH(id) PARTITIONS 3");
        same("INSERT INTO ld_parent VALUES (1), (2), (3)");
        java.nio.file.Path good = java.nio.file.Files.createTempFile("fk-good", ".tsv");
        java.nio.file.Path orphan = java.nio.file.Files.createTempFile("fk-orphan", ".tsv");
        java.nio.file.Files.writeString(good, "1\t1\n2\t2\n3\t\\N\n");
        java.nio.file.Files.writeString(orphan, "4\t1\n5\t9\n6\t3\n");
        try (Connection c = cluster.connect(DB, "allowLoadLocalInfile=true");
             Connection d = java.sql.DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, DB)
                 + "&allowLoadLocalInfile=true", cluster.dataNodes().user(), cluster.dataNodes().password())) {
            // LOCAL loads skip failing rows as IGNORE does, with a warning each
            for (String sql : List.of("LOAD DATA LOCAL INFILE '" + good + "' INTO TABLE ld_child",
                "LOAD DATA LOCAL INFILE '" + orphan + "' INTO TABLE ld_child")) {
                assertEquals(outcome(d, sql), outcome(c, sql), sql);
                assertEquals(SqlFiles.rows(d, "SHOW WARNINGS"), SqlFiles.rows(c, "SHOW WARNINGS"), sql);
            }
            String again = "LOAD DATA LOCAL INFILE '" + orphan + "' IGNORE INTO TABLE ld_child";
            assertEquals(outcome(d, again), outcome(c, again), again);
            // the same warnings; the CN lists the DN's duplicates before its own 1452s, MariaDB in row order
            assertEquals(SqlFiles.rows(d, "SHOW WARNINGS").stream().sorted().toList(),
                SqlFiles.rows(c, "SHOW WARNINGS").stream().sorted().toList(), again);
        }
        sameRows("SELECT * FROM ld_child ORDER BY id");
        same("INSERT INTO ld_child SELECT id + 10, id FROM ld_parent");
        same("INSERT INTO ld_child SELECT id + 20, id + 1 FROM ld_parent");
        same("UPDATE ld_child SET pid = pid + 1 WHERE id = 1");
        same("UPDATE ld_child SET pid = pid + 1 WHERE id > 10");
        same("UPDATE ld_child SET pid = NULL ORDER BY id LIMIT 2");
        same("INSERT INTO ld_child VALUES (30, 1 + 1)");
        same("INSERT INTO ld_child VALUES (31, 2 * 5)");
        same("INSERT INTO ld_child VALUES (32, NULLIF(1, 1)), (33, IF(1 = 1, 3, NULL))");
        // inside a transaction a failing statement is undone alone
        cn.setAutoCommit(false);
        ref.setAutoCommit(false);
        same("INSERT INTO ld_child VALUES (40, 1)");
        same("INSERT INTO ld_child VALUES (41, 2), (42, 8)");
        same("DELETE FROM ld_parent WHERE id = 1");
        same("UPDATE ld_parent SET id = 7 WHERE id = 3");
        cn.commit();
        ref.commit();
        cn.setAutoCommit(true);
        ref.setAutoCommit(true);
        sameRows("SELECT * FROM ld_child ORDER BY id");
        sameRows("SELECT * FROM ld_parent ORDER BY id");
    }

    @Test
    void preparedStatementsAreChecked() throws SQLException {
        both("CREATE TABLE ps2_parent (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE ps2_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES ps2_parent (id)"
            + " ON DELETE CASCADE)", " SINGLE");
        same("INSERT INTO ps2_parent VALUES (1), (2)");
        for (String options : List.of("useServerPrepStmts=true", "useServerPrepStmts=false")) {
            try (Connection c = cluster.connect(DB, options);
                 Connection d = java.sql.DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, DB) + "&"
                     + options, cluster.dataNodes().user(), cluster.dataNodes().password())) {
                for (int[] row : new int[][] {{1, 1}, {2, 9}, {3, 2}}) {
                    assertEquals(prepared(d, "INSERT INTO ps2_child VALUES (?, ?)", row[0], row[1]),
                        prepared(c, "INSERT INTO ps2_child VALUES (?, ?)", row[0], row[1]), options);
                }
                assertEquals(prepared(d, "UPDATE ps2_child SET pid = ? WHERE id = ?", 7, 1),
                    prepared(c, "UPDATE ps2_child SET pid = ? WHERE id = ?", 7, 1), options);
                assertEquals(prepared(d, "DELETE FROM ps2_parent WHERE id = ?", 2, null),
                    prepared(c, "DELETE FROM ps2_parent WHERE id = ?", 2, null), options);
            }
            sameRows("SELECT * FROM ps2_child ORDER BY id");
            same("DELETE FROM ps2_child");
            same("INSERT IGNORE INTO ps2_parent VALUES (2)");
        }
    }

    private static String prepared(Connection c, String sql, int a, Integer b) {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, a);
            if (b != null) {
                ps.setInt(2, b);
            }
            return "OK " + ps.executeUpdate();
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }

    /**
     * A child INSERT reads its parent with a shared lock: a parent DELETE waits for it (and then sees the child), a
     * child INSERT waits for a parent DELETE (and then sees no parent). No orphan either way.
     */
    @Test
    void concurrentParentDeleteAndChildInsertLeaveNoOrphan() throws Exception {
        both("CREATE TABLE cc_parent (id INT PRIMARY KEY)", PARTITIONED);
        both("CREATE TABLE cc_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES cc_parent (id))",
            PARTITIONED);
        same("INSERT INTO cc_parent VALUES (1), (2), (3)");
        List<String> onCn = race(() -> cluster.connect(DB, null));
        List<String> onMariaDb = race(() -> cluster.connectDirect(DB));
        assertEquals(onMariaDb, onCn);
        sameRows("SELECT * FROM cc_child ORDER BY id");
        sameRows("SELECT * FROM cc_parent ORDER BY id");
        assertEquals(List.of("0"), SqlFiles.rows(cn, "SELECT COUNT(*) FROM cc_child c WHERE NOT EXISTS"
            + " (SELECT 1 FROM cc_parent p WHERE p.id = c.pid)"));
    }

    /** How many physical tables a table of DB has on the DNs, and how many physical foreign keys they hold. */
    private static String physicalKeys(String tableLike) throws SQLException {
        long tables = 0;
        long keys = 0;
        com.polardbx.testing.TestingDataNodes nodes = cluster.dataNodes();
        String where = " LIKE '" + DB + "\\_p%' AND TABLE_NAME LIKE '" + tableLike + "\\_%'";
        for (int i = 0; i < nodes.size(); i++) {
            try (Connection dn = nodes.connect(i)) {
                tables += Long.parseLong(SqlFiles.rows(dn, "SELECT COUNT(*) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA" + where).get(0));
                keys += Long.parseLong(SqlFiles.rows(dn, "SELECT COUNT(*) FROM"
                    + " information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA" + where).get(0));
            }
        }
        return "tables=" + tables + " keys=" + keys;
    }

    private interface Opener {
        Connection open() throws SQLException;
    }

    /** Both orders of the race, each holding the first transaction open while the second statement waits. */
    private static List<String> race(Opener opener) throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (Connection a = opener.open(); Connection b = opener.open()) {
            a.setAutoCommit(false);
            outcomes.add(outcome(a, "INSERT INTO cc_child VALUES (10, 1)"));
            CompletableFuture<String> delete = CompletableFuture.supplyAsync(() ->
                outcome(b, "DELETE FROM cc_parent WHERE id = 1"));
            Thread.sleep(700);
            assertFalse(delete.isDone(), "the parent DELETE waits for the child's transaction");
            a.commit();
            outcomes.add(delete.get(30, TimeUnit.SECONDS));

            outcomes.add(outcome(a, "DELETE FROM cc_parent WHERE id = 2"));
            CompletableFuture<String> insert = CompletableFuture.supplyAsync(() ->
                outcome(b, "INSERT INTO cc_child VALUES (11, 2)"));
            Thread.sleep(700);
            assertFalse(insert.isDone(), "the child INSERT waits for the parent's transaction");
            a.commit();
            outcomes.add(insert.get(30, TimeUnit.SECONDS));
            a.setAutoCommit(true);
        }
        return outcomes;
    }

    /** Runs a statement on both: both fail with the same errno and SQLSTATE (MariaDB names a temporary table). */
    private void sameErrno(String sql) throws SQLException {
        String expected = outcome(ref, sql);
        String actual = outcome(cn, sql);
        assertTrue(!expected.startsWith("OK"), expected);
        assertEquals(expected.substring(0, 10), actual.substring(0, Math.min(10, actual.length())), actual);
    }

    private int errno(String sql) {
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> SqlFiles.execute(cn,
            sql), sql);
        return e.getErrorCode();
    }
}
