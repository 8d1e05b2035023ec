package com.polardbx.executor.plan;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.ExpressionCompiler;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.HashJoinOperator;
import com.polardbx.executor.operator.Operator;
import com.polardbx.executor.operator.ParallelHashJoinOperator;
import com.polardbx.executor.operator.JoinType;
import com.polardbx.executor.operator.LookupJoinOperator;
import com.polardbx.optimizer.plan.LookupKeys;
import com.polardbx.executor.operator.MergeJoinOperator;
import com.polardbx.executor.operator.NestedLoopJoinOperator;
import com.polardbx.executor.operator.SortKey;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.optimizer.plan.MergeKeys;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor.Pipeline;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.optimizer.plan.JoinAlgorithm;
import com.polardbx.optimizer.rel.LogicalView;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

/**
 * Builds the operator of a CN join with the algorithm {@link JoinAlgorithm#choose} picks; the left input is the
 * outer (probe) side, the right input the inner (build) side.
 */
final class JoinPipelines {
    private JoinPipelines() {
    }

    static Pipeline join(LogicalJoin join, ConnectionProvider connections, QueryContext context) {
        JoinType type = switch (join.getJoinType()) {
            case INNER -> JoinType.INNER;
            case LEFT -> JoinType.LEFT;
            case SEMI -> JoinType.SEMI;
            case ANTI -> JoinType.ANTI;
            default -> throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, join.getJoinType() + " JOIN across shards");
        };
        return switch (JoinAlgorithm.choose(join)) {
            case NESTED_LOOP -> nestedLoop(join, type, connections, context);
            case SORT_MERGE -> sortMerge(join, type, connections, context);
            case LOOKUP -> lookup(join, type, connections, context);
            default -> hash(join, type, connections, context);
        };
    }

    /** Nested loops over the whole condition: joins without equalities, SEMI and ANTI joins. */
    private static Pipeline nestedLoop(LogicalJoin join, JoinType type, ConnectionProvider connections,
                                       QueryContext context) {
        Pipeline right = PlanExecutor.build(join.getRight(), connections, context);
        Pipeline left = buildOrClose(join.getLeft(), right.source(), connections, context);
        Expression condition = join.getCondition().isAlwaysTrue() ? null
            : compile(join, join.getCondition(), left, right);
        NestedLoopJoinOperator op = new NestedLoopJoinOperator(context, type, left.types(), right.source(),
            right.types(), condition);
        return new Pipeline(PlanExecutor.chain(context, left, op), op.outputTypes(),
            metas(join, left, type.outputsInner() ? right : null), false);
    }

    /** Merge of two inputs sorted on the join keys ({@link MergeKeys}); other conditions are a residual. */
    private static Pipeline sortMerge(LogicalJoin join, JoinType type, ConnectionProvider connections,
                                      QueryContext context) {
        MergeKeys keys = MergeKeys.of(join);
        JoinInfo info = join.analyzeCondition();
        Pipeline right = PlanExecutor.build(join.getRight(), connections, context);
        Pipeline left = buildOrClose(join.getLeft(), right.source(), connections, context);
        List<SortKey> order = new ArrayList<>();
        for (int i = 0; i < keys.left().length; i++) {
            Collation collation = left.types().get(keys.left()[i]).collation();
            order.add(keys.ascending()[i] ? SortKey.asc(i, collation) : SortKey.desc(i, collation));
        }
        Expression residual = info.nonEquiConditions.isEmpty() ? null : compile(join,
            RexUtil.composeConjunction(join.getCluster().getRexBuilder(), info.nonEquiConditions), left, right);
        MergeJoinOperator op = new MergeJoinOperator(context, type, left.types(), keys.left(), right.source(),
            right.types(), keys.right(), order, residual);
        return new Pipeline(PlanExecutor.chain(context, left, op), op.outputTypes(), metas(join, left, right),
            false);
    }

    /**
     * Hash join with the left input probing and the right input built into the hash table, on
     * {@code polardbx_parallelism} threads when that is above 1 and {@code polardbx_parallel_join} is ON
     * ({@link ParallelHashJoinOperator}; the output order of a hash join is never relied on). The build side is read first; when the probe side is a view (possibly under CN filters, projections or a final aggregate grouped by the
     * key), the join INNER and the build side has few distinct integer keys, the probe view only asks the DNs for rows
     * with those keys (see {@link BuildKeys}).
     */
    private static Pipeline hash(LogicalJoin join, JoinType type, ConnectionProvider connections,
                                 QueryContext context) {
        JoinInfo info = join.analyzeCondition();
        Pipeline right = PlanExecutor.build(join.getRight(), connections, context);
        ChunkSource buildSource = right.source();
        RelNode probe = join.getLeft();
        if (type == JoinType.INNER && BuildKeys.restrictable(probe, info.leftKeys.get(0))) {
            BuildKeys keys = BuildKeys.read(right.source(), right.types(), info.rightKeys.get(0));
            buildSource = keys.source();
            probe = keys.restrict(probe, info.leftKeys.get(0));
        }
        Pipeline left = buildOrClose(probe, buildSource, connections, context);
        Expression residual = info.nonEquiConditions.isEmpty() ? null : compile(join,
            RexUtil.composeConjunction(join.getCluster().getRexBuilder(), info.nonEquiConditions), left, right);
        int degree = context == null || !context.parallelJoin() ? 1 : context.parallelism();
        Operator op = degree > 1
            ? new ParallelHashJoinOperator(context, type, left.types(), info.leftKeys.toIntArray(), buildSource,
                right.types(), info.rightKeys.toIntArray(), residual, degree)
            : new HashJoinOperator(context, type, left.types(), info.leftKeys.toIntArray(), buildSource,
                right.types(), info.rightKeys.toIntArray(), residual);
        List<ColumnType> types = new ArrayList<>(left.types());
        types.addAll(right.types());
        return new Pipeline(PlanExecutor.chain(context, left, op), types, metas(join, left, right), false);
    }

    /**
     * Lookup join: the outer rows are read in batches and each batch asks the partitioned view only for its keys, on
     * the shards owning them ({@link LookupViews}), or, joined on a column with a global index, first the index for
     * the primary keys of those rows and then the shards owning them ({@link IndexKeyLookup}). The outer input is
     * the left one, or the right one of an INNER join whose small side is on the right ({@link LookupKeys#swapped()}):
     * then the residual condition is compiled over (outer, view) columns and the operator puts the view's columns
     * first again. The view's columns come from a query that returns no rows.
     */
    private static Pipeline lookup(LogicalJoin join, JoinType type, ConnectionProvider connections,
                                   QueryContext context) {
        LookupKeys keys = LookupKeys.choose(join);
        boolean swapped = keys.swapped();
        LogicalView view = (LogicalView) (swapped ? join.getLeft() : join.getRight());
        RelNode outerNode = swapped ? join.getRight() : join.getLeft();
        JoinInfo info = join.analyzeCondition();
        int[] outerKeys = (swapped ? info.rightKeys : info.leftKeys).toIntArray();
        int[] viewKeys = (swapped ? info.leftKeys : info.rightKeys).toIntArray();
        Pipeline inner = PlanExecutor.build(LookupViews.restrict(view, keys, List.of()), connections, context);
        inner.source().close();
        Pipeline outer = PlanExecutor.build(outerNode, connections, context);
        Expression residual = null;
        if (!info.nonEquiConditions.isEmpty()) {
            RexNode condition = RexUtil.composeConjunction(join.getCluster().getRexBuilder(), info.nonEquiConditions);
            residual = compile(join, swapped ? outerFirst(condition, view, outerNode) : condition, outer, inner);
        }
        LookupJoinOperator.Lookup fetch = keys.index() == null
            ? values -> PlanExecutor.build(LookupViews.restrict(view, keys, values), connections, context).source()
            : values -> PlanExecutor.build(LookupViews.restrictThroughIndex(view, keys, values,
                IndexKeyLookup.primaryKeys(view.table(), keys.index(), values, connections, context.lockClause())),
                connections, context).source();
        LookupJoinOperator op = new LookupJoinOperator(context, type, outer.types(), outerKeys, keys.outerKey(),
            fetch, inner.types(), viewKeys, residual, swapped);
        return new Pipeline(PlanExecutor.chain(context, outer, op), op.outputTypes(),
            swapped ? metas(join, inner, outer) : metas(join, outer, inner), false);
    }

    /** A condition over (left view, right outer) columns rewritten over (outer, view) columns. */
    private static RexNode outerFirst(RexNode condition, RelNode left, RelNode right) {
        int leftWidth = left.getRowType().getFieldCount();
        int rightWidth = right.getRowType().getFieldCount();
        return condition.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                int i = ref.getIndex();
                return new RexInputRef(i < leftWidth ? i + rightWidth : i - leftWidth, ref.getType());
            }
        });
    }

    /** Builds the outer input; closes the already built inner source if that fails. */
    private static Pipeline buildOrClose(RelNode node, ChunkSource inner, ConnectionProvider connections,
                                         QueryContext context) {
        try {
            return PlanExecutor.build(node, connections, context);
        } catch (RuntimeException e) {
            inner.close();
            throw e;
        }
    }

    /** Compiles a condition over the left columns followed by the right columns. */
    private static Expression compile(LogicalJoin join, RexNode condition, Pipeline left, Pipeline right) {
        List<ColumnType> combined = new ArrayList<>(left.types());
        combined.addAll(right.types());
        return new ExpressionCompiler(join.getCluster().getRexBuilder()).compile(condition, combined);
    }

    /** Output metadata named as the join's row type; {@code right} is null for SEMI/ANTI (left columns only). */
    private static List<ColumnMeta> metas(LogicalJoin join, Pipeline left, Pipeline right) {
        List<ColumnMeta> metas = new ArrayList<>(left.metas());
        if (right != null) {
            metas.addAll(right.metas());
        }
        List<String> names = join.getRowType().getFieldNames();
        for (int i = 0; i < metas.size(); i++) {
            metas.set(i, metas.get(i).withName(names.get(i)));
        }
        return metas;
    }
}
