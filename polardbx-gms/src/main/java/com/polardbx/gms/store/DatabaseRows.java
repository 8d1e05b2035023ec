package com.polardbx.gms.store;

import com.polardbx.gms.meta.DatabaseMeta;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Writes and reads {@link DatabaseMeta} as rows of db_info and db_physical. */
final class DatabaseRows {
    private DatabaseRows() {
    }

    static void insert(Connection c, DatabaseMeta d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO db_info (name, mode, charset, collation_name) VALUES (?,?,?,?)")) {
            ps.setString(1, d.name());
            ps.setString(2, d.mode() == null ? "auto" : d.mode());
            ps.setString(3, d.charset());
            ps.setString(4, d.collation());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO db_physical (db_name, dn_id, physical_db) VALUES (?,?,?)")) {
            for (Map.Entry<String, String> e : new TreeMap<>(d.physicalDbs()).entrySet()) {
                ps.setString(1, d.name());
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void delete(Connection c, String name) throws SQLException {
        for (String sql : new String[] {"DELETE FROM db_info WHERE name = ?",
            "DELETE FROM db_physical WHERE db_name = ?"}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        }
    }

    static Map<String, DatabaseMeta> loadAll(Connection c) throws SQLException {
        Map<String, Map<String, String>> physical = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT db_name, dn_id, physical_db FROM db_physical ORDER BY db_name, dn_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                physical.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                    .put(rs.getString(2), rs.getString(3));
            }
        }
        Map<String, DatabaseMeta> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, mode, charset, collation_name FROM db_info");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                out.put(name, new DatabaseMeta(name, rs.getString(2), rs.getString(3), rs.getString(4),
                    Map.copyOf(physical.getOrDefault(name, Map.of()))));
            }
        }
        return out;
    }
}
