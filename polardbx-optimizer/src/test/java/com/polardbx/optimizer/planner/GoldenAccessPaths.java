package com.polardbx.optimizer.planner;

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
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.optimizer.catalog.TableStatistics;
import com.polardbx.optimizer.route.AccessPath;
import com.polardbx.optimizer.route.AccessPathChooser;
import com.polardbx.optimizer.route.GlobalIndexAccess;
import com.polardbx.optimizer.route.WherePruner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog and description behind the golden file {@code plans/indexes.yaml}: how a one-table query reads a table
 * with global indexes ({@link AccessPathChooser}), shown as EXPLAIN shows it, under fixed statistics.
 *
 * <p>{@code members}: KEY(id) over 8 shards, 1,000,000 rows; UNIQUE global {@code uk_email(email)}; global
 * {@code g_k(k) COVERING (v)} with the local index {@code k_1(k)} on the DNs too, k of 600,000 distinct values;
 * global {@code g_grp(grp)} without a local index, grp of 4 values; global {@code g_code(code)}, code never
 * analyzed. {@code wide}: the same as {@code g_k} over 64 shards. {@code tiny}: 200 rows over 8 shards, global
 * {@code g_k(k)}, k of 100 values and no local index.
 */
final class GoldenAccessPaths {
    private static final ColumnDef ID = col("id", "bigint(20)", 1);
    private static final ColumnDef EMAIL = col("email", "varchar(40)", 2);
    private static final ColumnDef K = col("k", "int(11)", 3);
    private static final ColumnDef GRP = col("grp", "int(11)", 4);
    private static final ColumnDef CODE = col("code", "varchar(8)", 5);
    private static final ColumnDef V = col("v", "varchar(40)", 6);

    private static final TableMeta MEMBERS = table("members", "id", 8, List.of(new IndexDef("k_1", false,
        List.of("k"))), ID, EMAIL, K, GRP, CODE, V).withGlobalIndexes(List.of(
            index("uk_email", true, List.of(), "members", EMAIL, ID),
            index("g_k", false, List.of("v"), "members", K, ID, V),
            index("g_grp", false, List.of(), "members", GRP, ID),
            index("g_code", false, List.of(), "members", CODE, ID)));
    private static final TableMeta WIDE = table("wide", "id", 64, List.of(new IndexDef("k_1", false,
        List.of("k"))), ID, K, V).withGlobalIndexes(List.of(index("g_k", false, List.of(), "wide", K, ID)));
    private static final TableMeta TINY = table("tiny", "id", 8, List.of(), ID, K, V)
        .withGlobalIndexes(List.of(index("g_k", false, List.of(), "tiny", K, ID)));
    private static final Map<String, TableMeta> TABLES = Map.of("members", MEMBERS, "wide", WIDE, "tiny", TINY);

    private static final TableStatistics STATISTICS = new TableStatistics() {
        @Override
        public double rowCount(TableMeta table) {
            return table.name().equals("tiny") ? 200 : 1_000_000;
        }

        @Override
        public ColumnStatistics column(TableMeta table, String column) {
            double ndv = switch (table.name() + "." + column) {
                case "members.k", "wide.k" -> table.name().equals("wide") ? 500_000 : 600_000;
                case "members.grp" -> 4;
                case "members.email" -> 1_000_000;
                case "tiny.k" -> 100;
                default -> -1;
            };
            return ndv < 0 ? null : new ColumnStatistics(column, ndv, 0, null, null, null);
        }
    };

    private static final AccessPathChooser CHOOSER = new AccessPathChooser(new WherePruner(new PartitionRouter()),
        STATISTICS);

    private GoldenAccessPaths() {
    }

    /** EXPLAIN's access lines for a one-table SELECT, or the primary read when there was nothing to choose. */
    static String describe(String sql) {
        SQLSelectStatement select = (SQLSelectStatement) SQLUtils.parseSingleStatement(sql,
            com.alibaba.druid.DbType.mysql);
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        SQLExprTableSource from = (SQLExprTableSource) block.getFrom();
        TableMeta table = TABLES.get(from.getTableName());
        GlobalIndexAccess.Hints hints = GlobalIndexAccess.takeHints(from, table);
        AccessPathChooser.Decision d = CHOOSER.choose(select, table, from, hints, block.isForUpdate());
        List<String> lines = d.explain(table);
        if (lines.isEmpty()) {
            AccessPath p = d.chosen();
            return "primary only: " + p.summary() + "\n";
        }
        return String.join("\n", lines) + "\n";
    }

    private static ColumnDef col(String name, String type, int ordinal) {
        return new ColumnDef(name, type, true, null, false, "", "",
            type.startsWith("varchar") ? "utf8mb4_general_ci" : null, ordinal);
    }

    private static TableMeta table(String name, String key, int partitions, List<IndexDef> local,
                                   ColumnDef... columns) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "shop_p" + (i % 2), name + "_00" + i, null));
        }
        List<IndexDef> indexes = new ArrayList<>(List.of(new IndexDef("PRIMARY", true, List.of("id"))));
        indexes.addAll(local);
        return new TableMeta("shop", name, TableKind.PARTITIONED, List.of(columns), indexes,
            new PartitionInfo(PartitionStrategy.KEY, List.of(key), null, parts, PartitionInfo.CURRENT_FUNCTION),
            1, "", 1);
    }

    private static GlobalIndexMeta index(String name, boolean unique, List<String> covering, String primary,
                                         ColumnDef... columns) {
        int partitions = primary.equals("wide") ? 64 : 8;
        return new GlobalIndexMeta(name, unique, false, List.of(columns[0].name()), covering, IndexState.PUBLIC,
            table(name + "$" + primary, columns[0].name(), partitions, List.of(), columns));
    }
}
