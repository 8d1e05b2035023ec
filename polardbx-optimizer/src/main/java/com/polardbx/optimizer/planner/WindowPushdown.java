package com.polardbx.optimizer.planner;

import com.polardbx.optimizer.rel.LogicalView;
import java.util.List;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Where window functions run. A projection with windows may join its view (run on every shard) only when the view
 * reads one shard or every window's PARTITION BY holds, for each partition column, a column carrying it: then each
 * window partition lies whole on one shard. Otherwise the windows become a {@code LogicalWindow} run in the CN over
 * the shards' rows (Calcite's project-to-window rule), with the projection below it still pushed.
 */
final class WindowPushdown {
    private static final HepProgram TO_WINDOW = new HepProgramBuilder()
        .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
        .build();

    private WindowPushdown() {
    }

    static boolean hasWindows(RelNode node) {
        return node instanceof LogicalProject p && RexOver.containsOver(p.getProjects(), null);
    }

    /** Whether every window of {@code project} (over {@code view}) sees whole window partitions on each shard. */
    static boolean shardsHoldWholePartitions(LogicalProject project, LogicalView view) {
        if (view.isSingleShard()) {
            return true;
        }
        List<ImmutableBitSet> keys = JoinPushdown.partitionKeyColumns(view);
        if (keys.isEmpty()) {
            return false;
        }
        boolean[] aligned = {true};
        RexVisitorImpl<Void> visitor = new RexVisitorImpl<>(true) {
            @Override
            public Void visitOver(RexOver over) {
                ImmutableBitSet.Builder partitionBy = ImmutableBitSet.builder();
                for (RexNode key : over.getWindow().partitionKeys) {
                    if (key instanceof RexInputRef ref) {
                        partitionBy.set(ref.getIndex());
                    }
                }
                ImmutableBitSet columns = partitionBy.build();
                for (ImmutableBitSet key : keys) {
                    aligned[0] &= key.intersects(columns);
                }
                return super.visitOver(over);
            }
        };
        for (RexNode e : project.getProjects()) {
            e.accept(visitor);
        }
        return aligned[0];
    }

    /** The projection as a projection over a {@code LogicalWindow} over (a projection of) its input. */
    static RelNode toWindow(LogicalProject project) {
        HepPlanner hep = new HepPlanner(TO_WINDOW);
        hep.setRoot(project);
        return hep.findBestExp();
    }
}
