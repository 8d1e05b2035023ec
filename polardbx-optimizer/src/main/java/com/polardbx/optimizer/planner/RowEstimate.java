package com.polardbx.optimizer.planner;

import com.polardbx.gms.meta.TableKind;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.MergeAggregate;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Row count estimates for ordering joins: table sizes from the catalog's statistics, Calcite's guessed selectivity
 * for filters, and for an equi-join whose one side is unique on the join keys (a foreign key to a primary key) the
 * other side's rows scaled by the share of the unique side's table that survives its filters. Cruder than a cost
 * model on purpose: it only has to rank the inputs of one query's joins.
 */
final class RowEstimate {
    private RowEstimate() {
    }

    static double rows(RelNode node) {
        return Math.max(1, estimate(node));
    }

    private static double estimate(RelNode node) {
        if (node instanceof LogicalView view) {
            double rows = rows(view.pushed());
            int all = view.table().partitions().size();
            return view.table().kind() == TableKind.PARTITIONED && all > 0
                ? rows * view.partitions().size() / all : rows;
        }
        if (node instanceof TableScan scan) {
            return scan.getTable().getRowCount();
        }
        if (node instanceof Filter filter) {
            return rows(filter.getInput()) * Selectivity.of(filter.getInput(), filter.getCondition());
        }
        if (node instanceof Project project) {
            return rows(project.getInput());
        }
        if (node instanceof Sort sort) {
            double in = rows(sort.getInput());
            return sort.fetch instanceof RexLiteral fetch ? Math.min(in, RexLiteral.intValue(fetch)) : in;
        }
        if (node instanceof Aggregate agg) {
            return agg.getGroupSet().isEmpty() ? 1 : groups(agg, agg.getGroupCount(), rows(agg.getInput()) * 0.1);
        }
        if (node instanceof MergeAggregate merge) {
            return merge.groupCount() == 0 ? 1 : groups(merge, merge.groupCount(), rows(merge.getInput()));
        }
        if (node instanceof Join join) {
            return join(join);
        }
        if (node instanceof Union union) {
            double sum = 0;
            for (RelNode input : union.getInputs()) {
                sum += rows(input);
            }
            return sum;
        }
        if (node instanceof Values values) {
            return values.getTuples().size();
        }
        if (node.getInputs().size() == 1) {
            return rows(node.getInput(0));
        }
        return node.getCluster().getMetadataQuery().getRowCount(node);
    }

    private static double join(Join join) {
        double left = rows(join.getLeft());
        double right = rows(join.getRight());
        JoinInfo info = join.analyzeCondition();
        double rows;
        if (info.leftKeys.isEmpty()) {
            rows = left * right;
        } else if (unique(join.getRight(), ImmutableBitSet.of(info.rightKeys))) {
            rows = left * survivingShare(join.getRight(), info.rightKeys.get(0), right);
        } else if (unique(join.getLeft(), ImmutableBitSet.of(info.leftKeys))) {
            rows = right * survivingShare(join.getLeft(), info.leftKeys.get(0), left);
        } else {
            rows = byDistinctKeys(join, info, left, right);
        }
        if (!info.nonEquiConditions.isEmpty()) {
            rows *= RelMdUtil.guessSelectivity(RexUtil.composeConjunction(join.getCluster().getRexBuilder(),
                info.nonEquiConditions));
        }
        JoinRelType type = join.getJoinType();
        return type == JoinRelType.LEFT ? Math.max(rows, left) : type.projectsRight() ? rows : Math.min(rows, left);
    }

    /**
     * Groups of an aggregate whose first {@code groupCount} output columns are its keys: the product of the keys'
     * NDVs, at most the input's rows; {@code unknown} when a key has no statistics.
     */
    private static double groups(RelNode agg, int groupCount, double unknown) {
        double product = 1;
        for (int i = 0; i < groupCount; i++) {
            ColumnFacts f = ColumnFacts.of(agg, i);
            if (f == null) {
                return unknown;
            }
            product *= f.ndv() + (f.stats().nullCount() > 0 ? 1 : 0);
        }
        return Math.min(product, rows(agg.getInput(0)));
    }

    /**
     * An equi-join without a unique side: {@code |L| * |R| / max(ndv(L keys), ndv(R keys))}, a side's key NDV being
     * the product over its key columns, at most its rows; the larger input when a key has no statistics.
     */
    private static double byDistinctKeys(Join join, JoinInfo info, double left, double right) {
        double leftNdv = 1;
        double rightNdv = 1;
        for (int k = 0; k < info.leftKeys.size(); k++) {
            ColumnFacts l = ColumnFacts.of(join.getLeft(), info.leftKeys.get(k));
            ColumnFacts r = ColumnFacts.of(join.getRight(), info.rightKeys.get(k));
            if (l == null || r == null) {
                return Math.max(left, right);
            }
            leftNdv *= l.ndv();
            rightNdv *= r.ndv();
        }
        return left * right / Math.max(1, Math.max(Math.min(leftNdv, left), Math.min(rightNdv, right)));
    }

    private static boolean unique(RelNode side, ImmutableBitSet keys) {
        RelNode inner = side instanceof LogicalView view ? view.pushed() : side;
        Boolean unique = inner.getCluster().getMetadataQuery().areColumnsUnique(inner, keys);
        return unique != null && unique;
    }

    /** Rows of a unique side over the rows of the table its key comes from (1 when unknown). */
    private static double survivingShare(RelNode side, int key, double rows) {
        RelNode inner = side instanceof LogicalView view ? view.pushed() : side;
        RelMetadataQuery mq = inner.getCluster().getMetadataQuery();
        RelColumnOrigin origin = mq.getColumnOrigin(inner, key);
        if (origin == null) {
            return 1;
        }
        RelOptTable table = origin.getOriginTable();
        return Math.min(1, rows / Math.max(1, table.getRowCount()));
    }
}
