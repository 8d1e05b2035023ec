package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TestPhysicalSql {
    private static final PhysicalLocation LOC = new PhysicalLocation("dn0", "d_p0", "t_1a2b_00003");

    @Test
    void createTableKeepsUserTextAndCutsPlacement() {
        assertEquals("CREATE TABLE IF NOT EXISTS `d_p0`.`t_1a2b_00003` (id int, g int AS (id + 1) VIRTUAL,"
                + " PRIMARY KEY (id)) ENGINE=InnoDB COMMENT 'partition by x'",
            PhysicalSql.createTable("CREATE TABLE `db`.t (id int, g int AS (id + 1) VIRTUAL, PRIMARY KEY (id))"
                + " ENGINE=InnoDB COMMENT 'partition by x' PARTITION BY HASH(id) PARTITIONS 4;", LOC));
        assertEquals("create table IF NOT EXISTS `d_p0`.`t_1a2b_00003`(a int)",
            PhysicalSql.createTable("create table if not exists t(a int) BROADCAST ", LOC));
        assertEquals("CREATE TABLE IF NOT EXISTS `d_p0`.`t_1a2b_00003` (`single` int) DEFAULT CHARSET=utf8mb4",
            PhysicalSql.createTable("CREATE TABLE t (`single` int) SINGLE DEFAULT CHARSET=utf8mb4", LOC));
    }

    @Test
    void alterSwapsTableNameAndDropsTableRename() {
        assertEquals("ALTER TABLE `d_p0`.`t_1a2b_00003` ADD COLUMN c int AS (a * 2), RENAME COLUMN a TO b",
            PhysicalSql.alter("ALTER TABLE d.t ADD COLUMN c int AS (a * 2), RENAME TO t2, RENAME COLUMN a TO b")
                .apply(LOC));
        assertEquals("CREATE UNIQUE INDEX u ON `d_p0`.`t_1a2b_00003` (a, b(10)) USING BTREE",
            PhysicalSql.alter("CREATE UNIQUE INDEX u ON `t` (a, b(10)) USING BTREE").apply(LOC));
        assertEquals("DROP INDEX i ON `d_p0`.`t_1a2b_00003`", PhysicalSql.alter("DROP INDEX i ON d.t;").apply(LOC));
    }

    @Test
    void foreignKeyElementsAreReplacedAndColumnReferencesCut() {
        String sql = "CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p (id) ON DELETE CASCADE,"
            + " CONSTRAINT `f,1` FOREIGN KEY (pid) REFERENCES p (id), q int, FOREIGN KEY (q) REFERENCES p (id)) SINGLE";
        assertEquals("CREATE TABLE c (id int PRIMARY KEY, pid int, KEY k (pid), X1, q int) SINGLE",
            PhysicalSql.withForeignKeys(sql, java.util.List.of("X1", ""), java.util.List.of("KEY k (pid)")));
    }

    @Test
    void alterItemsAreRewrittenPerTableAndNothingLeftIsNull() {
        PhysicalSql.ItemRewriter dropFk = item -> item.get(0).is("DROP") && item.get(1).is("FOREIGN")
            ? l -> "DROP FOREIGN KEY IF EXISTS `f_" + l.physicalTable() + "`" : null;
        assertEquals("ALTER TABLE `d_p0`.`t_1a2b_00003` ADD COLUMN c int, DROP FOREIGN KEY IF EXISTS"
                + " `f_t_1a2b_00003`",
            PhysicalSql.alter("ALTER TABLE t ADD COLUMN c int, DROP FOREIGN KEY f", dropFk).apply(LOC));
        assertEquals(null, PhysicalSql.alter("ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p (b)", item -> l -> "")
            .apply(LOC));
    }
}
