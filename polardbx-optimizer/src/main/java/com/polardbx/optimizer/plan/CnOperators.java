package com.polardbx.optimizer.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import com.polardbx.optimizer.rel.MergeAggregate;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.logical.LogicalJoin;

/** Describes the algorithms chosen for a plan's CN operators, one line each in plan order (EXPLAIN, golden plans). */
public final class CnOperators {
    private CnOperators() {
    }

    public static List<String> describe(RelNode root) {
        List<String> lines = new ArrayList<>();
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof LogicalJoin join) {
                    JoinAlgorithm algorithm = JoinAlgorithm.choose(join);
                    LookupKeys keys = algorithm == JoinAlgorithm.LOOKUP ? LookupKeys.choose(join) : null;
                    lines.add("cn join " + (lines.size() + 1) + " (" + join.getJoinType().lowerName + "): "
                        + algorithm.name().toLowerCase(Locale.ROOT) + (keys != null && keys.index() != null
                        ? " through global index " + keys.index().name() : ""));
                }
                if (node instanceof org.apache.calcite.rel.core.RepeatUnion union) {
                    lines.add("cn recursive union " + (lines.size() + 1) + " (" + (union.all ? "all" : "distinct")
                        + "): rounds over working table " + String.join(".",
                        union.getTransientTable().getQualifiedName()));
                }
                if (node instanceof Aggregate agg && !agg.getGroupSet().isEmpty()) {
                    lines.add("cn aggregate " + (lines.size() + 1) + ": " + AggregateAlgorithm.choose(agg.getInput(),
                        agg.getGroupSet().toArray()).name().toLowerCase(Locale.ROOT));
                }
                if (node instanceof MergeAggregate merge && merge.groupCount() > 0) {
                    lines.add("cn aggregate " + (lines.size() + 1) + ": " + AggregateAlgorithm.choose(
                        merge.getInput(), AggregateAlgorithm.firstFields(merge.groupCount())).name()
                        .toLowerCase(Locale.ROOT));
                }
                super.visit(node, ordinal, parent);
            }
        }.go(root);
        return lines;
    }
}
