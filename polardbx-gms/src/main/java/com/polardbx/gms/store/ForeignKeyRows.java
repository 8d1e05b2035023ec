package com.polardbx.gms.store;

import com.polardbx.gms.meta.ForeignKeyDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads the {@link ForeignKeyDef}s of tables as rows of foreign_key_info. */
final class ForeignKeyRows {
    private ForeignKeyRows() {
    }

    static void insert(Connection c, List<ForeignKeyDef> keys, String schema, String table) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO foreign_key_info (schema_name, table_name, seq,"
            + " fk_name, fk_columns, ref_schema, ref_table, ref_columns, on_delete, on_update)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            int seq = 0;
            for (ForeignKeyDef k : keys) {
                ps.setString(1, schema);
                ps.setString(2, table);
                ps.setInt(3, seq++);
                ps.setString(4, k.name());
                ps.setString(5, NameList.encode(k.columns()));
                ps.setString(6, k.refSchema());
                ps.setString(7, k.refTable());
                ps.setString(8, NameList.encode(k.refColumns()));
                ps.setString(9, k.onDelete());
                ps.setString(10, k.onUpdate());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A renamed parent: keys that pointed at the old name follow it, as MySQL's do. */
    static void renameParent(Connection c, String schema, String from, String to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE foreign_key_info SET ref_table = ? WHERE ref_schema = ? AND ref_table = ?")) {
            ps.setString(1, to);
            ps.setString(2, schema);
            ps.setString(3, from);
            ps.executeUpdate();
        }
    }

    /** All keys by {@code schema + '\0' + table} of the child. */
    static Map<String, List<ForeignKeyDef>> loadAll(Connection c) throws SQLException {
        Map<String, List<ForeignKeyDef>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT schema_name, table_name, fk_name, fk_columns,"
            + " ref_schema, ref_table, ref_columns, on_delete, on_update FROM foreign_key_info"
            + " ORDER BY schema_name, table_name, seq"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2), k -> new ArrayList<>())
                    .add(new ForeignKeyDef(rs.getString(3), List.copyOf(NameList.decode(rs.getString(4))),
                        rs.getString(5), rs.getString(6), List.copyOf(NameList.decode(rs.getString(7))),
                        rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }
}
