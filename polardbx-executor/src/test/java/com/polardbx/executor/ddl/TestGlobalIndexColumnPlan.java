package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.IndexState;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an ALTER of columns plans for the global indexes of t (id, k, v, w): gk (k) COVERING (v), CLUSTERED cw (w). */
class TestGlobalIndexColumnPlan {
    private static ColumnDef col(String name, String type) {
        return new ColumnDef(name, type, !name.equals("id"), null, false, "", "",
            type.startsWith("varchar") ? "utf8mb4_general_ci" : null, 0);
    }

    private static TableMeta table(String name, List<String> columns, List<String> partitionBy) {
        List<ColumnDef> defs = new ArrayList<>();
        for (String c : columns) {
            defs.add(col(c, c.equals("v") ? "varchar(10)" : "int(11)"));
        }
        PartitionInfo p = new PartitionInfo(PartitionStrategy.KEY, partitionBy, null,
            List.of(new PartitionDef("p0", 0, "dn0", "d_p0", name + "_0", null)));
        return new TableMeta("d", name, TableKind.PARTITIONED, defs, List.of(new IndexDef("PRIMARY", true,
            List.of("id"))), p, 0, "", 1);
    }

    private static TableMeta primary(boolean uniqueGk) {
        GlobalIndexMeta gk = new GlobalIndexMeta("gk", uniqueGk, false, List.of("k"), List.of("v"),
            IndexState.PUBLIC, table("gk$0001", List.of("k", "id", "v"), List.of("k")));
        GlobalIndexMeta cw = new GlobalIndexMeta("cw", false, true, List.of("w"), List.of("id", "k", "v"),
            IndexState.PUBLIC, table("cw$0002", List.of("w", "id", "k", "v"), List.of("w")));
        return table("t", List.of("id", "k", "v", "w"), List.of("id")).withGlobalIndexes(List.of(gk, cw));
    }

    private static GlobalIndexColumnPlan plan(String sql) {
        return GlobalIndexColumnPlan.of(primary(false), (SQLAlterTableStatement) DdlStatementParser.parse(sql));
    }

    @Test
    void addReachesOnlyClusteredIndexesAndComputedDefaultsAreRecopied() {
        GlobalIndexColumnPlan constant = plan("ALTER TABLE t ADD COLUMN x INT NOT NULL DEFAULT 5");
        assertEquals(1, constant.changed().size());
        GlobalIndexColumnPlan.IndexChange cw = constant.changed().get(0);
        assertEquals("cw", cw.index().name());
        assertEquals(List.of("id", "k", "v", "x"), cw.covering());
        assertFalse(cw.backfill());
        assertEquals("ADD COLUMN `x` int(11) NOT NULL DEFAULT 5", GlobalIndexColumnPlan.indexTableAlter(cw,
            Map.of("x", new ColumnDef("x", "int(11)", false, "5", false, "", "", null, 5))));
        assertTrue(plan("ALTER TABLE t ADD COLUMN x DATETIME DEFAULT CURRENT_TIMESTAMP").changed().get(0).backfill());
        assertTrue(plan("ALTER TABLE t ADD COLUMN x INT AS (k + 1) STORED").changed().get(0).backfill());
    }

    @Test
    void dropRemovesCoveringColumnsAndIndexesLeftWithoutColumns() {
        GlobalIndexColumnPlan dropV = plan("ALTER TABLE t DROP COLUMN v");
        assertTrue(dropV.dropped().isEmpty());
        assertEquals(List.of(List.of(), List.of("id", "k")), dropV.changed().stream()
            .map(GlobalIndexColumnPlan.IndexChange::covering).toList());
        GlobalIndexColumnPlan dropK = plan("ALTER TABLE t DROP COLUMN k");
        assertEquals(List.of("gk"), dropK.dropped().stream().map(GlobalIndexMeta::name).toList());
        assertEquals(List.of("cw"), dropK.changed().stream().map(c -> c.index().name()).toList());
        assertTrue(plan("ALTER TABLE t DROP COLUMN nobody_indexes_this").isEmpty());
        assertEquals(1235, assertThrows(SqlError.class, () -> plan("ALTER TABLE t DROP COLUMN id")).errno());
    }

    @Test
    void renamesFollowTheColumnAndRoutingChangesAreRefused() {
        GlobalIndexColumnPlan rename = plan("ALTER TABLE t CHANGE k kk INT");
        GlobalIndexColumnPlan.IndexChange gk = rename.changed().get(0);
        assertEquals(List.of("kk"), gk.columns());
        assertEquals(List.of("kk"), gk.partitionColumns());
        assertEquals(List.of("id", "kk", "v"), rename.changed().get(1).covering());
        assertEquals(List.of("kk"), plan("ALTER TABLE t RENAME COLUMN k TO kk").changed().get(0).columns());
        assertEquals(1235, assertThrows(SqlError.class, () -> plan("ALTER TABLE t MODIFY k BIGINT")).errno());
        assertEquals(1235, assertThrows(SqlError.class,
            () -> plan("ALTER TABLE t MODIFY k INT AS (id * 2) STORED")).errno());
        assertTrue(plan("ALTER TABLE t MODIFY v VARCHAR(99)").changed().size() == 2, "covered: any type");
        assertEquals(1235, assertThrows(SqlError.class, () -> plan("ALTER TABLE t DROP PRIMARY KEY")).errno());
    }

    @Test
    void aColumnOfAMultiColumnUniqueIndexCannotBeDropped() {
        TableMeta t = primary(false);
        GlobalIndexMeta kv = new GlobalIndexMeta("ukv", true, false, List.of("k", "v"), List.of(),
            IndexState.PUBLIC, table("ukv$0003", List.of("k", "v", "id"), List.of("k")));
        List<GlobalIndexMeta> all = new ArrayList<>(t.globalIndexes());
        all.add(kv);
        TableMeta withKv = t.withGlobalIndexes(all);
        SqlError e = assertThrows(SqlError.class, () -> GlobalIndexColumnPlan.of(withKv,
            (SQLAlterTableStatement) DdlStatementParser.parse("ALTER TABLE t DROP COLUMN v")));
        assertEquals(1072, e.errno());
    }
}
