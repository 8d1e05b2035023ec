package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * SEMI and ANTI joins written with the joins the CN executes (INNER, LEFT), for those the DNs can't run:
 * <ul>
 *   <li>ANTI: LEFT join with a non-null marker on the right (its distinct keys when the condition is equalities
 *       only), keeping the rows whose marker is NULL;</li>
 *   <li>SEMI on equalities only: INNER join with the distinct right keys;</li>
 *   <li>SEMI with other conditions, when the left rows are unique: INNER join, then the distinct left rows.</li>
 * </ul>
 * Joins without any equality, and SEMI joins with other conditions over rows that may repeat, stay SEMI/ANTI joins:
 * the CN runs them with its nested-loop join.
 */
final class SemiJoins {
    private SemiJoins() {
    }

    /** left key k = right column k, for a right input reduced to its distinct keys (the two inputs on the stack). */
    private static RexNode equalities(RelBuilder b, JoinInfo info) {
        List<RexNode> equalities = new ArrayList<>();
        for (int k = 0; k < info.leftKeys.size(); k++) {
            equalities.add(b.equals(b.field(2, 0, info.leftKeys.get(k)), b.field(2, 1, k)));
        }
        return b.and(equalities);
    }

    /** The rewritten join, or {@code null} when the join should stay as it is (see the class comment). */
    static RelNode withoutSemiJoin(LogicalJoin join) {
        if (join.analyzeCondition().leftKeys.isEmpty()) {
            return null;
        }
        RelBuilder b = RelFactories.LOGICAL_BUILDER.create(join.getCluster(), null);
        RelNode left = join.getLeft();
        RelNode right = join.getRight();
        int leftWidth = left.getRowType().getFieldCount();
        int rightWidth = right.getRowType().getFieldCount();
        JoinInfo info = join.analyzeCondition();
        if (join.getJoinType() == JoinRelType.ANTI) {
            b.push(left).push(right);
            RexNode condition = join.getCondition();
            int markerAt = leftWidth + rightWidth;
            if (info.isEqui()) {
                // only the distinct right keys travel: the left join needs nothing else
                b.aggregate(b.groupKey(info.rightKeys.stream().map(b::field).toList()));
                condition = equalities(b, info);
                markerAt = leftWidth + info.rightKeys.size();
            }
            List<RexNode> marked = new ArrayList<>(b.fields());
            marked.add(b.alias(b.literal(true), "$matched"));
            b.project(marked);
            b.join(JoinRelType.LEFT, condition);
            b.filter(b.isNull(b.field(markerAt)));
            return b.project(b.fields(ImmutableBitSet.range(leftWidth))).build();
        }
        if (info.isEqui()) {
            b.push(left).push(right);
            b.aggregate(b.groupKey(info.rightKeys.stream().map(b::field).toList()));
            b.join(JoinRelType.INNER, equalities(b, info));
            return b.project(b.fields(ImmutableBitSet.range(leftWidth))).build();
        }
        Boolean unique = join.getCluster().getMetadataQuery().areColumnsUnique(left,
            ImmutableBitSet.range(leftWidth));
        if (unique == null || !unique) {
            return null;
        }
        b.push(left).push(right).join(JoinRelType.INNER, join.getCondition());
        b.project(b.fields(ImmutableBitSet.range(leftWidth)));
        return b.distinct().build();
    }
}
