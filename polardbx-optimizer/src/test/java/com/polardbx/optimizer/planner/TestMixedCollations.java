package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.route.PartitionPruner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's collation coercibility rules ({@link MixedCollations}): each refusal and acceptance below is what
 * MariaDB 10.11 answers for the same columns over a utf8mb4_general_ci connection (errno and message). No network.
 */
class TestMixedCollations {
    private static final TableMeta NAMES = table("names", TableKind.PARTITIONED);
    private static final TableMeta OTHER = table("other", TableKind.BROADCAST);
    private final QueryPlanner planner = new QueryPlanner(TestMixedCollations::catalog,
        new PartitionPruner(new PartitionRouter()));

    private static TableMeta table(String name, TableKind kind) {
        List<ColumnDef> columns = List.of(
            new ColumnDef("id", "int(11)", false, null, false, "", "", null, 1),
            new ColumnDef("a", "int(11)", true, null, false, "", "", null, 2),
            new ColumnDef("g", "varchar(10)", true, null, false, "", "", "utf8mb4_general_ci", 3),
            new ColumnDef("u", "varchar(10)", true, null, false, "", "", "utf8mb4_unicode_ci", 4),
            new ColumnDef("b", "varchar(10)", true, null, false, "", "", "utf8mb4_bin", 5),
            new ColumnDef("nb", "varchar(10)", true, null, false, "", "", "utf8mb4_nopad_bin", 6),
            new ColumnDef("n", "varchar(10)", true, null, false, "", "", "utf8mb4_general_nopad_ci", 7),
            new ColumnDef("dt", "date", true, null, false, "", "", null, 8));
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "shop_p" + (i % 2), name + "_0000" + i, null));
        }
        return new TableMeta("shop", name, kind, columns, List.of(new IndexDef("PRIMARY", true, List.of("id"))),
            new PartitionInfo(PartitionStrategy.HASH, List.of("id"), null, parts), 1, "CREATE TABLE " + name, 1);
    }

    static SchemaPlus catalog() {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        root.add("shop", new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                return Map.of("names", new CatalogTable(NAMES), "other", new CatalogTable(OTHER));
            }
        });
        return root;
    }

    private void assertRefused(int errno, String message, String sql) {
        SqlError e = assertThrows(SqlError.class, () -> planner.plan("shop", sql), sql);
        assertEquals(errno + " " + message, e.errno() + " " + e.getMessage(), sql);
    }

    private void assertAccepted(String sql) {
        planner.plan("shop", sql);
    }

    private static String mix(String left, String right, String operation) {
        return "Illegal mix of collations (" + left + ") and (" + right + ") for operation '" + operation + "'";
    }

    @Test
    void implicitCollationsOfOneCharsetDoNotMix() {
        String gu = mix("utf8mb4_general_ci,IMPLICIT", "utf8mb4_unicode_ci,IMPLICIT", "=");
        assertRefused(1267, gu, "SELECT id FROM names WHERE g = u");
        assertRefused(1267, gu, "SELECT x.id FROM names x JOIN other y ON x.g = y.u");
        assertRefused(1267, gu.replace("'='", "'<'"), "SELECT g < u AS c FROM names");
        assertRefused(1267, gu.replace("'='", "'<>'"), "SELECT id FROM names WHERE g != u");
        assertRefused(1267, gu.replace("'='", "'<=>'"), "SELECT id FROM names WHERE g <=> u");
        assertRefused(1267, gu.replace("'='", "'like'"), "SELECT id FROM names WHERE g LIKE u");
        assertRefused(1267, mix("utf8mb4_general_nopad_ci,IMPLICIT", "utf8mb4_general_ci,IMPLICIT", "="),
            "SELECT id FROM names WHERE n = g");
        assertRefused(1267, mix("utf8mb4_nopad_bin,IMPLICIT", "utf8mb4_bin,IMPLICIT", "="),
            "SELECT id FROM names WHERE nb = b");
        assertRefused(1267, mix("utf8mb4_unicode_ci,IMPLICIT", "utf8mb4_general_ci,IMPLICIT", "="),
            "SELECT id FROM names WHERE u = CAST(a AS CHAR)");
        assertRefused(1267, gu, "SELECT x.id FROM names x WHERE x.g IN (SELECT y.u FROM other y)");
        assertRefused(1267, mix("utf8mb4_unicode_ci,IMPLICIT", "utf8mb4_general_ci,IMPLICIT", "="),
            "SELECT x.id FROM names x WHERE x.u = (SELECT MAX(y.g) FROM other y)");
    }

    @Test
    void functionsPassTheirCollationOn() {
        String ug = mix("utf8mb4_unicode_ci,IMPLICIT", "utf8mb4_general_ci,IMPLICIT", "=");
        assertRefused(1267, ug, "SELECT id FROM names WHERE UPPER(u) = g");
        assertRefused(1267, ug, "SELECT id FROM names WHERE CONCAT(u, 1) = g");
        assertRefused(1267, ug, "SELECT id FROM names WHERE COALESCE(u, 'x') = g");
        assertRefused(1267, ug, "SELECT id FROM names WHERE IF(a > 1, u, 'x') = g");
        String none = mix("utf8mb4_bin,NONE", "utf8mb4_general_ci,COERCIBLE", "=");
        assertRefused(1267, none, "SELECT id FROM names WHERE CONCAT(g, u) = 'a'");
        assertRefused(1267, none, "SELECT id FROM names WHERE CONCAT(n, g) = 'a'");
        assertRefused(1267, mix("utf8mb4_nopad_bin,IMPLICIT", "utf8mb4_bin,IMPLICIT", "concat"),
            "SELECT id FROM names WHERE CONCAT(nb, b) = g");
    }

    @Test
    void listsNameEveryOperand() {
        assertRefused(1270, "Illegal mix of collations (utf8mb4_unicode_ci,IMPLICIT), (utf8mb4_general_ci,IMPLICIT),"
            + " (utf8mb4_general_ci,COERCIBLE) for operation 'in'", "SELECT id FROM names WHERE u IN (g, 'a')");
        assertRefused(1270, "Illegal mix of collations (utf8mb4_unicode_ci,IMPLICIT), (utf8mb4_general_ci,IMPLICIT),"
            + " (utf8mb4_general_ci,COERCIBLE) for operation 'between'", "SELECT id FROM names WHERE u BETWEEN g AND 'z'");
        assertRefused(1271, "Illegal mix of collations for operation 'in'",
            "SELECT id FROM names WHERE u IN (g, 'a', 'b')");
        assertRefused(1267, mix("utf8mb4_unicode_ci,IMPLICIT", "utf8mb4_general_ci,IMPLICIT", "="),
            "SELECT id FROM names WHERE u IN (g)");
    }

    @Test
    void strongerDerivationsAndBinaryCollationsWin() {
        assertAccepted("SELECT id FROM names WHERE g = b");
        assertAccepted("SELECT id FROM names WHERE u = b");
        assertAccepted("SELECT id FROM names WHERE n = b");
        assertAccepted("SELECT id FROM names WHERE b = CAST(a AS CHAR)");
        assertAccepted("SELECT id FROM names WHERE g = CAST(a AS CHAR)");
        assertAccepted("SELECT id FROM names WHERE u COLLATE utf8mb4_general_ci = g");
        assertAccepted("SELECT id FROM names WHERE u = 'a' AND g IN ('a', 'b') AND u BETWEEN 'a' AND 'z'");
        assertAccepted("SELECT id FROM names WHERE u = 1 AND u = dt AND u = NULL AND u = a");
        assertAccepted("SELECT x.id FROM names x JOIN other y ON x.u = y.u AND x.g = y.g");
        assertAccepted("SELECT id FROM names WHERE CONCAT(g, u) = g COLLATE utf8mb4_bin");
        assertAccepted("SELECT d.c FROM (SELECT g AS c FROM names) d JOIN other y ON d.c = y.g");
        assertRefused(1267, mix("utf8mb4_bin,EXPLICIT", "utf8mb4_general_ci,EXPLICIT", "="),
            "SELECT id FROM names WHERE u COLLATE utf8mb4_bin = g COLLATE utf8mb4_general_ci");
    }
}
