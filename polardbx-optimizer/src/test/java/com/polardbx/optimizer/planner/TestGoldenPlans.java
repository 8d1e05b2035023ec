package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.plan.CnOperators;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.ShardSql;
import com.polardbx.optimizer.route.PartitionPruner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Golden plans: {@code src/test/resources/plans/<topic>.yaml} lists queries with the plan the optimizer must give
 * (the CN-side operators with the views at the leaves) and the SQL each view sends to a shard. After an intended
 * planner change, regenerate with {@code mvn test -pl polardbx-optimizer -Dtest=TestGoldenPlans -Dgolden.update=true}
 * and review the diff.
 *
 * <p>Catalog ({@code shop}): {@code orders} HASH(id) and {@code lines} HASH(order_id) over 4 partitions each (same
 * table group: co-located on the order id), {@code customers} KEY(id) over 4, {@code nation} broadcast,
 * {@code config} single, {@code events} RANGE COLUMNS(d) over 3, {@code users} KEY(email general_ci),
 * {@code visits} HASH(id) (email general_ci, code utf8mb4_bin, d date, ts datetime), {@code sessions} KEY(ts datetime),
 * {@code codes} KEY(code utf8mb4_bin), {@code tickets} KEY(id) with the global index {@code g_customer} on
 * customer_id, each over 4 and in a table group of its own. The topic {@code indexes} has
 * its own catalog and statistics ({@link GoldenAccessPaths}) and shows the access chosen as EXPLAIN does.
 */
class TestGoldenPlans {
    private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "plans");
    private static final List<String> TOPICS = List.of("filters", "aggregates", "sorts", "joins", "subqueries",
        "windows", "setops", "unions", "broadcast", "indexes");
    /** Topics whose cases are reads of tables with global indexes, described by the access chosen. */
    private static final List<String> ACCESS_TOPICS = List.of("indexes");

    private final QueryPlanner planner = new QueryPlanner(TestGoldenPlans::catalog,
        new PartitionPruner(new PartitionRouter()));

    @TestFactory
    Stream<DynamicTest> plansMatchTheGoldenFiles() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        List<DynamicTest> tests = new ArrayList<>();
        for (String topic : TOPICS) {
            List<Map<String, String>> cases = load(topic);
            if (update) {
                for (Map<String, String> c : cases) {
                    c.put("plan", describe(topic, c.get("sql")));
                }
                write(topic, cases);
                continue;
            }
            for (Map<String, String> c : cases) {
                tests.add(DynamicTest.dynamicTest(topic + ": " + c.get("sql"),
                    () -> assertEquals(c.get("plan"), describe(topic, c.get("sql")), c.get("sql"))));
            }
        }
        return tests.stream();
    }

    private String describe(String topic, String sql) {
        return ACCESS_TOPICS.contains(topic) ? GoldenAccessPaths.describe(sql) : describe(sql);
    }

    /** The plan as the golden files hold it: the operator tree, then each view's shard SQL and shard count. */
    private String describe(String sql) {
        RelNode root;
        try {
            root = planner.plan("shop", sql).root();
        } catch (RuntimeException e) {
            return "ERROR " + e.getMessage() + "\n";
        }
        StringBuilder sb = new StringBuilder(RelOptUtil.toString(root));
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof LogicalView view) {
                    sb.append("view ").append(view.table().name()).append(" x").append(view.partitions().size())
                        .append(": ").append(ShardSql.template(view)).append('\n');
                }
                super.visit(node, ordinal, parent);
            }
        }.go(root);
        for (String line : CnOperators.describe(root)) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> load(String topic) throws IOException {
        try (InputStream in = TestGoldenPlans.class.getResourceAsStream("/plans/" + topic + ".yaml")) {
            if (in == null) {
                throw new IOException("missing plans/" + topic + ".yaml");
            }
            List<Map<String, String>> cases = new ArrayList<>();
            for (Object o : (List<Object>) new Yaml().load(in)) {
                cases.add(new LinkedHashMap<>((Map<String, String>) o));
            }
            return cases;
        }
    }

    private static void write(String topic, List<Map<String, String>> cases) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        options.setWidth(200);
        StringBuilder sb = new StringBuilder("# Golden plans: " + topic + ". Regenerate with -Dgolden.update=true (see"
            + " TestGoldenPlans).\n");
        for (Map<String, String> c : cases) {
            sb.append("- sql: ").append(c.get("sql")).append('\n');
            sb.append("  plan: |\n");
            for (String line : c.get("plan").split("\n")) {
                sb.append("    ").append(line).append('\n');
            }
        }
        Files.writeString(SOURCE_DIR.resolve(topic + ".yaml"), sb.toString());
    }

    private static ColumnDef col(String name, String type, int ordinal) {
        return new ColumnDef(name, type, true, null, false, "", "",
            type.startsWith("varchar") || type.startsWith("char") ? "utf8mb4_general_ci" : null, ordinal);
    }

    private static ColumnDef binCol(String name, String type, int ordinal) {
        return new ColumnDef(name, type, true, null, false, "", "", "utf8mb4_bin", ordinal);
    }

    private static TableMeta table(String name, TableKind kind, PartitionStrategy strategy, List<String> keys,
                                   int partitions, long group, List<String> bounds, ColumnDef... columns) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "shop_p" + (i % 2),
                name + "_ab12_0000" + i, bounds == null ? null : bounds.get(i)));
        }
        return new TableMeta("shop", name, kind, List.of(columns),
            List.of(new IndexDef("PRIMARY", true, List.of(columns[0].name()))),
            new PartitionInfo(strategy, keys, null, parts), group, "CREATE TABLE " + name, 1);
    }

    private static final Map<String, TableMeta> TABLES = new java.util.HashMap<>(Map.of(
        "orders", table("orders", TableKind.PARTITIONED, PartitionStrategy.HASH, List.of("id"), 4, 1, null,
            col("id", "bigint(20)", 1), col("customer_id", "int(11)", 2), col("status", "varchar(16)", 3),
            col("amount", "decimal(12,2)", 4)),
        "lines", table("lines", TableKind.PARTITIONED, PartitionStrategy.HASH, List.of("order_id"), 4, 1, null,
            col("order_id", "bigint(20)", 1), col("line_no", "int(11)", 2), col("price", "decimal(12,2)", 3),
            col("qty", "int(11)", 4)),
        "customers", table("customers", TableKind.PARTITIONED, PartitionStrategy.KEY, List.of("id"), 4, 2, null,
            col("id", "int(11)", 1), col("name", "varchar(32)", 2), col("nation_id", "int(11)", 3)),
        "nation", table("nation", TableKind.BROADCAST, null, List.of(), 2, 3, null,
            col("id", "int(11)", 1), col("name", "varchar(32)", 2)),
        "config", table("config", TableKind.SINGLE, null, List.of(), 1, 4, null,
            col("k", "varchar(16)", 1), col("v", "varchar(64)", 2)),
        "events", table("events", TableKind.PARTITIONED, PartitionStrategy.RANGE_COLUMNS, List.of("d"), 3, 5,
            List.of("'2024-01-01'", "'2025-01-01'", "MAXVALUE"),
            col("id", "int(11)", 1), col("d", "date", 2), col("kind", "varchar(8)", 3)),
        "users", table("users", TableKind.PARTITIONED, PartitionStrategy.KEY, List.of("email"), 4, 6, null,
            col("email", "varchar(32)", 1), col("name", "varchar(32)", 2), binCol("code", "varchar(8)", 3),
            col("born", "date", 4)),
        "visits", table("visits", TableKind.PARTITIONED, PartitionStrategy.HASH, List.of("id"), 4, 7, null,
            col("id", "bigint(20)", 1), col("email", "varchar(32)", 2), binCol("code", "varchar(8)", 3),
            col("d", "date", 4), col("ts", "datetime", 5)),
        "sessions", table("sessions", TableKind.PARTITIONED, PartitionStrategy.KEY, List.of("ts"), 4, 8, null,
            col("id", "int(11)", 1), col("ts", "datetime", 2)),
        "codes", table("codes", TableKind.PARTITIONED, PartitionStrategy.KEY, List.of("code"), 4, 9, null,
            binCol("code", "varchar(8)", 1), col("label", "varchar(32)", 2))));

    static {
        TABLES.put("tickets", table("tickets", TableKind.PARTITIONED, PartitionStrategy.KEY, List.of("id"), 4, 10, null,
            col("id", "int(11)", 1), col("customer_id", "int(11)", 2), col("subject", "varchar(32)", 3))
            .withGlobalIndexes(List.of(new com.polardbx.gms.meta.GlobalIndexMeta("g_customer", false, false,
                List.of("customer_id"), List.of(), com.polardbx.gms.meta.IndexState.PUBLIC,
                table("g_customer$1", TableKind.PARTITIONED, PartitionStrategy.KEY, List.of("customer_id"), 4, 11,
                    null, col("customer_id", "int(11)", 1), col("id", "int(11)", 2))))));
    }

    private static SchemaPlus catalog() {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        root.add("shop", new AbstractSchema() {
            @Override
            protected Map<String, Table> getTableMap() {
                Map<String, Table> tables = new LinkedHashMap<>();
                TABLES.forEach((name, meta) -> tables.put(name, new CatalogTable(meta)));
                return tables;
            }
        });
        return root;
    }
}
