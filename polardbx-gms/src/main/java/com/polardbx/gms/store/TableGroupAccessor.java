package com.polardbx.gms.store;

import com.google.common.hash.Hashing;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;

/** Finds or creates the table group of a partition scheme in {@code table_group}. */
final class TableGroupAccessor {
    private final MetaDb db;

    TableGroupAccessor(MetaDb db) {
        this.db = db;
    }

    /**
     * The text that identifies a scheme: strategy, expression, column types, partition count and bounds. Column names
     * are left out on purpose: tables partitioned alike on differently named columns still co-locate.
     */
    static String signature(PartitionInfo scheme, List<String> partitionColumnTypes) {
        StringBuilder sb = new StringBuilder();
        sb.append(scheme.strategy()).append('|');
        sb.append(scheme.expression() == null ? "" : expressionShape(scheme)).append('|');
        for (String type : partitionColumnTypes) {
            sb.append(type.trim().toLowerCase(Locale.ROOT)).append(';');
        }
        sb.append('|').append(scheme.partitions().size()).append('|');
        for (PartitionDef p : scheme.partitions()) {
            sb.append(p.bound() == null ? "" : p.bound().replaceAll("\\s+", "")).append(';');
        }
        return sb.toString();
    }

    /** The expression with the column names replaced by their positions, so that YEAR(a) and YEAR(b) match. */
    private static String expressionShape(PartitionInfo scheme) {
        String expr = scheme.expression().toLowerCase(Locale.ROOT).replace("`", "").replaceAll("\\s+", "");
        for (int i = 0; i < scheme.columns().size(); i++) {
            expr = expr.replaceAll("\\b" + java.util.regex.Pattern.quote(
                scheme.columns().get(i).toLowerCase(Locale.ROOT)) + "\\b", "\\$" + i);
        }
        return expr;
    }

    long findOrCreate(String schema, PartitionInfo scheme, List<String> partitionColumnTypes) {
        String signature = signature(scheme, partitionColumnTypes);
        String sha = Hashing.sha256().hashString(signature, StandardCharsets.UTF_8).toString();
        return MetaSql.inTransaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT IGNORE INTO table_group (schema_name, signature_sha, signature) VALUES (?,?,?)")) {
                ps.setString(1, schema);
                ps.setString(2, sha);
                ps.setString(3, signature);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM table_group WHERE schema_name = ? AND signature_sha = ?")) {
                ps.setString(1, schema);
                ps.setString(2, sha);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    static void deleteSchema(java.sql.Connection c, String schema) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM table_group WHERE schema_name = ?")) {
            ps.setString(1, schema);
            ps.executeUpdate();
        }
    }
}
