package com.polardbx.optimizer.planner;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Expands an aggregate with grouping sets (what {@code WITH ROLLUP} becomes) into a UNION ALL of one plain aggregate
 * per set, the keys a set leaves out shown as NULL, so that each branch is pushed down or split like any aggregate.
 *
 * <p>Rows come out in MariaDB's ROLLUP order: by the grouping keys ascending, each super-aggregate row after the
 * rows it sums (a sort on a "rolled up" flag before each key), so that a LIMIT keeps the rows MariaDB keeps.
 * GROUPING() and friends are not supported (1235).
 */
final class GroupingSets {
    private GroupingSets() {
    }

    static RelNode expand(RelNode rel) {
        return rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(LogicalAggregate aggregate) {
                RelNode visited = super.visit(aggregate);
                if (visited instanceof LogicalAggregate agg && agg.getGroupType() != Aggregate.Group.SIMPLE) {
                    return expandOne(agg);
                }
                return visited;
            }
        });
    }

    /**
     * The grand total only when there are rows: an aggregate without keys gives one row even over no input, where
     * MariaDB's ROLLUP gives none. Adds COUNT(*) and keeps the row when it is positive (the count stays unused).
     */
    private static RelNode nonEmptyOnly(LogicalAggregate total) {
        List<AggregateCall> calls = new ArrayList<>(total.getAggCallList());
        calls.add(AggregateCall.create(org.apache.calcite.sql.fun.SqlStdOperatorTable.COUNT, false, false, false,
            List.of(), List.of(), -1, null, RelCollations.EMPTY, 0, total.getInput(), null, "rows"));
        LogicalAggregate counted = LogicalAggregate.create(total.getInput(), List.of(), total.getGroupSet(), null,
            calls);
        RexBuilder rex = total.getCluster().getRexBuilder();
        RexNode positive = rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.GREATER_THAN,
            rex.makeInputRef(counted, calls.size() - 1), rex.makeExactLiteral(BigDecimal.ZERO));
        return org.apache.calcite.rel.logical.LogicalFilter.create(counted, positive);
    }

    private static RelNode expandOne(LogicalAggregate agg) {
        for (AggregateCall call : agg.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            if (kind == SqlKind.GROUPING || kind == SqlKind.GROUP_ID || kind == SqlKind.GROUPING_ID) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, call.getAggregation().getName() + " across shards");
            }
        }
        RexBuilder rex = agg.getCluster().getRexBuilder();
        List<Integer> keys = agg.getGroupSet().asList();
        List<RelDataTypeField> fields = agg.getRowType().getFieldList();
        List<RelNode> branches = new ArrayList<>();
        for (ImmutableBitSet set : agg.getGroupSets()) {
            List<AggregateCall> calls = new ArrayList<>();
            for (AggregateCall call : agg.getAggCallList()) {
                calls.add(call.adaptTo(agg.getInput(), call.getArgList(), call.filterArg, agg.getGroupCount(),
                    set.cardinality()));
            }
            RelNode branch = LogicalAggregate.create(agg.getInput(), List.of(), set, null, calls);
            if (set.isEmpty()) {
                branch = nonEmptyOnly((LogicalAggregate) branch);
            }
            List<RexNode> projects = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                RelDataType type = fields.get(k).getType();
                projects.add(set.get(keys.get(k)) ? rex.makeInputRef(branch, set.indexOf(keys.get(k)))
                    : rex.makeNullLiteral(type));
                names.add(fields.get(k).getName());
            }
            for (int c = 0; c < calls.size(); c++) {
                // no casts: Calcite's types (e.g. AVG's) are not the ones the executor computes
                projects.add(rex.makeInputRef(branch, set.cardinality() + c));
                names.add(fields.get(keys.size() + c).getName());
            }
            for (int k = 0; k < keys.size(); k++) {
                projects.add(rex.makeExactLiteral(set.get(keys.get(k)) ? BigDecimal.ZERO : BigDecimal.ONE));
                names.add("rolled_up_" + k);
            }
            branches.add(LogicalProject.create(branch, List.of(), projects, names, java.util.Set.of()));
        }
        RelNode union = LogicalUnion.create(branches, true);
        int width = fields.size();
        List<RelFieldCollation> order = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            order.add(new RelFieldCollation(width + k, RelFieldCollation.Direction.ASCENDING,
                RelFieldCollation.NullDirection.FIRST));
            order.add(new RelFieldCollation(k, RelFieldCollation.Direction.ASCENDING,
                RelFieldCollation.NullDirection.FIRST));
        }
        RelNode sorted = LogicalSort.create(union, RelCollations.of(order), null, null);
        List<RexNode> out = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            out.add(rex.makeInputRef(sorted, i));
        }
        return LogicalProject.create(sorted, List.of(), out, agg.getRowType().getFieldNames(), java.util.Set.of());
    }
}
