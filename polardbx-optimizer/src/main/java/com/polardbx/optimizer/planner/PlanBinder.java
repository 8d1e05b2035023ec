package com.polardbx.optimizer.planner;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.route.PartitionPruner;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Prepares a cached plan for one execution: partition pruning, which the generic plan could not do with {@code ?}
 * in its filters, is done again with this query's constants. Only ever narrows a view's partitions, so every
 * decision the planner made for the unpruned view stays valid. Stateless.
 */
final class PlanBinder {
    private PlanBinder() {
    }

    static RelNode bind(RelNode root, List<String> literals, PartitionPruner pruner) {
        return root.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                if (other instanceof LogicalView view) {
                    return prune(view, literals, pruner);
                }
                return super.visit(other);
            }
        });
    }

    private static RelNode prune(LogicalView view, List<String> literals, PartitionPruner pruner) {
        Filter filter = scanFilter(view.pushed());
        if (filter == null || view.partitions().size() <= 1) {
            return view;
        }
        RexBuilder rex = view.getCluster().getRexBuilder();
        RexNode bound;
        try {
            bound = filter.getCondition().accept(new RexShuttle() {
                @Override
                public RexNode visitDynamicParam(RexDynamicParam param) {
                    return rex.makeLiteral(value(literals.get(param.getIndex())), param.getType(), false);
                }
            });
        } catch (RuntimeException e) {
            return view; // a constant Calcite can't type: read every partition, as without pruning
        }
        List<PartitionDef> parts = pruner.prune(view.table(), bound);
        return parts.size() < view.partitions().size() ? view.withPushed(view.pushed(), parts, view.collation()) : view;
    }

    /** The filter right above the table scan of a pushed-down tree, if any. */
    private static Filter scanFilter(RelNode node) {
        RelNode n = node;
        while (n.getInputs().size() == 1) {
            RelNode input = n.getInput(0);
            if (n instanceof Filter f && input instanceof TableScan) {
                return f;
            }
            n = input;
        }
        return null;
    }

    /** The value of a SQL literal as written: a number, or a quoted string. */
    private static Object value(String literal) {
        if (literal.startsWith("'")) {
            String body = literal.substring(1, literal.length() - 1);
            return body.replace("''", "'").replace("\\\\'", "'").replace("\\\\\\\\", "\\\\");
        }
        return new BigDecimal(literal);
    }
}
