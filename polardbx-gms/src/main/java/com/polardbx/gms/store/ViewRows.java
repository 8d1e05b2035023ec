package com.polardbx.gms.store;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.ViewMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Rows of {@code view_info} and {@code view_column}: the logical views. */
final class ViewRows {
    private ViewRows() {
    }

    static void insert(Connection c, ViewMeta v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO view_info (schema_name, view_name, definition,"
            + " column_list, algorithm, definer, security_type, check_option, character_set_client,"
            + " collation_connection, is_updatable) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, v.schema());
            ps.setString(2, v.name());
            ps.setString(3, v.definition());
            ps.setString(4, v.columnList().isEmpty() ? null : NameList.encode(v.columnList()));
            ps.setString(5, v.algorithm());
            ps.setString(6, v.definer());
            ps.setString(7, v.securityType());
            ps.setString(8, v.checkOption());
            ps.setString(9, v.characterSetClient());
            ps.setString(10, v.collationConnection());
            ps.setBoolean(11, v.updatable());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO view_column (schema_name, view_name, ordinal,"
            + " column_name, sql_type, nullable, collation_name) VALUES (?,?,?,?,?,?,?)")) {
            for (ColumnDef col : v.columns()) {
                ps.setString(1, v.schema());
                ps.setString(2, v.name());
                ps.setInt(3, col.ordinal());
                ps.setString(4, col.name());
                ps.setString(5, col.sqlType());
                ps.setBoolean(6, col.nullable());
                ps.setString(7, col.collation());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes one view, or all of a schema's when {@code nameOrNull} is null. */
    static void delete(Connection c, String schema, String nameOrNull) throws SQLException {
        for (String t : List.of("view_info", "view_column")) {
            String sql = "DELETE FROM " + t + " WHERE schema_name = ?" + (nameOrNull == null ? "" : " AND view_name = ?");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, schema);
                if (nameOrNull != null) {
                    ps.setString(2, nameOrNull);
                }
                ps.executeUpdate();
            }
        }
    }

    /** schema → view name → view. */
    static Map<String, Map<String, ViewMeta>> loadAll(Connection c) throws SQLException {
        Map<String, List<ColumnDef>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, view_name, ordinal, column_name, sql_type,"
            + " nullable, collation_name FROM view_column ORDER BY schema_name, view_name, ordinal");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1) + '.' + rs.getString(2), k -> new ArrayList<>())
                    .add(new ColumnDef(rs.getString(4), rs.getString(5), rs.getBoolean(6), null, false, "", "",
                        rs.getString(7), rs.getInt(3)));
            }
        }
        Map<String, Map<String, ViewMeta>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, view_name, definition, column_list,"
            + " algorithm, definer, security_type, check_option, character_set_client, collation_connection,"
            + " is_updatable FROM view_info"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String name = rs.getString(2);
                List<String> list = rs.getString(4) == null ? List.of() : NameList.decode(rs.getString(4));
                out.computeIfAbsent(schema, k -> new HashMap<>()).put(name, new ViewMeta(schema, name,
                    rs.getString(3), list, List.copyOf(columns.getOrDefault(schema + '.' + name, List.of())),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getString(10), rs.getBoolean(11)));
            }
        }
        return out;
    }
}
