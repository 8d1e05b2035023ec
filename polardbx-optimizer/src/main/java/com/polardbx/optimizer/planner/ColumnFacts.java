package com.polardbx.optimizer.planner;

import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.MergeAggregate;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexInputRef;

/**
 * The ANALYZE TABLE statistics of a plan column that is a table column passed through unchanged (through views,
 * projections, filters, sorts, joins and aggregate group keys), with the row count of its table.
 */
record ColumnFacts(ColumnStatistics stats, double tableRows) {
    /** The facts of column {@code index} of {@code node}, or null when it is derived or its table not analyzed. */
    static ColumnFacts of(RelNode node, int index) {
        RelNode rel = node;
        int i = index;
        while (true) {
            if (rel instanceof LogicalView view) {
                rel = view.pushed();
            } else if (rel instanceof Filter || rel instanceof Sort) {
                rel = rel.getInput(0);
            } else if (rel instanceof Project project) {
                if (!(project.getProjects().get(i) instanceof RexInputRef ref)) {
                    return null;
                }
                i = ref.getIndex();
                rel = project.getInput();
            } else if (rel instanceof Join join) {
                int leftWidth = join.getLeft().getRowType().getFieldCount();
                rel = i < leftWidth ? join.getLeft() : join.getRight();
                i = i < leftWidth ? i : i - leftWidth;
            } else if (rel instanceof Aggregate agg) {
                if (i >= agg.getGroupCount() || agg.getGroupSets().size() != 1) {
                    return null;
                }
                i = agg.getGroupSet().nth(i);
                rel = agg.getInput();
            } else if (rel instanceof MergeAggregate merge) {
                if (i >= merge.groupCount()) {
                    return null;
                }
                rel = merge.getInput();
            } else if (rel instanceof TableScan scan) {
                return of(scan.getTable(), i);
            } else {
                return null;
            }
        }
    }

    private static ColumnFacts of(RelOptTable table, int ordinal) {
        CatalogTable catalog = table.unwrap(CatalogTable.class);
        ColumnStatistics stats = catalog == null ? null : catalog.columnStatistics(ordinal);
        return stats == null ? null : new ColumnFacts(stats, Math.max(1, table.getRowCount()));
    }

    /** Share of the table's rows where the column is NULL. */
    double nullFraction() {
        return Math.min(1, stats.nullCount() / tableRows);
    }

    double ndv() {
        return Math.max(1, stats.ndv());
    }
}
