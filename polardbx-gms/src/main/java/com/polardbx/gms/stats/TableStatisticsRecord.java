package com.polardbx.gms.stats;

import java.util.Locale;
import java.util.Map;

/**
 * What {@code ANALYZE TABLE} found out about one logical table: its rows (one copy of a broadcast table), how many
 * of them were sampled, and per-column statistics keyed by lower-case column name.
 */
public record TableStatisticsRecord(String schema, String table, long rowCount, long sampledRows,
                                    Map<String, ColumnStatistics> columns, long analyzedAtMillis) {
    public TableStatisticsRecord {
        columns = Map.copyOf(columns);
    }

    /** The statistics of a column, or null when it was not analyzed. */
    public ColumnStatistics column(String name) {
        return columns.get(name.toLowerCase(Locale.ROOT));
    }
}
