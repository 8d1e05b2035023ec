package com.polardbx.optimizer.planner;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.MergeAggregate;
import com.polardbx.optimizer.route.PartitionPruner;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.rules.JoinCommuteRule;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Moves as much of a logical plan as is correct into {@link LogicalView}s (SQL run on the DNs).
 *
 * <p>Bottom-up: a table scan becomes a view over its partitions; a filter or project over a view joins it (a filter
 * also prunes partitions); a tree of INNER joins is ordered by {@link JoinOrder}, which merges co-located inputs into
 * one view ({@link JoinPushdown}); another join of two co-located views becomes one view, and a SEMI/ANTI join that
 * can't is rewritten with INNER/LEFT joins ({@link SemiJoins}); an aggregate joins a view that reads one shard or
 * groups by a column carrying the partition key, else it is split into a partial aggregate in the view and a
 * {@link MergeAggregate} on the CN; a sort (with its limit) is pushed to every shard and the CN merges the sorted
 * streams and applies the original offset/limit. Whatever stays above a view runs in the CN executor.
 */
public final class Pushdown {
    private final PartitionPruner pruner;

    public Pushdown(PartitionPruner pruner) {
        this.pruner = pruner;
    }

    public RelNode apply(RelNode node) {
        if (node instanceof LogicalJoin join && join.getJoinType() == JoinRelType.INNER
            && !org.apache.calcite.rex.RexUtil.SubQueryFinder.containsSubQuery(join)) {
            return JoinOrder.plan(join, this::apply);
        }
        List<RelNode> inputs = new ArrayList<>();
        for (RelNode input : node.getInputs()) {
            inputs.add(apply(input));
        }
        if (node instanceof TableScan scan) {
            CatalogTable table = scan.getTable().unwrap(CatalogTable.class);
            if (table == null) { // the working table of a recursive WITH: the CN's recursive union feeds it
                return node;
            }
            TableMeta meta = table.meta();
            return new LogicalView(scan.getCluster(), scan.getTraitSet(), meta, scan, readable(meta), null);
        }
        if (node instanceof org.apache.calcite.rel.core.TableSpool) {
            return inputs.get(0); // the CN's recursive union holds the rounds' rows itself
        }
        if (node instanceof LogicalJoin join && join.getJoinType() == JoinRelType.RIGHT) {
            // a RIGHT join is the mirrored LEFT join plus a projection that restores the column order
            Join copied = join.copy(join.getTraitSet(), inputs);
            RelNode swapped = JoinCommuteRule.swap(copied, true,
                RelFactories.LOGICAL_BUILDER.create(join.getCluster(), null));
            if (swapped != null) {
                return apply(swapped);
            }
        }
        if (node instanceof LogicalJoin join && inputs.get(0) instanceof LogicalView left
            && inputs.get(1) instanceof LogicalView right) {
            LogicalView pushed = JoinPushdown.push(join.copy(join.getTraitSet(), inputs), left, right);
            if (pushed != null) {
                return pushed;
            }
        }
        if (node instanceof LogicalJoin join && (join.getJoinType() == JoinRelType.SEMI
            || join.getJoinType() == JoinRelType.ANTI)) {
            RelNode rewritten = SemiJoins.withoutSemiJoin(join); // the CN's hash join does INNER and LEFT only
            if (rewritten != null) {
                return apply(rewritten);
            }
            return join.copy(join.getTraitSet(), inputs); // the CN's nested-loop join runs it as it is
        }
        if (inputs.size() == 1 && inputs.get(0) instanceof LogicalView view
            && (!WindowPushdown.hasWindows(node)
                || WindowPushdown.shardsHoldWholePartitions((LogicalProject) node, view))) {
            RelNode pushed = pushInto(node, view);
            if (pushed != null) {
                return pushed;
            }
        }
        if (WindowPushdown.hasWindows(node)) {
            return windowInCn((LogicalProject) ((LogicalProject) node).copy(node.getTraitSet(), inputs));
        }
        return inputs.equals(node.getInputs()) ? node : node.copy(node.getTraitSet(), inputs);
    }

    /** Windows computed in the CN: the projection under the window still joins its view. */
    private RelNode windowInCn(LogicalProject project) {
        RelNode windowed = WindowPushdown.toWindow(project);
        return windowed.accept(new org.apache.calcite.rel.RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalProject p) {
                if (p.getInput() instanceof LogicalView view && !WindowPushdown.hasWindows(p)) {
                    RelNode pushed = pushInto(p, view);
                    return pushed != null ? pushed : p;
                }
                return super.visit(p);
            }

            @Override
            public RelNode visit(RelNode other) {
                return other instanceof LogicalView ? other : super.visit(other);
            }
        });
    }

    /** Broadcast tables are read from one copy; everything else from all its partitions. */
    private static List<PartitionDef> readable(TableMeta meta) {
        List<PartitionDef> parts = meta.partitions();
        return meta.kind() == TableKind.BROADCAST ? List.of(parts.get(0)) : parts;
    }

    private RelNode pushInto(RelNode node, LogicalView view) {
        // Once shard results are merged in order, only the merge itself may sit on top.
        if (!view.collation().getFieldCollations().isEmpty()
            || view.pushed() instanceof LogicalSort && !view.isSingleShard()) {
            return null;
        }
        if (node instanceof LogicalFilter f && org.apache.calcite.rex.RexUtil.SubQueryFinder.containsSubQuery(f)
            || node instanceof LogicalProject p && org.apache.calcite.rex.RexUtil.SubQueryFinder.containsSubQuery(p)) {
            return null; // a subquery names other tables: it can't run inside this table's shard SQL
        }
        if ((node instanceof LogicalFilter || node instanceof LogicalAggregate) && windowed(view.pushed())) {
            // on top of a window function: the DN SQL would put the window in WHERE or GROUP BY (MariaDB's 4015)
            return null;
        }
        if (node instanceof LogicalFilter filter) {
            // only a partitioned table is pruned: a broadcast or single view keeps its one copy
            List<PartitionDef> parts = view.pushed() instanceof TableScan && view.table().kind() == TableKind.PARTITIONED
                ? pruner.prune(view.table(), filter.getCondition()) : view.partitions();
            return view.withPushed(filter.copy(filter.getTraitSet(), List.of(view.pushed())), parts, null);
        }
        if (node instanceof LogicalProject project) {
            return view.withPushed(project.copy(project.getTraitSet(), List.of(view.pushed())), view.partitions(), null);
        }
        if (node instanceof LogicalAggregate agg) {
            return pushAggregate(agg, view);
        }
        if (node instanceof LogicalSort sort) {
            return pushSort(sort, view);
        }
        return null;
    }

    /** Whether the pushed tree computes a window function (its results can't be filtered or grouped in place). */
    private static boolean windowed(RelNode pushed) {
        if (pushed instanceof org.apache.calcite.rel.core.Window
            || pushed instanceof LogicalProject p && org.apache.calcite.rex.RexOver.containsOver(p.getProjects(), null)) {
            return true;
        }
        return pushed.getInputs().stream().anyMatch(Pushdown::windowed);
    }

    private RelNode pushAggregate(LogicalAggregate agg, LogicalView view) {
        if (agg.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE) {
            return null;
        }
        if (view.isSingleShard() || groupsByPartitionKey(agg, view)) {
            // every group is computed whole on one shard (a broadcast or single view reads one shard)
            return view.withPushed(agg.copy(agg.getTraitSet(), List.of(view.pushed())), view.partitions(), null);
        }
        List<AggregateCall> partialCalls = new ArrayList<>();
        for (AggregateCall call : agg.getAggCallList()) {
            if (call.isDistinct() || call.hasFilter() || !splittable(call.getAggregation().getKind())) {
                return null;
            }
            if (call.getAggregation().getKind() == SqlKind.AVG) {
                partialCalls.add(AggregateCall.create(SqlStdOperatorTable.SUM, false, false, false, List.of(),
                    call.getArgList(), -1, null, RelCollations.EMPTY, agg.getGroupCount(), view.pushed(), null,
                    null));
                partialCalls.add(AggregateCall.create(SqlStdOperatorTable.COUNT, false, false, false, List.of(),
                    call.getArgList(), -1, null, RelCollations.EMPTY, agg.getGroupCount(), view.pushed(), null,
                    null));
            } else {
                partialCalls.add(call);
            }
        }
        LogicalAggregate partial = LogicalAggregate.create(view.pushed(), List.of(), agg.getGroupSet(), null,
            partialCalls);
        LogicalView partialView = view.withPushed(partial, view.partitions(), null);
        return new MergeAggregate(agg.getCluster(), agg.getTraitSet(), partialView, agg.getGroupCount(),
            agg.getAggCallList(), agg.getRowType());
    }

    private static boolean splittable(SqlKind kind) {
        return kind == SqlKind.COUNT || kind == SqlKind.SUM || kind == SqlKind.SUM0 || kind == SqlKind.MIN
            || kind == SqlKind.MAX || kind == SqlKind.AVG;
    }

    /**
     * True when every group lives on one shard: for each partition column, the group keys contain a column of the
     * view that carries it (see {@link JoinPushdown#partitionKeyColumns}).
     */
    private static boolean groupsByPartitionKey(LogicalAggregate agg, LogicalView view) {
        List<ImmutableBitSet> keys = JoinPushdown.partitionKeyColumns(view);
        if (keys.isEmpty()) {
            return false;
        }
        for (ImmutableBitSet key : keys) {
            if (!key.intersects(agg.getGroupSet())) {
                return false;
            }
        }
        return true;
    }

    private RelNode pushSort(LogicalSort sort, LogicalView view) {
        if (view.isSingleShard()) {
            return view.withPushed(sort.copy(sort.getTraitSet(), List.of(view.pushed())), view.partitions(), null);
        }
        RexBuilder rex = sort.getCluster().getRexBuilder();
        RexNode shardFetch = null;
        if (sort.fetch != null) {
            if (!(sort.fetch instanceof RexLiteral) || sort.offset != null && !(sort.offset instanceof RexLiteral)) {
                return null;
            }
            java.math.BigDecimal fetch = ((RexLiteral) sort.fetch).getValueAs(java.math.BigDecimal.class);
            java.math.BigDecimal offset = sort.offset == null ? java.math.BigDecimal.ZERO
                : ((RexLiteral) sort.offset).getValueAs(java.math.BigDecimal.class);
            // LIMIT 18446744073709551615 means "all rows": the shards' limit stays a BIGINT
            shardFetch = rex.makeExactLiteral(fetch.add(offset).min(java.math.BigDecimal.valueOf(Long.MAX_VALUE)));
        }
        LogicalSort shardSort = LogicalSort.create(view.pushed(), sort.getCollation(), null, shardFetch);
        LogicalView merged = view.withPushed(shardSort, view.partitions(), sort.getCollation());
        return LogicalSort.create(merged, sort.getCollation(), sort.offset, sort.fetch);
    }
}
