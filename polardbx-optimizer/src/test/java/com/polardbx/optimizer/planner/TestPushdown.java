package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.MergeAggregate;
import com.polardbx.optimizer.rel.ShardSql;
import com.polardbx.optimizer.route.PartitionPruner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.junit.jupiter.api.Test;

/** Structural tests of what the planner pushes to the data nodes and what it keeps in the CN (no network). */
class TestPushdown {
    private static final TableMeta ORDERS = partitioned();
    /** Partitioned like orders (same table group) on its order id. */
    private static final TableMeta LINES = table("lines", TableKind.PARTITIONED, 1, "order_id", List.of(
        new ColumnDef("order_id", "bigint(20)", false, null, false, "", "", null, 1),
        new ColumnDef("line", "int(11)", false, null, false, "", "", null, 2),
        new ColumnDef("price", "decimal(12,2)", true, null, false, "", "", null, 3)));
    /** Partitioned on its id in another table group. */
    private static final TableMeta ITEMS = table("items", TableKind.PARTITIONED, 2, "id", List.of(
        new ColumnDef("id", "bigint(20)", false, null, false, "", "", null, 1),
        new ColumnDef("order_id", "bigint(20)", false, null, false, "", "", null, 2)));
    private static final TableMeta STATUSES = table("statuses", TableKind.BROADCAST, 0, "name", List.of(
        new ColumnDef("name", "varchar(16)", false, null, false, "", "", "utf8mb4_general_ci", 1),
        new ColumnDef("label", "varchar(16)", true, null, false, "", "", "utf8mb4_general_ci", 2)));
    private final QueryPlanner planner = new QueryPlanner(TestPushdown::catalog,
        new PartitionPruner(new PartitionRouter()));

    private static TableMeta partitioned() {
        List<ColumnDef> columns = List.of(
            new ColumnDef("id", "bigint(20)", false, null, false, "", "", null, 1),
            new ColumnDef("status", "varchar(16)", true, null, false, "", "", "utf8mb4_general_ci", 2),
            new ColumnDef("amount", "decimal(12,2)", true, null, false, "", "", null, 3));
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "shop_p" + (i % 2), "orders_ab12_0000" + i, null));
        }
        return new TableMeta("shop", "orders", TableKind.PARTITIONED, columns,
            List.of(new IndexDef("PRIMARY", true, List.of("id"))),
            new PartitionInfo(PartitionStrategy.HASH, List.of("id"), null, parts), 1, "CREATE TABLE orders ...", 1);
    }

    private static TableMeta table(String name, TableKind kind, long group, String key, List<ColumnDef> columns) {
        List<PartitionDef> parts = new ArrayList<>();
        int count = kind == TableKind.BROADCAST ? 2 : 4;
        for (int i = 0; i < count; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "shop_p" + (i % 2), name + "_cd34_0000" + i, null));
        }
        return new TableMeta("shop", name, kind, columns, List.of(new IndexDef("PRIMARY", true, List.of(key))),
            new PartitionInfo(PartitionStrategy.HASH, List.of(key), null, parts), group, "CREATE TABLE " + name, 1);
    }

    static SchemaPlus catalog() {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        root.add("shop", new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                return Map.of("orders", new CatalogTable(ORDERS), "lines", new CatalogTable(LINES), "items",
                    new CatalogTable(ITEMS), "statuses", new CatalogTable(STATUSES));
            }
        });
        return root;
    }

    private RelNode plan(String sql) {
        return planner.plan("shop", sql).root();
    }

    @Test
    void collateAndBinaryReachTheShardsInMySqlSyntax() {
        LogicalView view = assertInstanceOf(LogicalView.class,
            plan("SELECT id FROM orders WHERE BINARY status = 'new' AND status COLLATE utf8mb4_bin > 'a'"
                + " AND status <> 'B' COLLATE utf8mb4_bin"));
        String sql = ShardSql.template(view);
        assertTrue(sql.contains("(BINARY `status`) = 'new'") && sql.contains("(`status` COLLATE utf8mb4_bin) > 'a'")
            && sql.contains("`status` <> ('B' COLLATE utf8mb4_bin)"), sql);
    }

    @Test
    void convertUsingKeepsTheCharacterSetAName() {
        String sql = ShardSql.template(assertInstanceOf(LogicalView.class,
            plan("SELECT CONVERT(status USING latin1) FROM orders")));
        assertTrue(sql.contains("CONVERT(`status` USING latin1)"), sql);
    }

    @Test
    void starColumnsKeepTheirNamesWhenTheyRepeat() {
        assertEquals(List.of("id", "status", "amount", "order_id", "line", "price", "id", "x"),
            planner.plan("shop", "SELECT o.*, l.*, o.id, 1 AS x FROM orders o JOIN lines l ON l.order_id = o.id")
                .columnLabels());
        assertEquals(List.of("order_id", "line", "price", "id", "order_id"),
            planner.plan("shop", "SELECT * FROM lines l JOIN items i ON i.id = l.line").columnLabels());
    }

    @Test
    void filterOnThePartitionKeyReadsOneShard() {
        LogicalView view = assertInstanceOf(LogicalView.class,
            plan("SELECT status FROM orders WHERE id = 5 AND amount > 1"));
        assertEquals(1, view.partitions().size());
        String sql = ShardSql.template(view);
        assertTrue(sql.contains("WHERE") && sql.contains("`amount` > 1"), sql);
    }

    @Test
    void mySqlFunctionsAndIntervalsReachTheShardsInMySqlSyntax() {
        LogicalView view = assertInstanceOf(LogicalView.class, plan("SELECT DATE_ADD(status, INTERVAL id DAY), "
            + "DATE_SUB(status, INTERVAL 1 MONTH), LPAD(status, 5, '*'), id DIV 2 FROM orders"));
        String sql = ShardSql.template(view);
        assertTrue(sql.contains("DATE_ADD(`status`, INTERVAL (`id`) DAY)")
            && sql.contains("DATE_SUB(`status`, INTERVAL (1) MONTH)") && sql.contains("LPAD(`status`, 5, '*')")
            && sql.contains("(`id` DIV 2)"), sql);
    }

    @Test
    void filterOnOtherColumnsReadsEveryShard() {
        LogicalView view = assertInstanceOf(LogicalView.class, plan("SELECT id FROM orders WHERE status = 'new'"));
        assertEquals(4, view.partitions().size());
        List<ShardSql.ShardQuery> queries = ShardSql.queries(view);
        assertEquals(4, queries.size());
        assertTrue(queries.get(3).sql().contains("`shop_p1`.`orders_ab12_00003`"), queries.get(3).sql());
    }

    @Test
    void aggregateSplitsIntoPartialOnShardsAndFinalInTheCn() {
        MergeAggregate merge = assertInstanceOf(MergeAggregate.class,
            plan("SELECT status, COUNT(*), AVG(amount) FROM orders GROUP BY status"));
        LogicalView partial = assertInstanceOf(LogicalView.class, merge.getInput());
        String sql = ShardSql.template(partial);
        // AVG travels as SUM and COUNT so the CN can combine shards exactly
        assertTrue(sql.contains("GROUP BY `status`") && sql.contains("SUM(`amount`)") && sql.contains("COUNT(`amount`)"),
            sql);
    }

    @Test
    void aFilterOverAJoinSharingColumnNamesGetsNamesOfItsOwn() {
        // a lookup join restricts its inner view with a filter: SELECT * FROM (join) WHERE .. was 1060 on MySQL
        LogicalView view = findView(plan("SELECT * FROM lines a JOIN lines b ON a.order_id = b.order_id"), "lines");
        LogicalView restricted = view.withPushed(org.apache.calcite.rel.logical.LogicalFilter.create(view.pushed(),
            view.getCluster().getRexBuilder().makeLiteral(false)), view.partitions(), view.collation());
        String sql = ShardSql.template(restricted);
        assertTrue(sql.contains("AS `j0`") && sql.contains("AS `j3`") && !sql.contains("(SELECT * FROM"), sql);
    }

    @Test
    void constantGroupKeysAreNotColumnPositionsOnTheShards() {
        MergeAggregate merge = assertInstanceOf(MergeAggregate.class, plan("SELECT DISTINCT 5, status FROM orders"));
        String sql = ShardSql.template(assertInstanceOf(LogicalView.class, merge.getInput()));
        assertTrue(sql.contains("GROUP BY '5', `status`") || sql.contains("GROUP BY `status`"), sql);
        String sorted = ShardSql.template(findView(plan("SELECT id, 5 AS c FROM orders ORDER BY c, id LIMIT 3"),
            "orders"));
        assertTrue(!sorted.matches(".*ORDER BY 5\\b.*"), sorted);
    }

    @Test
    void nullSafeEqualityReachesTheShardsAsMySqlSpellsIt() {
        RelNode plan = plan("SELECT o.id, (SELECT COUNT(*) FROM orders y WHERE y.id = o.id) FROM orders o");
        StringBuilder sql = new StringBuilder();
        new org.apache.calcite.rel.RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof LogicalView view) {
                    sql.append(ShardSql.template(view)).append('\n');
                }
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        assertTrue(!sql.toString().contains("DISTINCT FROM"), sql.toString());
    }

    @Test
    void filteredBroadcastTableIsReadFromOneCopy() {
        LogicalView view = assertInstanceOf(LogicalView.class, plan("SELECT name FROM statuses WHERE label = 'x'"));
        assertEquals(1, view.partitions().size());
        RelNode cross = plan("SELECT COUNT(*) FROM orders o, statuses s WHERE s.label = 'x'");
        assertEquals(1, findView(cross, "statuses").partitions().size(), RelOptUtil.toString(cross));
    }

    @Test
    void ungroupedColumnsAreAnyValueOfTheGroupUnlessOnlyFullGroupBy() {
        String sql = "SELECT cor0.status, COUNT(*), amount + 1 FROM orders AS cor0 GROUP BY cor0.amount"
            + " ORDER BY cor0.id";
        String text = RelOptUtil.toString(plan(sql));
        assertTrue(text.contains("MIN("), text);
        assertEquals(List.of("status", "COUNT(*)", "amount + 1"), planner.plan("shop", sql).columnLabels());
        com.polardbx.common.error.SqlError refused = org.junit.jupiter.api.Assertions.assertThrows(
            com.polardbx.common.error.SqlError.class, () -> planner.plan("shop", sql, true));
        assertEquals(1055, refused.errno(), refused.getMessage());
        // a grouped expression, a grouped alias and a grouped position stay as they are
        for (String grouped : List.of("SELECT amount + 1, COUNT(*) FROM orders GROUP BY amount + 1",
            "SELECT amount AS a, COUNT(*) FROM orders GROUP BY a", "SELECT status, COUNT(*) FROM orders GROUP BY 1")) {
            String plan = RelOptUtil.toString(plan(grouped));
            assertTrue(!plan.contains("MIN("), grouped + "\n" + plan);
        }
    }

    @Test
    void groupingByThePartitionKeyPushesTheWholeAggregate() {
        LogicalView view = assertInstanceOf(LogicalView.class,
            plan("SELECT id, COUNT(*) FROM orders GROUP BY id"));
        assertTrue(ShardSql.template(view).contains("GROUP BY `id`"));
    }

    @Test
    void orderByLimitPushesOffsetPlusCountAndMergesInTheCn() {
        LogicalSort top = assertInstanceOf(LogicalSort.class, plan("SELECT id FROM orders ORDER BY id DESC LIMIT 5, 10"));
        LogicalView view = assertInstanceOf(LogicalView.class, top.getInput());
        assertEquals(1, view.collation().getFieldCollations().size());
        String sql = ShardSql.template(view);
        assertTrue(sql.contains("ORDER BY `id` DESC") && sql.contains("LIMIT 15"), sql);
        assertTrue(!sql.contains("NULLS"), "MySQL has no NULLS FIRST/LAST: " + sql);
    }

    @Test
    void cachedPlanIsReusedWithOtherConstantsAndPrunedAgain() {
        QueryPlanner cached = new QueryPlanner(TestPushdown::catalog, new PartitionPruner(new PartitionRouter()),
            () -> 1L);
        QueryPlanner.QueryPlan first = cached.planCached("shop", "SELECT status FROM orders WHERE id IN (1, 2) AND amount > 7");
        QueryPlanner.QueryPlan second = cached.planCached("shop", "SELECT status FROM orders WHERE id IN (3, 3) AND amount > 9");
        assertEquals(1, cached.cachedPlans());
        assertEquals(List.of("1", "2", "7"), first.parameters());
        LogicalView one = assertInstanceOf(LogicalView.class, first.root());
        LogicalView two = assertInstanceOf(LogicalView.class, second.root());
        assertEquals(new PartitionPruner(new PartitionRouter()).prune(ORDERS, null).size(), 4);
        assertTrue(one.partitions().size() <= 2, "pruned by the first query's keys: " + one.partitions());
        assertEquals(1, two.partitions().size(), "pruned by the second query's key");
        String sql = ShardSql.queries(two, second.parameters()).get(0).sql();
        assertTrue(sql.contains("3") && sql.contains("> 9") && !sql.contains("?"), sql);
    }

    @Test
    void joinOnThePartitionKeysOfOneTableGroupRunsOnTheShards() {
        RelNode plan = plan("SELECT o.status, l.price FROM orders o JOIN lines l ON o.id = l.order_id WHERE l.line = 1");
        LogicalView view = findView(plan, "lines");
        assertEquals(2, view.tables().size());
        List<ShardSql.ShardQuery> queries = ShardSql.queries(view);
        assertEquals(4, queries.size());
        // shard 3 joins partition 3 of both tables, on dn1
        String sql = queries.get(3).sql();
        assertTrue(sql.contains("`shop_p1`.`orders_ab12_00003` AS `orders`") && sql.contains("`shop_p1`.`lines_cd34_00003`")
            && sql.contains("JOIN"), sql);
        assertEquals("dn1", queries.get(3).dnId());
    }

    @Test
    void joinWithABroadcastTableRunsOnTheShards() {
        RelNode plan = plan("SELECT s.label, COUNT(*) FROM orders o JOIN statuses s ON o.status = s.name GROUP BY s.label");
        LogicalView view = findView(plan, "statuses");
        assertEquals(4, view.partitions().size());
        assertTrue(ShardSql.queries(view).get(2).sql().contains("`shop_p0`.`statuses_cd34_00000`"),
            ShardSql.queries(view).get(2).sql());
    }

    @Test
    void joinOnAnotherColumnOrAcrossTableGroupsRunsInTheCn() {
        RelNode plan = plan("SELECT i.id FROM orders o JOIN items i ON o.id = i.order_id");
        assertTrue(RelOptUtil.toString(plan).contains("LogicalJoin"), RelOptUtil.toString(plan));
        assertEquals(1, findView(plan, "items").tables().size());
        RelNode notKey = plan("SELECT l.line FROM orders o JOIN lines l ON o.id = l.line");
        assertTrue(RelOptUtil.toString(notKey).contains("LogicalJoin"), RelOptUtil.toString(notKey));
    }

    @Test
    void aggregateOverACoLocatedJoinGroupedByThePartitionKeyIsPushedWhole() {
        RelNode plan = plan("SELECT o.id, SUM(l.price) FROM orders o JOIN lines l ON o.id = l.order_id GROUP BY o.id");
        LogicalView view = assertInstanceOf(LogicalView.class, plan instanceof LogicalView ? plan : plan.getInput(0));
        assertTrue(ShardSql.template(view).contains("GROUP BY"), ShardSql.template(view));
    }

    @Test
    void joinsAreOrderedSoThatCoLocatedPairsMeetWhateverTheFromOrder() {
        RelNode plan = plan("SELECT COUNT(*) FROM lines l, items i, orders o WHERE i.order_id = o.id AND l.order_id = o.id");
        assertEquals(2, findView(plan, "lines").tables().size());
    }

    @Test
    void correlatedExistsOnThePartitionKeyRunsOnTheShards() {
        RelNode plan = plan("SELECT o.id FROM orders o WHERE EXISTS (SELECT * FROM lines l WHERE l.order_id = o.id"
            + " AND l.line <> o.id) AND NOT EXISTS (SELECT * FROM lines l2 WHERE l2.order_id = o.id AND l2.price > 5)");
        LogicalView view = assertInstanceOf(LogicalView.class, plan);
        String sql = ShardSql.template(view);
        assertTrue(sql.contains("WHERE EXISTS (SELECT 1") && sql.contains("WHERE NOT EXISTS (SELECT 1"), sql);
        // the same below a join: the semi-joined input is a derived table with an alias
        RelNode joined = plan("SELECT o.id, s.label FROM orders o, statuses s WHERE o.status = s.name AND EXISTS"
            + " (SELECT * FROM lines l WHERE l.order_id = o.id AND l.line <> o.id)");
        String joinedSql = ShardSql.template(findView(joined, "lines"));
        assertTrue(joinedSql.contains("EXISTS") && joinedSql.contains("JOIN"), joinedSql);
    }

    @Test
    void notExistsAcrossTableGroupsIsALeftJoinInTheCn() {
        RelNode plan = plan("SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT * FROM items i WHERE i.order_id = o.id)");
        String text = RelOptUtil.toString(plan);
        assertTrue(text.contains("joinType=[left]") && text.contains("IS NULL"), text);
    }

    private static LogicalView findView(RelNode node, String table) {
        if (node instanceof LogicalView view && view.tables().stream().anyMatch(t -> t.name().equals(table))) {
            return view;
        }
        for (RelNode input : node.getInputs()) {
            LogicalView found = findView(input, table);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
