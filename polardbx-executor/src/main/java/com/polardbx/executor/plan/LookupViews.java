package com.polardbx.executor.plan;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.plan.LookupKeys;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.route.PartitionPruner;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * The inner view of a lookup join restricted to a batch of keys: {@code key IN (...)} added to its pushed query and
 * its shards pruned by the {@link PartitionPruner} to those owning the keys. Stateless.
 */
final class LookupViews {
    private static final PartitionPruner PRUNER = new PartitionPruner(new PartitionRouter());

    private LookupViews() {
    }

    /** The view asking for the rows with {@code values} in the lookup key; empty {@code values} ask for none. */
    static LogicalView restrict(LogicalView view, LookupKeys keys, SortedSet<Long> values) {
        RelDataType type = view.getRowType().getFieldList().get(keys.rightKey()).getType();
        RexBuilder rex = view.getCluster().getRexBuilder();
        List<RexNode> literals = new ArrayList<>();
        for (long v : values) {
            if (fits(type, v)) { // a value the column cannot hold matches nothing
                literals.add(rex.makeExactLiteral(BigDecimal.valueOf(v), type));
            }
        }
        if (literals.isEmpty()) {
            RexNode none = rex.makeLiteral(false);
            return view.withPushed(LogicalFilter.create(view.pushed(), none), view.partitions().subList(0, 1),
                view.collation());
        }
        RexNode onView = rex.makeIn(new RexInputRef(keys.rightKey(), type), literals);
        RexNode onTable = rex.makeIn(new RexInputRef(keys.tableColumn(), type), literals);
        Set<Integer> owning = PRUNER.prune(view.table(), onTable).stream().map(PartitionDef::position)
            .collect(Collectors.toSet());
        List<PartitionDef> shards = view.partitions().stream().filter(p -> owning.contains(p.position())).toList();
        if (shards.isEmpty()) {
            return restrict(view, keys, new java.util.TreeSet<>());
        }
        return view.withPushed(LogicalFilter.create(view.pushed(), onView), shards, view.collation());
    }

    /** Whether an integer column of this SQL type (signed or unsigned) can hold {@code v}. */
    private static boolean fits(RelDataType type, long v) {
        return switch (type.getSqlTypeName()) {
            case TINYINT -> v >= -128 && v <= 255;
            case SMALLINT -> v >= -32_768 && v <= 65_535;
            case INTEGER -> v >= Integer.MIN_VALUE && v <= 4_294_967_295L;
            default -> true;
        };
    }
}
