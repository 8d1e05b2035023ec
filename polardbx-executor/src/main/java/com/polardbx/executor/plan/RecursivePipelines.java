package com.polardbx.executor.plan;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.RecursiveUnionOperator;
import com.polardbx.executor.operator.WorkingTable;
import com.polardbx.executor.plan.PlanExecutor.Pipeline;
import com.polardbx.executor.scan.ConnectionProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.core.RepeatUnion;
import org.apache.calcite.rel.core.TableScan;

/**
 * Recursive WITH in the CN: a {@link RecursiveUnionOperator} over the seed, whose step is built anew for every round
 * from the plan's iterative part; the step's scans of the CTE name read the previous round's {@link WorkingTable}.
 */
final class RecursivePipelines {
    /** What a scan of the CTE name reads: the working table and the seed's column metadata. */
    private record Binding(WorkingTable table, List<ColumnMeta> metas) {
    }

    private RecursivePipelines() {
    }

    static Pipeline recursiveUnion(RepeatUnion union, ConnectionProvider connections, QueryContext context) {
        String name = name(union.getTransientTable());
        Pipeline seed = PlanExecutor.build(union.getSeedRel(), connections, context);
        List<String> names = union.getRowType().getFieldNames();
        List<ColumnMeta> metas = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            metas.add(seed.metas().get(i).withName(names.get(i)));
        }
        RecursiveUnionOperator op = new RecursiveUnionOperator(context, seed.source(), seed.types(), !union.all,
            context.maxRecursiveIterations(), table -> {
                Binding binding = new Binding(table, metas);
                return bound(context, name, binding,
                    () -> PlanExecutor.build(union.getIterativeRel(), connections, context).source());
            });
        return new Pipeline(op, op.outputTypes(), metas, false);
    }

    /** A scan of a CTE name inside its step: the working table bound to the name. */
    static Pipeline workingTableScan(TableScan scan, QueryContext context) {
        String name = name(scan.getTable());
        if (!(context.workingTable(name) instanceof Binding binding)) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "reading recursive WITH table " + name
                + " outside its recursive part");
        }
        return new Pipeline(binding.table().reader(), binding.table().types(), binding.metas(), false);
    }

    static boolean isWorkingTableScan(TableScan scan) {
        return scan.getTable().unwrap(com.polardbx.optimizer.catalog.CatalogTable.class) == null;
    }

    private static String name(RelOptTable table) {
        return String.join(".", table.getQualifiedName());
    }

    /**
     * Builds the step with {@code name} bound to this round's table and keeps it bound around every pull: parts of
     * a pipeline may be built lazily, and another CTE of the same name may be pulled in between.
     */
    private static ChunkSource bound(QueryContext context, String name, Binding binding, Supplier<ChunkSource> build) {
        ChunkSource step = within(context, name, binding, build);
        return new ChunkSource() {
            @Override
            public Chunk next() {
                return within(context, name, binding, step::next);
            }

            @Override
            public void close() {
                within(context, name, binding, () -> {
                    step.close();
                    return null;
                });
            }
        };
    }

    private static <T> T within(QueryContext context, String name, Binding binding, Supplier<T> action) {
        Object outer = context.bindWorkingTable(name, binding);
        try {
            return action.get();
        } finally {
            context.bindWorkingTable(name, outer);
        }
    }
}
