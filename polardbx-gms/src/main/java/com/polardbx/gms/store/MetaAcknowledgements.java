package com.polardbx.gms.store;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which metadata version every live CN has in use. Each CN reports, a few times a second, the oldest version any of
 * its running writes started with; a schema change that must not let two non-adjacent states coexist (a global
 * index going DELETE_ONLY → WRITE_ONLY → ...) waits until every CN heard from recently reports its new version.
 */
public final class MetaAcknowledgements {
    /** A CN silent for longer is taken for dead (its writes then fail on their own connections). */
    static final Duration LIVENESS = Duration.ofSeconds(5);

    private final MetaDb db;

    public MetaAcknowledgements(MetaDb db) {
        this.db = db;
    }

    /** A CN as its acknowledgements show it: the metadata version it uses and how long ago it last reported. */
    public record LiveCn(String cnId, long metaVersion, long silentMillis) {
    }

    /** The CNs heard from within the liveness period, by id (for the status page). */
    public List<LiveCn> liveCns() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
            "SELECT cn_id, meta_version, TIMESTAMPDIFF(MICROSECOND, heartbeat, NOW(3)) DIV 1000 FROM cn_meta_ack"
                + " WHERE heartbeat > NOW(3) - INTERVAL ? SECOND ORDER BY cn_id")) {
            ps.setLong(1, LIVENESS.toSeconds());
            List<LiveCn> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LiveCn(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    /** Records that {@code cnId} runs no write with metadata older than {@code version}. */
    public void acknowledge(String cnId, long version) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
            "REPLACE INTO cn_meta_ack (cn_id, meta_version, heartbeat) VALUES (?, ?, NOW(3))")) {
            ps.setString(1, cnId);
            ps.setLong(2, version);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    /** Forgets a CN that stops (its row would otherwise hold schema changes up until it ages out). */
    public void leave(String cnId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
            "DELETE FROM cn_meta_ack WHERE cn_id = ?")) {
            ps.setString(1, cnId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    /**
     * Waits until every live CN acknowledged {@code version}; 1105 when one has not within {@code timeout} (the
     * caller's schema change then stops, to be resumed or rolled back).
     */
    public void await(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String behind = behind(version);
            if (behind == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SqlError(ErrorCode.ER_INTERNAL, "CN " + behind + " did not take metadata version "
                    + version + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
            }
        }
    }

    /** A live CN still behind {@code version}, or null. */
    private String behind(long version) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
            "SELECT cn_id FROM cn_meta_ack WHERE meta_version < ? AND heartbeat > NOW(3) - INTERVAL ? SECOND"
                + " LIMIT 1")) {
            ps.setLong(1, version);
            ps.setLong(2, LIVENESS.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }
}
