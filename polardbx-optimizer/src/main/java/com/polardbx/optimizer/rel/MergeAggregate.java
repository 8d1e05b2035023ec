package com.polardbx.optimizer.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The final (CN-side) phase of an aggregation split into partial-on-DN + final-on-CN.
 *
 * <p>Input layout: the {@code groupCount} group columns first, then the partial results of each original call in
 * order: one column for COUNT/SUM/MIN/MAX, two (sum, count) for AVG. The output is the original aggregate's row.
 */
public final class MergeAggregate extends SingleRel {
    private final int groupCount;
    private final List<AggregateCall> calls;
    private final RelDataType outputType;

    public MergeAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input, int groupCount,
                          List<AggregateCall> calls, RelDataType outputType) {
        super(cluster, traits, input);
        this.groupCount = groupCount;
        this.calls = List.copyOf(calls);
        this.outputType = outputType;
    }

    public int groupCount() {
        return groupCount;
    }

    /** The original aggregate calls (their arg indexes refer to the original input, not to this node's input). */
    public List<AggregateCall> calls() {
        return calls;
    }

    /** Number of partial columns each call reads. */
    public static int partialWidth(AggregateCall call) {
        return call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.AVG ? 2 : 1;
    }

    @Override
    protected RelDataType deriveRowType() {
        return outputType;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new MergeAggregate(getCluster(), traitSet, sole(inputs), groupCount, calls, outputType);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("groups", groupCount).item("calls", calls);
    }
}
