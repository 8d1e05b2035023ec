package com.polardbx.optimizer.planner;

import com.google.common.collect.ImmutableList;
import java.util.EnumSet;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexFieldCollation;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexWindow;
import org.apache.calcite.sql.SqlKind;

/**
 * Gives window ORDER BY keys MySQL's NULL order (first when ascending, last when descending). Calcite's SQL-to-rel
 * conversion uses its own default (NULLS LAST ascending) for window keys regardless of the validator's null
 * collation, which would rank NULLs differently from MariaDB both in shard SQL and in the CN.
 */
final class MySqlWindowOrder extends RelShuttleImpl {
    private MySqlWindowOrder() {
    }

    static RelNode apply(RelNode rel) {
        return rel.accept(new MySqlWindowOrder());
    }

    @Override
    public RelNode visit(LogicalProject project) {
        RelNode visited = super.visit(project);
        if (!(visited instanceof LogicalProject p) || !RexOver.containsOver(p.getProjects(), null)) {
            return visited;
        }
        RexShuttle shuttle = new OverShuttle(p.getCluster().getRexBuilder());
        return p.copy(p.getTraitSet(), p.getInput(), shuttle.apply(p.getProjects()), p.getRowType());
    }

    /** Rebuilds every {@link RexOver} with MySQL's NULL order on its ORDER BY keys. */
    private static final class OverShuttle extends RexShuttle {
        private final RexBuilder rex;

        OverShuttle(RexBuilder rex) {
            this.rex = rex;
        }

        @Override
        public RexNode visitOver(RexOver over) {
            RexWindow w = over.getWindow();
            ImmutableList.Builder<RexFieldCollation> keys = ImmutableList.builder();
            for (RexFieldCollation key : w.orderKeys) {
                boolean descending = key.getDirection().isDescending();
                Set<SqlKind> flags = descending ? EnumSet.of(SqlKind.DESCENDING, SqlKind.NULLS_LAST)
                    : EnumSet.of(SqlKind.NULLS_FIRST);
                keys.add(new RexFieldCollation(key.left, flags));
            }
            return rex.makeOver(over.getType(), over.getAggOperator(), over.getOperands(), w.partitionKeys,
                keys.build(), w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false,
                over.isDistinct(), over.ignoreNulls());
        }
    }
}
