package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns a correlated {@code [NOT] EXISTS (SELECT ... FROM x WHERE cond)} conjunct of a WHERE clause into a SEMI (ANTI)
 * join of x, on cond, with the FROM item the correlation refers to; the join is placed directly on that item (below
 * the inner joins of the FROM list, which it commutes with), so that when both are co-located the whole
 * {@code EXISTS} runs on the DNs. Calcite's generic decorrelation would instead join the subquery with a copy of the
 * outer query's correlation values ({@code l2.l_suppkey <> l1.l_suppkey} in TPC-H q21).
 *
 * <p>Only the simple shape is rewritten: the subquery is projections over one filter whose input is not correlated;
 * anything else is left to the decorrelator.
 */
final class ExistsToSemiJoin {
    private ExistsToSemiJoin() {
    }

    static RelNode rewrite(RelNode root) {
        return root.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited instanceof LogicalFilter filter ? rewrite(filter) : visited;
            }
        });
    }

    private static RelNode rewrite(LogicalFilter filter) {
        Set<CorrelationId> variables = filter.getVariablesSet();
        if (variables.isEmpty()) {
            return filter;
        }
        RelNode input = filter.getInput();
        List<RexNode> rest = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            boolean negated = conjunct.isA(SqlKind.NOT);
            RexNode operand = negated ? ((RexCall) conjunct).getOperands().get(0) : conjunct;
            RelNode joined = operand instanceof RexSubQuery sub && sub.isA(SqlKind.EXISTS)
                ? semiJoin(input, sub.rel, negated ? JoinRelType.ANTI : JoinRelType.SEMI, variables) : null;
            if (joined == null) {
                rest.add(conjunct);
            } else {
                input = joined; // SEMI/ANTI keep the row type: the other conjuncts still fit
            }
        }
        if (input == filter.getInput()) {
            return filter;
        }
        return rest.isEmpty() ? input : LogicalFilter.create(input,
            RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest),
            com.google.common.collect.ImmutableSet.copyOf(variables));
    }

    private static RelNode semiJoin(RelNode outer, RelNode subquery, JoinRelType type, Set<CorrelationId> variables) {
        RelNode r = subquery;
        while (r instanceof LogicalProject p) {
            r = p.getInput();
        }
        if (!(r instanceof LogicalFilter inner) || !RelOptUtil.getVariablesUsed(inner.getInput()).isEmpty()
            || RexUtil.SubQueryFinder.containsSubQuery(inner)) {
            return null;
        }
        ImmutableBitSet used = correlatedFields(inner.getCondition(), variables);
        if (used == null || used.isEmpty()) {
            return null;
        }
        return placeOn(outer, 0, used, inner, type, variables);
    }

    /** Outer fields the condition reads through the correlation variables; null if it uses any other one. */
    private static ImmutableBitSet correlatedFields(RexNode condition, Set<CorrelationId> variables) {
        ImmutableBitSet.Builder used = ImmutableBitSet.builder();
        boolean[] foreign = {false};
        condition.accept(new RexShuttle() {
            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                foreign[0] |= !variables.contains(variable.id);
                return variable;
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable v && variables.contains(v.id)) {
                    used.set(access.getField().getIndex());
                    return access;
                }
                return super.visitFieldAccess(access);
            }
        });
        return foreign[0] ? null : used.build();
    }

    /**
     * Puts the join on the smallest INNER-join input of {@code node} that holds every correlated field; {@code offset}
     * is where node's columns start in the correlated row.
     */
    private static RelNode placeOn(RelNode node, int offset, ImmutableBitSet used, LogicalFilter inner,
                                   JoinRelType type, Set<CorrelationId> variables) {
        if (node instanceof LogicalJoin join && join.getJoinType() == JoinRelType.INNER) {
            int leftWidth = join.getLeft().getRowType().getFieldCount();
            ImmutableBitSet left = ImmutableBitSet.range(offset, offset + leftWidth);
            ImmutableBitSet right = ImmutableBitSet.range(offset + leftWidth,
                offset + leftWidth + join.getRight().getRowType().getFieldCount());
            if (left.contains(used)) {
                return join.copy(join.getTraitSet(), List.of(
                    placeOn(join.getLeft(), offset, used, inner, type, variables), join.getRight()));
            }
            if (right.contains(used)) {
                return join.copy(join.getTraitSet(), List.of(join.getLeft(),
                    placeOn(join.getRight(), offset + leftWidth, used, inner, type, variables)));
            }
        }
        int width = node.getRowType().getFieldCount();
        RexNode condition = inner.getCondition().accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(ref.getIndex() + width, ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable v && variables.contains(v.id)) {
                    return new RexInputRef(access.getField().getIndex() - offset, access.getType());
                }
                return super.visitFieldAccess(access);
            }
        });
        return LogicalJoin.create(node, inner.getInput(), List.of(), condition, Set.of(), type);
    }
}
