package com.polardbx.server.stats;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.catalog.TableStatistics;
import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table row counts for the planner, summed over a table's physical tables from the DNs' own estimates
 * ({@code information_schema.TABLES.TABLE_ROWS}). One query per physical database and DN, cached for
 * {@link #TTL_NANOS}; a DN that does not answer gives "unknown". Thread-safe.
 */
public final class DataNodeStatistics implements TableStatistics {
    private static final Logger log = LoggerFactory.getLogger(DataNodeStatistics.class);
    private static final long TTL_NANOS = 10_000_000_000L;

    /** Row estimates of the tables of one physical database on one DN, and when they were read. */
    private record Snapshot(long readAt, Map<String, Long> rows) {
    }

    private final DataNodePools dataNodes;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    public DataNodeStatistics(DataNodePools dataNodes) {
        this.dataNodes = dataNodes;
    }

    @Override
    public double rowCount(TableMeta table) {
        List<PartitionDef> parts = table.partitions();
        if (parts.isEmpty()) {
            return -1;
        }
        if (table.kind() != TableKind.PARTITIONED) {
            parts = List.of(parts.get(0));
        }
        double sum = 0;
        for (PartitionDef p : parts) {
            Long rows = snapshot(p.dnId(), p.physicalDb()).rows().get(p.physicalTable().toLowerCase(java.util.Locale.ROOT));
            if (rows == null) {
                return -1;
            }
            sum += rows;
        }
        return sum;
    }

    private Snapshot snapshot(String dnId, String physicalDb) {
        String key = dnId + '\u0000' + physicalDb;
        Snapshot current = snapshots.get(key);
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < TTL_NANOS) {
            return current;
        }
        Snapshot fresh = new Snapshot(now, read(dnId, physicalDb));
        snapshots.put(key, fresh);
        return fresh;
    }

    private Map<String, Long> read(String dnId, String physicalDb) {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = dataNodes.getConnection(dnId);
             PreparedStatement ps = c.prepareStatement(
                 "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?")) {
            ps.setString(1, physicalDb);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2));
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("no table statistics from {} for {}: {}", dnId, physicalDb, e.getMessage());
        }
        return rows;
    }
}
