package com.polardbx.optimizer.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
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
import org.junit.jupiter.api.Test;

/** Which global indexes a one-table query could read through, for each shape of WHERE and each index hint. */
class TestGlobalIndexAccess {
    private static final ColumnDef ID = new ColumnDef("id", "bigint(20)", false, null, false, "", "", null, 1);
    private static final ColumnDef EMAIL = new ColumnDef("email", "varchar(40)", true, null, false, "", "",
        "utf8mb4_general_ci", 2);
    private static final ColumnDef K = new ColumnDef("k", "int(11)", true, null, false, "", "", null, 3);
    private static final ColumnDef J = new ColumnDef("j", "int(11)", true, null, false, "", "", null, 4);

    private static TableMeta table(String name, String key, ColumnDef... columns) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "d_p" + (i % 2), name + "_00" + i, null));
        }
        return new TableMeta("d", name, TableKind.PARTITIONED, List.of(columns),
            List.of(new IndexDef("PRIMARY", true, List.of("id"))),
            new PartitionInfo(PartitionStrategy.KEY, List.of(key), null, parts), 1, "", 1);
    }

    private static final TableMeta USERS = table("users", "id", ID, EMAIL, K, J).withGlobalIndexes(List.of(
        new GlobalIndexMeta("uk_email", true, false, List.of("email"), List.of(), IndexState.PUBLIC,
            table("uk_email$1", "email", EMAIL, ID)),
        new GlobalIndexMeta("g_kj", false, false, List.of("k", "j"), List.of(), IndexState.PUBLIC,
            table("g_kj$1", "k", K, J, ID)),
        new GlobalIndexMeta("g_k", false, false, List.of("k"), List.of(), IndexState.PUBLIC,
            table("g_k$1", "k", K, ID)),
        new GlobalIndexMeta("g_building", false, false, List.of("j"), List.of(), IndexState.BACKFILL,
            table("g_building$1", "j", J, ID))));

    private static String chosen(String sql) {
        SQLSelectStatement select = (SQLSelectStatement) SQLUtils.parseSingleStatement(sql,
            com.alibaba.druid.DbType.mysql);
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        SQLExprTableSource from = (SQLExprTableSource) block.getFrom();
        GlobalIndexAccess.Hints hints = GlobalIndexAccess.takeHints(from, USERS);
        List<GlobalIndexAccess.Choice> c = GlobalIndexAccess.candidates(USERS, from.getAlias(), block.getWhere(),
            hints);
        return c.isEmpty() ? null : String.join(", ", c.stream().map(x -> x.index().name() + " x"
            + x.tuples().size()).toList());
    }

    @Test
    void equalityOnEveryIndexColumnChoosesTheIndex() {
        assertEquals("uk_email x1", chosen("SELECT * FROM users WHERE email = 'a@x'"));
        assertEquals("uk_email x2", chosen("SELECT * FROM users u WHERE u.email IN ('a', 'b') AND j > 3"));
        assertEquals("g_kj x6, g_k x2", chosen("SELECT * FROM users WHERE k IN (1, 2) AND j IN (3, 4, 5)"));
        assertEquals("g_k x1", chosen("SELECT * FROM users WHERE k = 1 AND j > 5"));
        // every usable index is a candidate: the cost decides (TestAccessPathChooser)
        assertEquals("uk_email x1, g_k x1", chosen("SELECT * FROM users WHERE k = 1 AND email = 'a'"));
    }

    @Test
    void otherShapesReadThePrimary() {
        assertNull(chosen("SELECT * FROM users WHERE email LIKE 'a%'"));
        assertNull(chosen("SELECT * FROM users WHERE email = 'a' OR k = 1"));
        assertNull(chosen("SELECT * FROM users WHERE k = j"));
        assertNull(chosen("SELECT * FROM users WHERE email = NULL"));
        assertNull(chosen("SELECT * FROM users WHERE k = '1'"), "a string for an INT column routes differently");
        assertNull(chosen("SELECT * FROM users WHERE j = 3"), "an index still being built is not read");
        assertNull(chosen("SELECT * FROM users"));
    }

    @Test
    void hintsDecide() {
        assertEquals("g_k x1", chosen("SELECT * FROM users FORCE INDEX (g_k) WHERE k = 1 AND email = 'a'"));
        assertEquals("g_k x1", chosen("SELECT * FROM users USE INDEX (g_k) WHERE k = 1 AND email = 'a'"));
        assertEquals("g_k x1", chosen("SELECT * FROM users IGNORE INDEX (uk_email) WHERE k = 1 AND email = 'a'"));
        assertEquals("uk_email x1, g_k x1",
            chosen("SELECT * FROM users IGNORE INDEX (g_kj) WHERE k = 1 AND email = 'a'"));
        assertNull(chosen("SELECT * FROM users FORCE INDEX (PRIMARY) WHERE email = 'a'"));
        assertNull(chosen("SELECT * FROM users IGNORE INDEX (uk_email) WHERE email = 'a'"));
    }

    @Test
    void indexHintsLeaveTheStatement() {
        SQLSelectStatement select = (SQLSelectStatement) SQLUtils.parseSingleStatement(
            "SELECT * FROM users FORCE INDEX (g_k) IGNORE INDEX (PRIMARY) WHERE k = 1", com.alibaba.druid.DbType.mysql);
        SQLExprTableSource from = (SQLExprTableSource) select.getSelect().getQueryBlock().getFrom();
        GlobalIndexAccess.takeHints(from, USERS);
        assertEquals("SELECT *\nFROM users\nWHERE k = 1", SQLUtils.toMySqlString(select));
    }
}
