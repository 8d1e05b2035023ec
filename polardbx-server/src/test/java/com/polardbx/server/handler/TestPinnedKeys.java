package com.polardbx.server.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The primary keys an UPDATE/DELETE's WHERE names outright, and whether it is nothing else. */
class TestPinnedKeys {
    private static TableMeta table(String... pk) {
        List<ColumnDef> columns = List.of(new ColumnDef("id", "int(11)", false, null, false, "", "", null, 1),
            new ColumnDef("b", "varchar(8)", false, null, false, "", "", "utf8mb4_general_ci", 2),
            new ColumnDef("k", "int(11)", true, null, false, "", "", null, 3));
        return new TableMeta("db", "t", TableKind.PARTITIONED, columns, List.of(new IndexDef("PRIMARY", true,
            List.of(pk))), null, 0, "", 1);
    }

    private static PinnedKeys pinned(String sql, String... pk) {
        UpdateDeleteShape shape = UpdateDeleteShape.of(SQLUtils.parseSingleMysqlStatement(sql));
        return PinnedKeys.of(table(pk), List.of(pk), "t", shape);
    }

    private static List<List<String>> texts(PinnedKeys keys) {
        return keys.keys().stream().map(k -> k.stream().map(SQLExpr::toString).toList()).toList();
    }

    @Test
    void equalitiesAndInListsOfTheKey() {
        PinnedKeys one = pinned("UPDATE t SET k = 1 WHERE id = 5", "id");
        assertEquals(List.of(List.of("5")), texts(one));
        assertTrue(one.exact());
        PinnedKeys in = pinned("DELETE FROM t WHERE t.id IN (1, 2) AND k > 3", "id");
        assertEquals(List.of(List.of("1"), List.of("2")), texts(in));
        assertFalse(in.exact(), "k > 3 narrows the rows: a DELETE must read them again");
        PinnedKeys reversed = pinned("DELETE FROM t WHERE 7 = id", "id");
        assertEquals(List.of(List.of("7")), texts(reversed));
        PinnedKeys composite = pinned("DELETE FROM t WHERE b = 'x' AND id = 2", "id", "b");
        assertEquals(List.of(List.of("2", "'x'")), texts(composite));
        assertTrue(composite.exact());
    }

    @Test
    void notPinned() {
        assertNull(pinned("DELETE FROM t WHERE id = '1'", "id"), "a string compared with an INT key");
        assertNull(pinned("DELETE FROM t WHERE id = 1 OR id = 2", "id"));
        assertNull(pinned("DELETE FROM t WHERE id = 1 LIMIT 1", "id"));
        assertNull(pinned("DELETE FROM t WHERE id = 1 ORDER BY k", "id"));
        assertNull(pinned("UPDATE t SET k = 1 WHERE id = k", "id"));
        assertNull(pinned("DELETE FROM t WHERE id IN (1, 2) AND b = 'x'", "id", "b"), "IN of a composite key part");
        assertNull(pinned("DELETE FROM t WHERE id = 1", "id", "b"), "half a composite key");
        assertNull(pinned("DELETE FROM t WHERE id NOT IN (1)", "id"));
        assertNull(pinned("DELETE FROM t WHERE other.id = 1", "id"), "another table's column");
        assertNull(pinned("DELETE FROM t WHERE id = NULL", "id"));
    }
}
