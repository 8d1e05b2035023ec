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
}
