package com.polardbx.server.handler;

import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.ShardSql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;

/**
 * The part of EXPLAIN after the logical plan: for each view, the statements sent to the DNs, grouped by DN (a shard
 * group), with the physical table names. Long lists are cut: the first shards show the shape of the rest.
 */
final class PhysicalSqlListing {
    private static final int SHOWN_PER_DN = 4;

    private PhysicalSqlListing() {
    }

    static List<String> of(RelNode root) {
        List<LogicalView> views = new ArrayList<>();
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof LogicalView view) {
                    views.add(view);
                    return;
                }
                super.visit(node, ordinal, parent);
            }
        }.go(root);
        List<String> lines = new ArrayList<>();
        if (views.isEmpty()) {
            return lines;
        }
        lines.add("PHYSICAL SQL");
        for (int v = 0; v < views.size(); v++) {
            Map<String, List<String>> byDn = new LinkedHashMap<>();
            List<ShardSql.ShardQuery> queries = ShardSql.queries(views.get(v));
            for (ShardSql.ShardQuery q : queries) {
                byDn.computeIfAbsent(q.dnId(), dn -> new ArrayList<>()).add(q.sql());
            }
            lines.add("view " + (v + 1) + ": " + queries.size() + " shard(s) on " + byDn.size() + " DN(s)");
            byDn.forEach((dn, sqls) -> {
                lines.add("  " + dn + ": " + sqls.size() + " shard(s)");
                sqls.stream().limit(SHOWN_PER_DN).forEach(sql -> lines.add("    " + sql));
                if (sqls.size() > SHOWN_PER_DN) {
                    lines.add("    ... " + (sqls.size() - SHOWN_PER_DN) + " more");
                }
            });
        }
        return lines;
    }
}
