package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Foreign keys: the same statements run on the CN (with a placement clause) and on a plain MariaDB database of the
 * same name, and rows, errors (errno, SQLSTATE, message), SHOW CREATE TABLE, information_schema and Connector/J's
 * key metadata are compared. Placements the DNs can enforce (SINGLE beside SINGLE, any child of a BROADCAST parent,
 * tables partitioned alike by the key) get physical keys; the others are checked by the CN (CnForeignKeysIT).
 */
class ForeignKeysIT extends BesideMariaDb {
    private static final String DB = "fk_db";

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
    void singleTablesEnforceCascadeAndRestrict() throws SQLException {
        both("CREATE TABLE s_parent (id INT PRIMARY KEY, name VARCHAR(10))", " SINGLE");
        both("CREATE TABLE s_child (id INT PRIMARY KEY, pid INT, qid INT,"
            + " CONSTRAINT s_fk FOREIGN KEY (pid) REFERENCES s_parent (id) ON DELETE CASCADE,"
            + " FOREIGN KEY (qid) REFERENCES s_parent (id))", " SINGLE");
        same("INSERT INTO s_parent VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        same("INSERT INTO s_child VALUES (10, 1, 2), (11, 1, NULL), (12, 2, 3)");
        same("INSERT INTO s_child VALUES (13, 9, NULL)");
        same("INSERT INTO s_child VALUES (14, 1, 9)");
        same("UPDATE s_child SET pid = 8 WHERE id = 10");
        same("DELETE FROM s_parent WHERE id = 3");
        same("DELETE FROM s_parent WHERE id = 1");
        same("UPDATE s_parent SET id = 20 WHERE id = 2");
        sameRows("SELECT * FROM s_child ORDER BY id");
        sameRows("SELECT * FROM s_parent ORDER BY id");
        sameCreate("s_child");
        same("DROP TABLE s_parent");
        same("TRUNCATE TABLE s_parent");
    }

    @Test
    void broadcastParentOfPartitionedChild() throws SQLException {
        both("CREATE TABLE b_parent (id INT PRIMARY KEY, code CHAR(2))", " BROADCAST");
        both("CREATE TABLE b_child (id INT PRIMARY KEY, pid INT, CONSTRAINT b_fk FOREIGN KEY (pid)"
            + " REFERENCES b_parent (id) ON DELETE SET NULL ON UPDATE CASCADE)", " PARTITION BY HASH(id) PARTITIONS 4");
        same("INSERT INTO b_parent VALUES (1, 'aa'), (2, 'bb'), (3, 'cc')");
        same("INSERT INTO b_child VALUES (1, 1), (2, 1), (3, 2), (4, 3), (5, 2), (6, 3), (7, 1), (8, NULL)");
        same("INSERT INTO b_child VALUES (9, 4)");
        same("INSERT INTO b_child VALUES (10, 1), (11, 5)");
        same("DELETE FROM b_parent WHERE id = 1");
        same("UPDATE b_parent SET id = 30 WHERE id = 3");
        sameRows("SELECT * FROM b_child ORDER BY id");
        sameRows("SELECT * FROM b_parent ORDER BY id");
        sameCreate("b_child");
        // DDL on a partitioned child reaches every physical table (their keys' physical names differ)
        same("ALTER TABLE b_child ADD COLUMN note VARCHAR(5) DEFAULT 'x'");
        same("CREATE INDEX ix_note ON b_child (note)");
        same("INSERT INTO b_child (id, pid, note) VALUES (20, 2, 'a'), (21, 2, 'b'), (22, 2, 'c'), (23, 2, 'd')");
        same("INSERT INTO b_child (id, pid) VALUES (24, 77)");
        sameRows("SELECT * FROM b_child ORDER BY id");
        sameCreate("b_child");
        // a SINGLE child of a BROADCAST parent too
        both("CREATE TABLE b_single (id INT PRIMARY KEY, pid INT REFERENCES b_parent (id))", " SINGLE");
        same("INSERT INTO b_single VALUES (1, 2)");
        same("INSERT INTO b_single VALUES (2, 7)");
        same("DELETE FROM b_parent WHERE id = 2");
        sameCreate("b_single");
    }

    @Test
    void tablesPartitionedAlikeByTheKey() throws SQLException {
        both("CREATE TABLE p_parent (id INT PRIMARY KEY, v INT)", " PARTITION BY KEY(id) PARTITIONS 4");
        both("CREATE TABLE p_child (id INT, pid INT NOT NULL, PRIMARY KEY (pid, id),"
            + " CONSTRAINT p_fk FOREIGN KEY (pid) REFERENCES p_parent (id) ON DELETE CASCADE)",
            " PARTITION BY KEY(pid) PARTITIONS 4");
        StringBuilder parents = new StringBuilder("INSERT INTO p_parent VALUES (1, 1)");
        StringBuilder children = new StringBuilder("INSERT INTO p_child VALUES (1, 1)");
        for (int i = 2; i <= 20; i++) {
            parents.append(", (").append(i).append(", ").append(i).append(')');
            children.append(", (").append(i).append(", ").append(i % 7 + 1).append(')');
        }
        same(parents.toString());
        same(children.toString());
        same("INSERT INTO p_child VALUES (100, 21)");
        same("DELETE FROM p_parent WHERE id IN (2, 3, 4)");
        // a partition key UPDATE moves rows: a referenced key still held by children is refused, an unreferenced
        // one moves, and a row moved with its key unchanged takes no ON DELETE action with it
        same("UPDATE p_parent SET id = 50 WHERE id = 5");
        same("UPDATE p_parent SET id = 60 WHERE id = 20");
        same("UPDATE p_parent SET v = 99, id = id WHERE id IN (6, 7)");
        same("UPDATE p_child SET pid = 60 WHERE id = 1");
        same("UPDATE p_child SET pid = 61 WHERE id = 8");
        sameRows("SELECT * FROM p_child ORDER BY id, pid");
        sameRows("SELECT * FROM p_parent ORDER BY id");
        sameCreate("p_child");
    }

    /** Other placements are the CN's to check (CnForeignKeysIT): accepted, shown as MariaDB shows them. */
    @Test
    void placementsTheDataNodesCannotEnforceAreAccepted() throws SQLException {
        both("CREATE TABLE r_parent (id INT PRIMARY KEY)", " PARTITION BY KEY(id) PARTITIONS 4");
        both("CREATE TABLE r_bcast (id INT PRIMARY KEY)", " BROADCAST");
        String[][] accepted = {
            {"CREATE TABLE r_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES r_parent (id))",
                " PARTITION BY KEY(id) PARTITIONS 4"},
            {"CREATE TABLE r_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES r_parent (id))",
                " SINGLE"},
            {"CREATE TABLE r_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES r_parent (id))",
                " BROADCAST"},
            {"CREATE TABLE r_child (id INT, pid INT, FOREIGN KEY (pid) REFERENCES r_parent (id))",
                " PARTITION BY KEY(pid) PARTITIONS 8"},
            // the DN would change the child's partition key in place: the CN moves the rows instead
            {"CREATE TABLE r_child (id INT, pid INT, PRIMARY KEY (id, pid), FOREIGN KEY (pid) REFERENCES r_parent (id)"
                + " ON UPDATE CASCADE)", " PARTITION BY KEY(pid) PARTITIONS 4"},
            {"CREATE TABLE r_child (id INT, pid INT, PRIMARY KEY (id, pid), FOREIGN KEY (pid) REFERENCES r_bcast (id)"
                + " ON UPDATE CASCADE ON DELETE CASCADE)", " PARTITION BY KEY(pid) PARTITIONS 4"}};
        same("INSERT INTO r_parent VALUES (1), (2)");
        same("INSERT INTO r_bcast VALUES (1), (2)");
        for (String[] create : accepted) {
            both(create[0], create[1]);
            sameCreate("r_child");
            same("INSERT INTO r_child (id, pid) VALUES (1, 1), (2, 2)");
            same("INSERT INTO r_child (id, pid) VALUES (3, 3)");
            same("UPDATE r_parent SET id = 20 WHERE id = 2");
            same("DELETE FROM r_bcast WHERE id = 2");
            sameRows("SELECT * FROM r_child ORDER BY id");
            same("DROP TABLE r_child");
            same("UPDATE r_parent SET id = 2 WHERE id = 20");
            same("INSERT IGNORE INTO r_bcast VALUES (2)");
        }
    }

    @Test
    void alterTableAddsAndDropsKeysWithMariaDbNames() throws SQLException {
        both("CREATE TABLE a_parent (id INT PRIMARY KEY, k INT, UNIQUE KEY uk (k))", " SINGLE");
        both("CREATE TABLE a_child (id INT PRIMARY KEY, pid INT, k INT, KEY kk (k))", " SINGLE");
        same("ALTER TABLE a_child ADD FOREIGN KEY (pid) REFERENCES a_parent (id)");
        same("ALTER TABLE a_child ADD CONSTRAINT a_fk FOREIGN KEY (k) REFERENCES a_parent (k) ON UPDATE CASCADE");
        sameCreate("a_child");
        same("ALTER TABLE a_child ADD FOREIGN KEY (pid) REFERENCES a_parent (id) ON DELETE CASCADE");
        sameCreate("a_child");
        same("ALTER TABLE a_child DROP FOREIGN KEY a_child_ibfk_1");
        same("ALTER TABLE a_child DROP FOREIGN KEY nope");
        sameCreate("a_child");
        // other DDL on the child keeps its keys
        same("CREATE INDEX ix_id_k ON a_child (id, k)");
        same("ALTER TABLE a_child ADD COLUMN note VARCHAR(10), COMMENT 'c'");
        same("DROP INDEX kk ON a_child");
        sameCreate("a_child");
        same("INSERT INTO a_parent VALUES (1, 10), (2, 20)");
        same("INSERT INTO a_child VALUES (1, 1, 10), (2, 2, 20)");
        same("INSERT INTO a_child VALUES (3, 1, 30)");
        same("UPDATE a_parent SET k = 11 WHERE id = 1");
        same("DELETE FROM a_parent WHERE id = 2");
        sameRows("SELECT * FROM a_child ORDER BY id");
        // a constraint name is unique in its database; a missing parent is refused while checks are on
        same("CREATE TABLE a_dup (id INT, CONSTRAINT a_fk FOREIGN KEY (id) REFERENCES a_parent (id))");
        same("CREATE TABLE a_orphan (id INT, FOREIGN KEY (id) REFERENCES a_missing (id))");
        same("DROP TABLE a_parent");
        same("DROP TABLE a_child, a_parent");
        sameRows("SHOW TABLES LIKE 'a\\_%'");
    }

    @Test
    void catalogAndDriverMetadataEqualMariaDb() throws SQLException {
        both("CREATE TABLE m_parent (id INT, sub INT, PRIMARY KEY (id, sub))", " BROADCAST");
        both("CREATE TABLE m_child (id INT PRIMARY KEY, pid INT, psub INT, CONSTRAINT m_fk FOREIGN KEY (pid, psub)"
            + " REFERENCES m_parent (id, sub) ON DELETE CASCADE ON UPDATE SET NULL)", " SINGLE");
        sameRows("SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION,"
            + " POSITION_IN_UNIQUE_CONSTRAINT, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
            + " FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME LIKE 'm\\_%'"
            + " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION");
        sameRows("SELECT * FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '" + DB
            + "' AND TABLE_NAME LIKE 'm\\_%' ORDER BY CONSTRAINT_NAME");
        sameRows("SELECT * FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = '" + DB
            + "' AND TABLE_NAME LIKE 'm\\_%' ORDER BY TABLE_NAME, CONSTRAINT_NAME");
        for (boolean infoSchema : new boolean[] {true, false}) {
            String options = "useInformationSchema=" + infoSchema;
            try (Connection c = cluster.connect(DB, options)) {
                assertEquals(keys(ref.getMetaData(), true), keys(c.getMetaData(), true), options);
                assertEquals(keys(ref.getMetaData(), false), keys(c.getMetaData(), false), options);
            }
        }
        com.polardbx.testing.TestingDataNodes nodes = cluster.dataNodes();
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + cluster.port() + "/"
                + DB + "?sslMode=disable", "root", "");
             Connection d = java.sql.DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + nodes.port(1) + "/"
                 + DB + "?sslMode=disable", nodes.user(), nodes.password())) {
            assertEquals(keys(d.getMetaData(), true), keys(c.getMetaData(), true), "MariaDB Connector/J");
            assertEquals(keys(d.getMetaData(), false), keys(c.getMetaData(), false), "MariaDB Connector/J");
            assertFalse(keys(c.getMetaData(), true).isEmpty());
        }
    }

    @Test
    void dumpOrderLoadsWithForeignKeyChecksOff() throws SQLException {
        same("SET foreign_key_checks = 0");
        both("CREATE TABLE d_child (id INT PRIMARY KEY, pid INT, CONSTRAINT d_fk FOREIGN KEY (pid)"
            + " REFERENCES d_parent (id) ON DELETE CASCADE)", " SINGLE");
        same("INSERT INTO d_child VALUES (1, 1), (2, 2), (3, 99)");
        sameCreate("d_child");
        // checks on, a child row of a parent not created yet is refused
        same("SET foreign_key_checks = 1");
        same("INSERT INTO d_child VALUES (7, 1)");
        same("SET foreign_key_checks = 0");
        both("CREATE TABLE d_parent (id INT PRIMARY KEY)", " SINGLE");
        same("INSERT INTO d_parent VALUES (1), (2)");
        same("SET foreign_key_checks = 1");
        sameCreate("d_child");
        same("INSERT INTO d_child VALUES (4, 5)");
        same("DELETE FROM d_parent WHERE id = 1");
        sameRows("SELECT * FROM d_child ORDER BY id");
        same("DROP TABLE d_parent");
        same("SET foreign_key_checks = 0");
        same("DROP TABLE d_parent");
        same("SET foreign_key_checks = 1");
        same("INSERT INTO d_child VALUES (5, 2)");
        both("CREATE TABLE d_parent (id INT PRIMARY KEY)", " SINGLE");
        same("INSERT INTO d_parent VALUES (2)");
        same("INSERT INTO d_child VALUES (5, 2)");
        same("INSERT INTO d_child VALUES (6, 3)");
        sameRows("SELECT * FROM d_child ORDER BY id");
        sameCreate("d_child");
    }

    @Test
    void selfReferenceOtherDatabaseRenameAndTruncate() throws SQLException {
        cluster.freshDatabases("fk_other");
        both("CREATE TABLE x_staff (id INT PRIMARY KEY, boss INT, FOREIGN KEY (boss) REFERENCES x_staff (id)"
            + " ON DELETE CASCADE)", " BROADCAST");
        same("INSERT INTO x_staff VALUES (1, NULL), (2, 1), (3, 2), (4, 1)");
        same("INSERT INTO x_staff VALUES (5, 9)");
        same("DELETE FROM x_staff WHERE id = 2");
        sameRows("SELECT * FROM x_staff ORDER BY id");
        sameCreate("x_staff");
        same("TRUNCATE TABLE x_staff");
        both("CREATE TABLE fk_other.x_parent (id INT PRIMARY KEY)", " SINGLE");
        both("CREATE TABLE x_child (id INT PRIMARY KEY, pid INT, CONSTRAINT x_fk FOREIGN KEY (pid)"
            + " REFERENCES fk_other.x_parent (id) ON UPDATE CASCADE)", " SINGLE");
        same("INSERT INTO fk_other.x_parent VALUES (1), (2)");
        same("INSERT INTO x_child VALUES (1, 1), (2, 2)");
        same("INSERT INTO x_child VALUES (3, 3)");
        same("UPDATE fk_other.x_parent SET id = 10 WHERE id = 1");
        sameRows("SELECT * FROM x_child ORDER BY id");
        sameCreate("x_child");
        same("TRUNCATE TABLE fk_other.x_parent");
        same("RENAME TABLE fk_other.x_parent TO fk_other.x_renamed");
        sameCreate("x_child");
        same("INSERT INTO x_child VALUES (4, 4)");
        same("DROP TABLE fk_other.x_renamed");
        // a BROADCAST parent of a SINGLE child: the copies on DNs without the child must not be emptied either
        both("CREATE TABLE x_codes (code INT PRIMARY KEY)", " BROADCAST");
        both("CREATE TABLE x_user (id INT PRIMARY KEY, code INT, FOREIGN KEY (code) REFERENCES x_codes (code))",
            " SINGLE");
        same("INSERT INTO x_codes VALUES (1), (2)");
        same("INSERT INTO x_user VALUES (1, 1)");
        same("TRUNCATE TABLE x_codes");
        sameRows("SELECT * FROM x_codes ORDER BY code");
        List<String> copies = physicalCounts("x_codes");
        assertTrue(copies.size() >= 2, "one copy per DN: " + copies);
        assertEquals(List.of("2"), copies.stream().distinct().toList(), "every copy keeps its rows");
    }

    /** The row count of each physical table of a logical table of DB, read on the DNs themselves. */
    private static List<String> physicalCounts(String table) throws SQLException {
        List<String> counts = new ArrayList<>();
        com.polardbx.testing.TestingDataNodes nodes = cluster.dataNodes();
        for (int i = 0; i < nodes.size(); i++) {
            try (Connection dn = nodes.connect(i)) {
                for (String t : SqlFiles.rows(dn, "SELECT CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') FROM"
                    + " information_schema.TABLES WHERE TABLE_SCHEMA LIKE '" + DB + "\\_p%' AND TABLE_NAME LIKE '"
                    + table.replace("_", "\\_") + "\\_%'")) {
                    counts.addAll(SqlFiles.rows(dn, "SELECT COUNT(*) FROM " + t));
                }
            }
        }
        return counts;
    }

    private static List<String> keys(DatabaseMetaData md, boolean imported) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("m_child", "m_parent")) {
            try (ResultSet rs = imported ? md.getImportedKeys(DB, null, table) : md.getExportedKeys(DB, null, table)) {
                while (rs.next()) {
                    out.add(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + " <- "
                        + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + " " + rs.getInt("KEY_SEQ")
                        + " " + rs.getString("FK_NAME") + " upd=" + rs.getInt("UPDATE_RULE") + " del="
                        + rs.getInt("DELETE_RULE"));
                }
            }
        }
        return out;
    }
}
