package com.polardbx.gms.store;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads a {@link TableMeta} as rows of table_info, column_info, index_info and partition_info. */
final class TableRows {
    private static final String[] CHILD_TABLES = {"column_info", "index_info", "partition_info", "foreign_key_info"};

    private TableRows() {
    }

    static void delete(Connection c, String schema, String table) throws SQLException {
        for (String t : allTables()) {
            try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + t + " WHERE schema_name = ? AND table_name = ?")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                ps.executeUpdate();
            }
        }
    }

    static void deleteSchema(Connection c, String schema) throws SQLException {
        for (String t : allTables()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE schema_name = ?")) {
                ps.setString(1, schema);
                ps.executeUpdate();
            }
        }
    }

    static void rename(Connection c, String schema, String oldName, String newName) throws SQLException {
        for (String t : allTables()) {
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + t + " SET table_name = ? WHERE schema_name = ? AND table_name = ?")) {
                ps.setString(1, newName);
                ps.setString(2, schema);
                ps.setString(3, oldName);
                ps.executeUpdate();
            }
        }
    }

    private static List<String> allTables() {
        List<String> all = new ArrayList<>(List.of(CHILD_TABLES));
        all.add("table_info");
        return all;
    }

    /** Inserts all rows of {@code t}; the caller deleted the old ones in the same transaction. */
    static void insert(Connection c, TableMeta t, String schema, String name) throws SQLException {
        PartitionInfo p = t.partitionInfo();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO table_info (schema_name, table_name, kind,"
            + " part_strategy, part_columns, part_expr, table_group_id, create_sql, version, part_function_version,"
            + " auto_partitioned) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            ps.setString(3, t.kind().name());
            ps.setString(4, p == null || p.strategy() == null ? null : p.strategy().name());
            ps.setString(5, p == null || p.columns() == null ? "" : NameList.encode(p.columns()));
            ps.setString(6, p == null ? null : p.expression());
            ps.setLong(7, t.tableGroupId());
            ps.setString(8, t.createSql());
            ps.setLong(9, t.version());
            ps.setInt(10, p == null ? PartitionInfo.CURRENT_FUNCTION : p.functionVersion());
            ps.setBoolean(11, p != null && p.automatic());
            ps.executeUpdate();
        }
        insertColumns(c, t, schema, name);
        insertIndexes(c, t, schema, name);
        insertPartitions(c, p, schema, name);
        ForeignKeyRows.insert(c, t.foreignKeys(), schema, name);
    }

    private static void insertColumns(Connection c, TableMeta t, String schema, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO column_info (schema_name, table_name, ordinal,"
            + " column_name, sql_type, nullable, default_value, auto_increment, extra, comment_text, collation_name)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (ColumnDef col : t.columns()) {
                ps.setString(1, schema);
                ps.setString(2, name);
                ps.setInt(3, col.ordinal());
                ps.setString(4, col.name());
                ps.setString(5, col.sqlType());
                ps.setBoolean(6, col.nullable());
                ps.setString(7, col.defaultValue());
                ps.setBoolean(8, col.autoIncrement());
                ps.setString(9, col.extra());
                ps.setString(10, col.comment());
                ps.setString(11, col.collation());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertIndexes(Connection c, TableMeta t, String schema, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO index_info (schema_name, table_name, seq,"
            + " index_name, is_unique, index_columns) VALUES (?,?,?,?,?,?)")) {
            int seq = 0;
            for (IndexDef idx : t.indexes()) {
                ps.setString(1, schema);
                ps.setString(2, name);
                ps.setInt(3, seq++);
                ps.setString(4, idx.name());
                ps.setBoolean(5, idx.unique());
                ps.setString(6, NameList.encode(idx.columns()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertPartitions(Connection c, PartitionInfo p, String schema, String name)
        throws SQLException {
        if (p == null || p.partitions() == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO partition_info (schema_name, table_name,"
            + " position, part_name, dn_id, physical_db, physical_table, bound) VALUES (?,?,?,?,?,?,?,?)")) {
            for (PartitionDef d : p.partitions()) {
                ps.setString(1, schema);
                ps.setString(2, name);
                ps.setInt(3, d.position());
                ps.setString(4, d.name());
                ps.setString(5, d.dnId());
                ps.setString(6, d.physicalDb());
                ps.setString(7, d.physicalTable());
                ps.setString(8, d.bound());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Loads every table, keyed by schema then table name. */
    static Map<String, Map<String, TableMeta>> loadAll(Connection c) throws SQLException {
        Map<String, List<ColumnDef>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, column_name, sql_type,"
            + " nullable, default_value, auto_increment, extra, comment_text, collation_name, ordinal"
            + " FROM column_info ORDER BY schema_name, table_name, ordinal"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                    .add(new ColumnDef(rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6),
                        rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11)));
            }
        }
        Map<String, List<IndexDef>> indexes = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, index_name, is_unique,"
            + " index_columns FROM index_info ORDER BY schema_name, table_name, seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                indexes.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                    .add(new IndexDef(rs.getString(3), rs.getBoolean(4), List.copyOf(NameList.decode(rs.getString(5)))));
            }
        }
        Map<String, List<PartitionDef>> partitions = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, part_name, position, dn_id,"
            + " physical_db, physical_table, bound FROM partition_info ORDER BY schema_name, table_name, position");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                partitions.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                    .add(new PartitionDef(rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8)));
            }
        }
        Map<String, List<com.polardbx.gms.meta.ForeignKeyDef>> foreignKeys = ForeignKeyRows.loadAll(c);
        Map<String, Map<String, TableMeta>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, kind, part_strategy,"
            + " part_columns, part_expr, table_group_id, create_sql, version, part_function_version, auto_partitioned"
            + " FROM table_info");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String name = rs.getString(2);
                String k = key(schema, name);
                String strategy = rs.getString(4);
                PartitionInfo p = new PartitionInfo(strategy == null ? null : PartitionStrategy.valueOf(strategy),
                    List.copyOf(NameList.decode(rs.getString(5))), rs.getString(6),
                    List.copyOf(partitions.getOrDefault(k, List.of())), rs.getInt(10), rs.getBoolean(11));
                TableMeta t = new TableMeta(schema, name, TableKind.valueOf(rs.getString(3)),
                    List.copyOf(columns.getOrDefault(k, List.of())), List.copyOf(indexes.getOrDefault(k, List.of())),
                    p, rs.getLong(7), rs.getString(8), rs.getLong(9), foreignKeys.getOrDefault(k, List.of()));
                out.computeIfAbsent(schema, s -> new HashMap<>()).put(name, t);
            }
        }
        return out;
    }

    private static String key(String schema, String table) {
        return schema + '\u0000' + table;
    }
}
