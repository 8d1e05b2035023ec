package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPartitionPlanner {
    private static final DatabaseMeta DB = new DatabaseMeta("d", "auto", "utf8mb4", "utf8mb4_general_ci",
        Map.of("dn0", "d_p0", "dn1", "d_p1"));
    private static final List<String> DNS = List.of("dn0", "dn1");

    private static PlacementPlan plan(String sql) {
        var stmt = (MySqlCreateTableStatement) DdlStatementParser.parse(sql);
        return new PartitionPlanner().plan(stmt, sql, DB, DNS, "t_abcd_");
    }

    @Test
    void hashPartitionsAlternateDataNodes() {
        PlacementPlan p = plan("CREATE TABLE t (id int primary key) PARTITION BY HASH(id) PARTITIONS 3");
        assertEquals(TableKind.PARTITIONED, p.kind());
        assertEquals(PartitionStrategy.HASH, p.partitionInfo().strategy());
        assertNull(p.partitionInfo().expression());
        List<PartitionDef> parts = p.partitionInfo().partitions();
        assertEquals(List.of("dn0", "dn1", "dn0"), parts.stream().map(PartitionDef::dnId).toList());
        assertEquals(List.of("d_p0", "d_p1", "d_p0"), parts.stream().map(PartitionDef::physicalDb).toList());
        assertEquals("t_abcd_00002", parts.get(2).physicalTable());
        assertEquals("p3", parts.get(2).name());
    }

    @Test
    void boundsAndExpressions() {
        PlacementPlan range = plan("CREATE TABLE t (id int, d date, primary key (id, d)) PARTITION BY RANGE(YEAR(d))"
            + " (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE)");
        assertEquals(PartitionStrategy.RANGE, range.partitionInfo().strategy());
        assertEquals("YEAR(d)", range.partitionInfo().expression());
        assertEquals(List.of("d"), range.partitionInfo().columns());
        assertEquals(List.of("2000", "MAXVALUE"), range.partitionInfo().partitions().stream().map(PartitionDef::bound)
            .toList());

        PlacementPlan rangeColumns = plan("CREATE TABLE t (a int, b char(1)) PARTITION BY RANGE COLUMNS(a, b)"
            + " (PARTITION p0 VALUES LESS THAN (1, 'x'), PARTITION p1 VALUES LESS THAN (MAXVALUE, MAXVALUE))");
        assertEquals(PartitionStrategy.RANGE_COLUMNS, rangeColumns.partitionInfo().strategy());
        assertEquals("1,'x'", rangeColumns.partitionInfo().partitions().get(0).bound());

        PlacementPlan listColumns = plan("CREATE TABLE t (a int, b char(1)) PARTITION BY LIST COLUMNS(a, b)"
            + " (PARTITION p0 VALUES IN ((1, 'a'), (2, 'b')))");
        assertEquals("(1,'a'),(2,'b')", listColumns.partitionInfo().partitions().get(0).bound());
        assertTrue(PlacementClause.of(TableKind.PARTITIONED, listColumns.partitionInfo())
            .contains("PARTITION p0 VALUES IN ((1,'a'),(2,'b'))"));
    }

    @Test
    void defaultsBroadcastSingleAndErrors() {
        PlacementPlan byPk = plan("CREATE TABLE t (id int, v int, PRIMARY KEY (id))");
        assertEquals(PartitionStrategy.KEY, byPk.partitionInfo().strategy());
        assertEquals(List.of("id"), byPk.partitionInfo().columns());
        assertEquals(PartitionPlanner.DEFAULT_PARTITIONS, byPk.locations().size());
        assertEquals(TableKind.SINGLE, plan("CREATE TABLE t (v int)").kind());
        assertEquals(TableKind.SINGLE, plan("CREATE TABLE t (id int primary key) SINGLE").kind());
        PlacementPlan bc = plan("CREATE TABLE t (id int primary key) BROADCAST");
        assertEquals(TableKind.BROADCAST, bc.kind());
        assertEquals(2, bc.locations().size());
        assertEquals(1492, assertThrows(SqlError.class, () -> plan("CREATE TABLE t (a int) PARTITION BY RANGE(a)"))
            .errno());
        assertEquals(1517, assertThrows(SqlError.class, () -> plan("CREATE TABLE t (a int) PARTITION BY LIST(a)"
            + " (PARTITION p VALUES IN (1), PARTITION p VALUES IN (2))")).errno());
    }

    @Test
    void createDatabaseModeIsStrippedForDruid() {
        assertEquals("auto", DdlStatementParser.databaseMode("CREATE DATABASE d MODE = 'AUTO'"));
        assertNull(DdlStatementParser.databaseMode("CREATE DATABASE d"));
        assertTrue(DdlStatementParser.parse("create database if not exists d mode='auto' default charset utf8mb4")
            instanceof com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement);
    }
}
