package com.polardbx.server.stats;

import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.gms.stats.TableStatisticsRecord;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.catalog.TableStatistics;
import java.util.HashMap;
import java.util.Map;

/**
 * The planner's statistics: what ANALYZE TABLE stored in GMS (read at start and again whenever the metadata version
 * moves, which ANALYZE and DDL both do, so every CN sees them and they survive restarts), and for tables never
 * analyzed the DNs' own row estimates. Thread-safe.
 */
public final class AnalyzedStatistics implements TableStatistics {
    /** The stored statistics and the metadata version they were read at. */
    private record Snapshot(long version, Map<String, TableStatisticsRecord> tables) {
    }

    private final MetaStore meta;
    private final TableStatistics fallback;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of());

    public AnalyzedStatistics(MetaStore meta, TableStatistics fallback) {
        this.meta = meta;
        this.fallback = fallback;
    }

    @Override
    public double rowCount(TableMeta table) {
        TableStatisticsRecord stats = analyzed(table);
        return stats != null ? stats.rowCount() : fallback.rowCount(table);
    }

    @Override
    public ColumnStatistics column(TableMeta table, String column) {
        TableStatisticsRecord stats = analyzed(table);
        return stats == null ? null : stats.column(column);
    }

    /** The stored statistics of a table, or null when it was never analyzed. */
    public TableStatisticsRecord analyzed(TableMeta table) {
        return current().tables().get(key(table.schema(), table.name()));
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long version = meta.version();
        if (s.version() != version) {
            Map<String, TableStatisticsRecord> tables = new HashMap<>();
            for (TableStatisticsRecord r : meta.loadStatistics()) {
                tables.put(key(r.schema(), r.table()), r);
            }
            s = new Snapshot(version, Map.copyOf(tables));
            snapshot = s;
        }
        return s;
    }

    private static String key(String schema, String table) {
        return schema.toLowerCase(java.util.Locale.ROOT) + '.' + table.toLowerCase(java.util.Locale.ROOT);
    }
}
