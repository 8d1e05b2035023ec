package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Filters implied by a join condition that is an OR across inputs: when every branch of
 * {@code (a1 AND b1) OR (a2 AND b2)} has conjuncts that read only input A, {@code a1 OR a2} holds for every joined
 * row, so A can be filtered by it before the join (TPC-H q19: each branch names its own brands, containers and sizes
 * of part). The OR itself stays as the join's condition; the implied filters only shrink the inputs.
 */
final class OrFactors {
    private OrFactors() {
    }

    /** For an OR conjunct over several inputs (fields per input in {@code inputs}), its implied single-input filters. */
    static List<RexNode> implied(RexBuilder rex, RexNode condition, List<ImmutableBitSet> inputs) {
        List<RexNode> out = new ArrayList<>();
        if (condition.getKind() != SqlKind.OR) {
            return out;
        }
        ImmutableBitSet used = RelOptUtil.InputFinder.bits(condition);
        List<RexNode> branches = RelOptUtil.disjunctions(condition);
        for (ImmutableBitSet input : inputs) {
            if (input.contains(used)) {
                continue; // reads this input alone: it is pushed as it is
            }
            List<RexNode> perBranch = new ArrayList<>();
            for (RexNode branch : branches) {
                List<RexNode> local = new ArrayList<>();
                for (RexNode c : RelOptUtil.conjunctions(branch)) {
                    ImmutableBitSet bits = RelOptUtil.InputFinder.bits(c);
                    if (!bits.isEmpty() && input.contains(bits) && RexUtil.isDeterministic(c)) {
                        local.add(c);
                    }
                }
                if (local.isEmpty()) {
                    perBranch = null; // a branch that does not restrict this input: nothing is implied
                    break;
                }
                perBranch.add(RexUtil.composeConjunction(rex, local));
            }
            if (perBranch != null) {
                out.add(RexUtil.composeDisjunction(rex, perBranch));
            }
        }
        return out;
    }
}
