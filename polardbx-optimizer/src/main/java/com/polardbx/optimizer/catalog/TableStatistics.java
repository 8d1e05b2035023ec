package com.polardbx.optimizer.catalog;

import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.ColumnStatistics;

/**
 * Row counts and column statistics of logical tables for the planner's cost model. Implementations must be
 * thread-safe and cheap (they are asked on every planned query): cache what comes from the DNs or GMS.
 */
public interface TableStatistics {
    /** No statistics: every table gets {@link #guess}. */
    TableStatistics NONE = table -> -1;

    /** Estimated rows of the whole table (one copy of a broadcast table), or a negative number when unknown. */
    double rowCount(TableMeta table);

    /** What ANALYZE TABLE stored about a column (NDV, nulls, range, histogram), or null when nothing is known. */
    default ColumnStatistics column(TableMeta table, String column) {
        return null;
    }

    /** The count when nothing is known: broadcast tables are assumed small, partitioned ones large. */
    static double guess(TableMeta table) {
        return table.kind() == TableKind.BROADCAST ? 1_000 : table.kind() == TableKind.SINGLE ? 10_000 : 100_000;
    }
}
