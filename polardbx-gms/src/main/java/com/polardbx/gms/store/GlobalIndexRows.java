package com.polardbx.gms.store;

import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexState;
import com.polardbx.gms.meta.TableMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the global indexes of a table: a {@code global_index_info} row each, and the index table's own
 * rows in table_info etc. under its hidden name. Loading moves the index tables out of the table list into their
 * primary table's {@link TableMeta#globalIndexes()}, so no listing ever shows them.
 */
final class GlobalIndexRows {
    private GlobalIndexRows() {
    }

    /** Inserts the rows of every global index of {@code t}; the caller deleted the old ones. */
    static void insert(Connection c, TableMeta t, String schema, String name) throws SQLException {
        int seq = 0;
        for (GlobalIndexMeta g : t.globalIndexes()) {
            String indexTable = MetaStore.normalize(g.table().name());
            TableRows.insert(c, g.table(), schema, indexTable);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO global_index_info (schema_name, table_name,"
                + " index_name, index_table, is_unique, clustered, index_columns, covering_columns, state, seq)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, schema);
                ps.setString(2, name);
                ps.setString(3, g.name());
                ps.setString(4, indexTable);
                ps.setBoolean(5, g.unique());
                ps.setBoolean(6, g.clustered());
                ps.setString(7, NameList.encode(g.columns()));
                ps.setString(8, NameList.encode(g.covering()));
                ps.setString(9, g.state().name());
                ps.setInt(10, seq++);
                ps.executeUpdate();
            }
        }
    }

    /** Deletes the global index rows of a table and its index tables' rows. */
    static void delete(Connection c, String schema, String name) throws SQLException {
        for (String indexTable : indexTables(c, schema, name)) {
            TableRows.delete(c, schema, indexTable);
        }
        try (PreparedStatement ps = c.prepareStatement(
            "DELETE FROM global_index_info WHERE schema_name = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    static void deleteSchema(Connection c, String schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM global_index_info WHERE schema_name = ?")) {
            ps.setString(1, schema);
            ps.executeUpdate();
        }
    }

    static void rename(Connection c, String schema, String oldName, String newName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE global_index_info SET table_name = ? WHERE schema_name = ? AND table_name = ?")) {
            ps.setString(1, newName);
            ps.setString(2, schema);
            ps.setString(3, oldName);
            ps.executeUpdate();
        }
    }

    private static List<String> indexTables(Connection c, String schema, String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT index_table FROM global_index_info WHERE schema_name = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Moves index tables out of {@code tables} into their primaries' global index lists. */
    static void attach(Connection c, Map<String, Map<String, TableMeta>> tables) throws SQLException {
        Map<String, List<GlobalIndexMeta>> byPrimary = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, index_name, index_table,"
            + " is_unique, clustered, index_columns, covering_columns, state FROM global_index_info"
            + " ORDER BY schema_name, table_name, seq"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, TableMeta> inSchema = tables.get(rs.getString(1));
                TableMeta indexTable = inSchema == null ? null : inSchema.remove(rs.getString(4));
                if (indexTable == null) {
                    continue; // half-written metadata is never left behind by a committed change
                }
                byPrimary.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new ArrayList<>())
                    .add(new GlobalIndexMeta(rs.getString(3), rs.getBoolean(5), rs.getBoolean(6),
                        List.copyOf(NameList.decode(rs.getString(7))), List.copyOf(NameList.decode(rs.getString(8))),
                        IndexState.valueOf(rs.getString(9)), indexTable));
            }
        }
        byPrimary.forEach((key, indexes) -> {
            String[] parts = key.split("\u0000");
            Map<String, TableMeta> inSchema = tables.get(parts[0]);
            TableMeta primary = inSchema == null ? null : inSchema.get(parts[1]);
            if (primary != null) {
                inSchema.put(parts[1], primary.withGlobalIndexes(indexes));
            }
        });
    }
}
