package com.polardbx.executor.stats;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.gms.stats.TableStatisticsRecord;
import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Computes a logical table's statistics from its physical tables (every partition; one copy of a broadcast table),
 * after refreshing the DNs' own statistics of every physical table. Two statements per physical table then: an aggregate with the exact row count and, per column, the
 * non-null count, MIN and MAX; then a Bernoulli sample ({@code RAND() < p}, about {@link #SAMPLE_ROWS} rows over the
 * whole table; all rows of a smaller table) that gives NDVs and histograms. Thread-safe (no state).
 */
public final class StatisticsCollector {
    static final int SAMPLE_ROWS = 30_000;

    private final DataNodePools dataNodes;

    public StatisticsCollector(DataNodePools dataNodes) {
        this.dataNodes = dataNodes;
    }

    /** Reads the statistics of {@code table}; DN failures surface as the DN's error. */
    public TableStatisticsRecord collect(TableMeta table) {
        List<PartitionDef> parts = table.partitions();
        if (table.kind() != TableKind.PARTITIONED && !parts.isEmpty()) {
            parts = List.of(parts.get(0));
        }
        Map<String, ColumnSample> samples = new LinkedHashMap<>();
        for (ColumnDef c : table.columns()) {
            samples.put(c.name(), new ColumnSample(c.name(), c.sqlType()));
        }
        for (PartitionDef p : table.partitions()) {
            query(p, "ANALYZE TABLE " + physical(p), rs -> 0); // the DN's own statistics, for the SQL it is sent
        }
        long rows = 0;
        for (PartitionDef p : parts) {
            rows += aggregate(p, table.columns(), samples);
        }
        double share = rows <= SAMPLE_ROWS ? 1 : (double) SAMPLE_ROWS / rows;
        long sampled = 0;
        for (PartitionDef p : parts) {
            sampled += sample(p, table.columns(), samples, share);
        }
        Map<String, ColumnStatistics> columns = new LinkedHashMap<>();
        for (ColumnSample s : samples.values()) {
            ColumnStatistics c = s.statistics();
            columns.put(c.column(), c);
        }
        return new TableStatisticsRecord(table.schema(), table.name(), rows, sampled, columns,
            System.currentTimeMillis());
    }

    private long aggregate(PartitionDef p, List<ColumnDef> columns, Map<String, ColumnSample> samples) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + physical(p));
        select.add("COUNT(*)");
        for (ColumnDef c : columns) {
            String q = quote(c.name());
            select.add("COUNT(" + q + ")").add("MIN(" + q + ")").add("MAX(" + q + ")");
        }
        return query(p, select.toString(), rs -> {
            rs.next();
            long rows = rs.getLong(1);
            int i = 2;
            for (ColumnDef c : columns) {
                samples.get(c.name()).addShard(rows, rs.getLong(i), rs.getString(i + 1), rs.getString(i + 2));
                i += 3;
            }
            return rows;
        });
    }

    private long sample(PartitionDef p, List<ColumnDef> columns, Map<String, ColumnSample> samples, double share) {
        StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + physical(p)
            + (share < 1 ? String.format(Locale.ROOT, " WHERE RAND() < %.6f", share) : ""));
        for (ColumnDef c : columns) {
            select.add(quote(c.name()));
        }
        return query(p, select.toString(), rs -> {
            List<ColumnSample> ordered = new ArrayList<>();
            for (ColumnDef c : columns) {
                ordered.add(samples.get(c.name()));
            }
            long n = 0;
            while (rs.next()) {
                for (int i = 0; i < ordered.size(); i++) {
                    ordered.get(i).addSampled(rs.getString(i + 1));
                }
                n++;
            }
            return n;
        });
    }

    private interface ResultReader {
        long read(ResultSet rs) throws SQLException;
    }

    private long query(PartitionDef p, String sql, ResultReader reader) {
        try (Connection c = dataNodes.getConnection(p.dnId()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw SqlError.passThrough(e.getErrorCode(), e.getSQLState(),
                e.getMessage() + " (on " + p.dnId() + ")", e);
        }
    }

    private static String physical(PartitionDef p) {
        return quote(p.physicalDb()) + "." + quote(p.physicalTable());
    }

    private static String quote(String name) {
        return '`' + name.replace("`", "``") + '`';
    }
}
