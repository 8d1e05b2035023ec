package com.polardbx.gms.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Global AUTO_INCREMENT values in {@code sequence_info}: blocks are reserved under a row lock and committed. */
final class SequenceAccessor {
    private final MetaDb db;

    SequenceAccessor(MetaDb db) {
        this.db = db;
    }

    long reserve(String schema, String table, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        ensureRow(schema, table);
        return MetaSql.inTransaction(db, c -> {
            long next;
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT next_value FROM sequence_info WHERE schema_name = ? AND table_name = ? FOR UPDATE")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sequence_info SET next_value = ? WHERE schema_name = ? AND table_name = ?")) {
                ps.setLong(1, Math.addExact(next, count));
                ps.setString(2, schema);
                ps.setString(3, table);
                ps.executeUpdate();
            }
            return next;
        });
    }

    /** The first id the next reserved block starts with (1 for a table without a sequence row yet). */
    long peek(String schema, String table) {
        return MetaSql.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT next_value FROM sequence_info WHERE schema_name = ? AND table_name = ?")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 1L;
                }
            }
        });
    }

    void raise(String schema, String table, long atLeast) {
        ensureRow(schema, table);
        MetaSql.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sequence_info SET next_value ="
                + " GREATEST(next_value, ?) WHERE schema_name = ? AND table_name = ?")) {
                ps.setLong(1, Math.addExact(atLeast, 1));
                ps.setString(2, schema);
                ps.setString(3, table);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Creates the row in its own autocommit statement, so the reserving transaction locks only that record. */
    private void ensureRow(String schema, String table) {
        MetaSql.inTransaction(db, c -> {
            insertIfMissing(c, schema, table);
            return null;
        });
    }

    private static void insertIfMissing(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT IGNORE INTO sequence_info (schema_name, table_name, next_value) VALUES (?, ?, 1)")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            ps.executeUpdate();
        }
    }

    static void delete(Connection c, String schema, String tableOrNull) throws SQLException {
        String sql = "DELETE FROM sequence_info WHERE schema_name = ?" + (tableOrNull == null ? "" : " AND table_name = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schema);
            if (tableOrNull != null) {
                ps.setString(2, tableOrNull);
            }
            ps.executeUpdate();
        }
    }

    static void rename(Connection c, String schema, String oldName, String newName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE sequence_info SET table_name = ? WHERE schema_name = ? AND table_name = ?")) {
            ps.setString(1, newName);
            ps.setString(2, schema);
            ps.setString(3, oldName);
            ps.executeUpdate();
        }
    }
}
