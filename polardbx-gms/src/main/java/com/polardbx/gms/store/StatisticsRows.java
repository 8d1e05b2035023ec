package com.polardbx.gms.store;

import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.gms.stats.Histogram;
import com.polardbx.gms.stats.TableStatisticsRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows of {@code table_statistics} and {@code column_statistics}: what ANALYZE TABLE stored. */
final class StatisticsRows {
    private StatisticsRows() {
    }

    static void replace(Connection c, TableStatisticsRecord s) throws SQLException {
        delete(c, s.schema(), s.table());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO table_statistics (schema_name, table_name,"
            + " row_count, sampled_rows, analyzed_ms) VALUES (?,?,?,?,?)")) {
            ps.setString(1, s.schema());
            ps.setString(2, s.table());
            ps.setLong(3, s.rowCount());
            ps.setLong(4, s.sampledRows());
            ps.setLong(5, s.analyzedAtMillis());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO column_statistics (schema_name, table_name,"
            + " column_name, ndv, null_count, min_value, max_value, histogram) VALUES (?,?,?,?,?,?,?,?)")) {
            for (ColumnStatistics col : s.columns().values()) {
                ps.setString(1, s.schema());
                ps.setString(2, s.table());
                ps.setString(3, col.column());
                ps.setDouble(4, col.ndv());
                ps.setDouble(5, col.nullCount());
                ps.setString(6, col.min());
                ps.setString(7, col.max());
                if (col.histogram() == null) {
                    ps.setNull(8, Types.VARCHAR);
                } else {
                    ps.setString(8, col.histogram().encode());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<TableStatisticsRecord> loadAll(Connection c) throws SQLException {
        Map<String, Map<String, ColumnStatistics>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, column_name, ndv, null_count,"
            + " min_value, max_value, histogram FROM column_statistics"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1) + '.' + rs.getString(2), k -> new HashMap<>())
                    .put(rs.getString(3), new ColumnStatistics(rs.getString(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getString(6), rs.getString(7), Histogram.decode(rs.getString(8))));
            }
        }
        List<TableStatisticsRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, row_count, sampled_rows,"
            + " analyzed_ms FROM table_statistics"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TableStatisticsRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    columns.getOrDefault(rs.getString(1) + '.' + rs.getString(2), Map.of()), rs.getLong(5)));
            }
        }
        return out;
    }

    /** Deletes a table's statistics, or a whole schema's when {@code tableOrNull} is null. */
    static void delete(Connection c, String schema, String tableOrNull) throws SQLException {
        for (String t : List.of("table_statistics", "column_statistics")) {
            String sql = "DELETE FROM " + t + " WHERE schema_name = ?" + (tableOrNull == null ? "" : " AND table_name = ?");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, schema);
                if (tableOrNull != null) {
                    ps.setString(2, tableOrNull);
                }
                ps.executeUpdate();
            }
        }
    }

    static void rename(Connection c, String schema, String from, String to) throws SQLException {
        for (String t : List.of("table_statistics", "column_statistics")) {
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + t + " SET table_name = ? WHERE schema_name = ? AND table_name = ?")) {
                ps.setString(1, to);
                ps.setString(2, schema);
                ps.setString(3, from);
                ps.executeUpdate();
            }
        }
    }
}
