package com.polardbx.gms.store;

import com.polardbx.common.digest.DigestSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statement digest rows every CN publishes in the GMS ({@code statement_digest}), so that any CN can answer the
 * digest table for the whole cluster, and the reset epoch that TRUNCATE bumps ({@code statement_digest_reset}).
 * A publish and a TRUNCATE lock the epoch row, so a CN never republishes rows a TRUNCATE has just deleted.
 * Thread-safe (each call uses its own connection).
 */
public final class DigestShareStore {
    private static final int BATCH = 200;
    private final MetaDb db;

    public DigestShareStore(MetaDb db) {
        this.db = db;
    }

    /**
     * Replaces this CN's published rows by {@code rows}, unless the epoch moved past {@code seenEpoch} (another
     * CN truncated the table): then only deletes them. Returns the epoch read.
     */
    public long publish(String cnId, long seenEpoch, List<DigestSnapshot> rows) {
        return MetaSql.inTransaction(db, c -> {
            long epoch = epoch(c, " FOR UPDATE");
            try (PreparedStatement del = c.prepareStatement("DELETE FROM statement_digest WHERE cn_id = ?")) {
                del.setString(1, cnId);
                del.executeUpdate();
            }
            if (epoch == seenEpoch) {
                insert(c, cnId, rows);
            }
            return epoch;
        });
    }

    private static void insert(Connection c, String cnId, List<DigestSnapshot> rows) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO statement_digest (cn_id, schema_key, digest_key,"
            + " digest_text, count_star, sum_ns, min_ns, max_ns, errors, warnings, rows_affected, rows_sent,"
            + " rows_examined, first_seen_ms, last_seen_ms, buckets, sample, sample_seen_ms, sample_ns)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (DigestSnapshot r : rows) {
                int i = 1;
                ins.setString(i++, cnId);
                ins.setString(i++, r.schema() == null ? "" : r.schema());
                ins.setString(i++, r.digest() == null ? "" : r.digest());
                ins.setString(i++, r.digestText());
                for (long v : new long[] {r.count(), r.sumNanos(), r.minNanos(), r.maxNanos(), r.errors(),
                    r.warnings(), r.rowsAffected(), r.rowsSent(), r.rowsExamined(), r.firstSeenMillis(),
                    r.lastSeenMillis()}) {
                    ins.setLong(i++, v);
                }
                ins.setString(i++, r.bucketsText());
                ins.setString(i++, r.sampleText());
                ins.setLong(i++, r.sampleSeenMillis());
                ins.setLong(i, r.sampleNanos());
                ins.addBatch();
                if (++pending == BATCH) {
                    ins.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ins.executeBatch();
            }
        }
    }

    /** The rows the other CNs published last. */
    public List<DigestSnapshot> others(String cnId, int bucketCount) {
        List<DigestSnapshot> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
            "SELECT schema_key, digest_key, digest_text, count_star, sum_ns, min_ns, max_ns, errors, warnings,"
                + " rows_affected, rows_sent, rows_examined, first_seen_ms, last_seen_ms, buckets, sample,"
                + " sample_seen_ms, sample_ns FROM statement_digest WHERE cn_id <> ?")) {
            ps.setString(1, cnId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String schema = rs.getString(1);
                    String digest = rs.getString(2);
                    out.add(new DigestSnapshot(schema.isEmpty() ? null : schema, digest.isEmpty() ? null : digest,
                        rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                        rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
                        rs.getLong(14), DigestSnapshot.parseBuckets(rs.getString(15), bucketCount),
                        rs.getString(16), rs.getLong(17), rs.getLong(18)));
                }
            }
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
        return out;
    }

    /** TRUNCATE for the cluster: deletes every CN's rows and moves the epoch on; returns the new epoch. */
    public long truncate() {
        return MetaSql.inTransaction(db, c -> {
            long epoch = epoch(c, " FOR UPDATE") + 1;
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE statement_digest_reset SET epoch = " + epoch + " WHERE id = 1");
                s.executeUpdate("DELETE FROM statement_digest");
            }
            return epoch;
        });
    }

    /** The current reset epoch. */
    public long epoch() {
        try (Connection c = db.connection()) {
            return epoch(c, "");
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    private static long epoch(Connection c, String lock) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT epoch FROM statement_digest_reset WHERE id = 1" + lock)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
