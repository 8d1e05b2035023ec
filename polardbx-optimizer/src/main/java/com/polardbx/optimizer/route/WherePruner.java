package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOperator;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLInListExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Prunes partitions from a WHERE clause's top-level equality and IN conjuncts on the partition key (Druid AST).
 *
 * <p>Used where the statement is routed as text (DML, single-shard queries). Conditions under OR or NOT are
 * ignored, so the result may include more partitions than needed but never fewer.
 */
public final class WherePruner {
    private final PartitionRouter router;

    public WherePruner(PartitionRouter router) {
        this.router = router;
    }

    public List<PartitionDef> prune(TableMeta table, String alias, SQLExpr where) {
        if (table.kind() != TableKind.PARTITIONED || where == null) {
            return table.partitions();
        }
        List<String> keys = table.partitionInfo().columns();
        Map<String, List<Object>> candidates = new HashMap<>();
        collect(where, table, alias, candidates);
        List<List<Object>> perKey = new ArrayList<>();
        for (String key : keys) {
            List<Object> values = candidates.get(TableNames.unquote(key));
            if (values == null) {
                return table.partitions();
            }
            perKey.add(values);
        }
        SortedSet<Integer> positions = new TreeSet<>();
        for (List<Object> combination : combinations(perKey, 0, new ArrayList<>(), new ArrayList<>())) {
            positions.addAll(router.pruneEquals(table, combination));
        }
        List<PartitionDef> out = new ArrayList<>();
        for (PartitionDef p : table.partitions()) {
            if (positions.contains(p.position())) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<List<Object>> combinations(List<List<Object>> perKey, int i, List<Object> prefix,
                                                   List<List<Object>> out) {
        if (out.size() > 256) {
            return out;
        }
        if (i == perKey.size()) {
            out.add(new ArrayList<>(prefix));
            return out;
        }
        for (Object v : perKey.get(i)) {
            prefix.add(v);
            combinations(perKey, i + 1, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
        return out;
    }

    private static void collect(SQLExpr expr, TableMeta table, String alias, Map<String, List<Object>> out) {
        if (expr instanceof SQLBinaryOpExpr bin && bin.getOperator() == SQLBinaryOperator.BooleanAnd) {
            collect(bin.getLeft(), table, alias, out);
            collect(bin.getRight(), table, alias, out);
            return;
        }
        if (expr instanceof SQLBinaryOpExpr bin && bin.getOperator() == SQLBinaryOperator.Equality) {
            String column = column(bin.getLeft(), table, alias);
            SQLExpr other = bin.getRight();
            if (column == null) {
                column = column(bin.getRight(), table, alias);
                other = bin.getLeft();
            }
            Object v = Literals.value(other);
            if (column != null && v != Literals.NOT_CONSTANT) {
                List<Object> single = new ArrayList<>();
                single.add(v);
                out.merge(column, single, WherePruner::intersect);
            }
            return;
        }
        if (expr instanceof SQLInListExpr in && !in.isNot()) {
            String column = column(in.getExpr(), table, alias);
            if (column == null) {
                return;
            }
            List<Object> values = new ArrayList<>();
            for (SQLExpr item : in.getTargetList()) {
                Object v = Literals.value(item);
                if (v == Literals.NOT_CONSTANT) {
                    return;
                }
                values.add(v);
            }
            out.merge(column, values, WherePruner::intersect);
        }
    }

    /** Two conjuncts on the same column: keep either list (both are complete supersets); prefer the shorter. */
    private static List<Object> intersect(List<Object> a, List<Object> b) {
        return a.size() <= b.size() ? a : b;
    }

    private static String column(SQLExpr expr, TableMeta table, String alias) {
        String name;
        if (expr instanceof SQLIdentifierExpr id) {
            name = id.getName();
        } else if (expr instanceof SQLPropertyExpr prop) {
            String owner = TableNames.unquote(prop.getOwnerName());
            if (owner == null || !(owner.equals(TableNames.unquote(alias)) || owner.equals(table.name())
                || owner.endsWith("." + table.name()))) {
                return null;
            }
            name = prop.getName();
        } else {
            return null;
        }
        String n = TableNames.unquote(name);
        return table.column(n).isPresent() ? n : null;
    }
}
