package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.gms.stats.Histogram;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.catalog.TableStatistics;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.route.PartitionPruner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.junit.jupiter.api.Test;

/**
 * Plans that change with ANALYZE TABLE statistics (no network): two tables of 100,000 rows in different table groups,
 * joined in the CN. Without statistics both filters get Calcite's guess and the join keeps the written order; with
 * NDVs and histograms the side that really keeps fewer rows becomes the hash join's build (right) side.
 */
class TestStatisticsPlans {
    private static final TableMeta ORDERS = table("orders", 1, "id",
        column("id", "bigint(20)", 1), column("customer_id", "int(11)", 2), column("status", "varchar(16)", 3),
        column("amount", "int(11)", 4));
    private static final TableMeta CUSTOMERS = table("customers", 2, "id",
        column("id", "int(11)", 1), column("nation_id", "int(11)", 2), column("name", "varchar(32)", 3));

    /** orders.status has 1,000 values (equality keeps 0.1 %), customers.nation_id 2 (keeps 50 %). */
    private static final TableStatistics ANALYZED = new TableStatistics() {
        @Override
        public double rowCount(com.polardbx.gms.meta.TableMeta table) {
            return 100_000;
        }

        @Override
        public ColumnStatistics column(com.polardbx.gms.meta.TableMeta table, String column) {
            return switch (table.name() + "." + column) {
                case "orders.status" -> new ColumnStatistics("status", 1_000, 0, "a", "z", null);
                case "orders.customer_id", "customers.id" -> new ColumnStatistics(column, 100_000, 0, "1", "100000",
                    null);
                case "orders.amount" -> new ColumnStatistics("amount", 10_000, 0, "0", "10000",
                    new Histogram(new double[] {0, 10, 20, 10_000}));
                case "customers.nation_id" -> new ColumnStatistics("nation_id", 2, 0, "1", "2", null);
                case "customers.name" -> new ColumnStatistics("name", 50_000, 20_000, "a", "z", null);
                default -> null;
            };
        }
    };

    private static final String NATION_AND_STATUS = "SELECT o.id, c.id FROM orders o JOIN customers c"
        + " ON o.customer_id = c.id WHERE o.status = 'rare' AND c.nation_id = 1";

    @Test
    void ndvMakesTheSelectiveSideTheBuildSide() {
        // no statistics: both filters guessed alike, the first input probes and customers is built
        assertEquals("customers", buildSide(plan(TableStatistics.NONE, NATION_AND_STATUS)));
        // status = 'rare' keeps 100 orders, nation_id = 1 keeps 50,000 customers: the orders are built
        assertEquals("orders", buildSide(plan(ANALYZED, NATION_AND_STATUS)));
    }

    @Test
    void histogramRangeDecidesTheBuildSide() {
        // amount < 10 is the first of three equi-height buckets (33 %): fewer rows than nation_id = 1 (50 %)
        String sql = "SELECT o.id, c.id FROM customers c JOIN orders o ON o.customer_id = c.id"
            + " WHERE o.amount < 10 AND c.nation_id = 1";
        assertEquals("orders", buildSide(plan(ANALYZED, sql)));
        // without statistics: amount < 10 guessed 50 %, nation_id = 1 15 %: customers is built
        assertEquals("customers", buildSide(plan(TableStatistics.NONE, sql)));
    }

    @Test
    void selectivityFollowsTheStatistics() {
        RelNode scan = plan(ANALYZED, "SELECT id FROM orders WHERE status = 'x'");
        assertTrue(RelOptUtil.toString(scan).contains("LogicalView"));
        double rows = RowEstimate.rows(scan);
        assertEquals(100, rows, 1, "100,000 rows / 1,000 values");
        assertEquals(50_000, RowEstimate.rows(plan(ANALYZED, "SELECT id FROM customers WHERE nation_id = 2")), 1);
        assertEquals(2, RowEstimate.rows(plan(ANALYZED,
            "SELECT nation_id, COUNT(*) FROM customers GROUP BY nation_id")), 0.01, "groups = NDV");
        assertEquals(100_000 / 3.0, RowEstimate.rows(plan(ANALYZED,
            "SELECT id FROM orders WHERE amount >= 20")), 1, "the last of three buckets");
    }

    @Test
    void inListsBetweenAndNullsFollowTheStatistics() {
        assertEquals(300, RowEstimate.rows(plan(ANALYZED,
            "SELECT id FROM orders WHERE status IN ('a', 'b', 'c')")), 1, "three values of 1,000");
        assertEquals(100_000 / 3.0, RowEstimate.rows(plan(ANALYZED,
            "SELECT id FROM orders WHERE amount BETWEEN 10 AND 20")), 1, "the middle bucket");
        assertEquals(100_000 / 6.0, RowEstimate.rows(plan(ANALYZED,
            "SELECT id FROM orders WHERE amount >= 15 AND amount <= 20")), 1, "two bounds form one range");
        assertEquals(20_000, RowEstimate.rows(plan(ANALYZED, "SELECT id FROM customers WHERE name IS NULL")), 1);
        assertEquals(80_000, RowEstimate.rows(plan(ANALYZED, "SELECT id FROM customers WHERE name IS NOT NULL")), 1);
    }

    /** The table read by the right (build) input of the plan's topmost join. */
    private static String buildSide(RelNode root) {
        RelNode node = root;
        while (!(node instanceof Join)) {
            node = node.getInput(0);
        }
        RelNode right = ((Join) node).getRight();
        return right instanceof LogicalView view ? view.table().name() : null;
    }

    private static RelNode plan(TableStatistics statistics, String sql) {
        QueryPlanner planner = new QueryPlanner(() -> catalog(statistics), new PartitionPruner(new PartitionRouter()));
        return planner.plan("shop", sql).root();
    }

    private static SchemaPlus catalog(TableStatistics statistics) {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        root.add("shop", new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                Map<String, Table> tables = new LinkedHashMap<>();
                tables.put("orders", new CatalogTable(ORDERS, statistics));
                tables.put("customers", new CatalogTable(CUSTOMERS, statistics));
                return tables;
            }
        });
        return root;
    }

    private static ColumnDef column(String name, String type, int ordinal) {
        return new ColumnDef(name, type, true, null, false, "", "",
            type.startsWith("varchar") ? "utf8mb4_general_ci" : null, ordinal);
    }

    private static TableMeta table(String name, long group, String key, ColumnDef... columns) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "shop_p" + (i % 2), name + "_ab12_0000" + i, null));
        }
        return new TableMeta("shop", name, TableKind.PARTITIONED, List.of(columns),
            List.of(new IndexDef("PRIMARY", true, List.of(columns[0].name()))),
            new PartitionInfo(PartitionStrategy.HASH, List.of(key), null, parts), group, "CREATE TABLE " + name, 1);
    }
}
