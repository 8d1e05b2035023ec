package com.polardbx.cdc.extract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commit timestamps of two-phase transactions by transaction id: filled from the global transaction log rows the GMS
 * binlog shows, and read from the table itself when the GMS reader has not got there (or after a restart). The row of
 * a transaction exists before any of its {@code XA COMMIT}s, so a lookup made on seeing one always finds it, unless
 * it was purged. Thread-safe.
 */
public final class CommitTimestamps {
    private static final Logger log = LoggerFactory.getLogger(CommitTimestamps.class);
    private static final int CAPACITY = 200_000;
    /** Marks an ABORT record. */
    public static final long ABORTED = -2;
    /** No record: a foreign XA transaction, or one purged from the log. */
    public static final long UNKNOWN = -1;

    private final Supplier<Connection> gms;
    private final Map<Long, Long> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    public CommitTimestamps(Supplier<Connection> gms) {
        this.gms = gms;
    }

    /** A row of the global transaction log, seen in the GMS binlog. */
    public synchronized void record(long txid, String state, long commitTs) {
        recent.put(txid, "COMMIT".equals(state) ? commitTs : ABORTED);
    }

    /** The commit timestamp, {@link #ABORTED} or {@link #UNKNOWN}. */
    public long lookup(long txid) {
        synchronized (this) {
            Long ts = recent.get(txid);
            if (ts != null) {
                return ts;
            }
        }
        for (int attempt = 0; ; attempt++) {
            try (Connection c = gms.get();
                 PreparedStatement ps = c.prepareStatement(
                     "SELECT state, commit_ts FROM polardbx_meta.global_tx_log WHERE txid = ?")) {
                ps.setLong(1, txid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return UNKNOWN;
                    }
                    long ts = "COMMIT".equals(rs.getString(1)) ? rs.getLong(2) : ABORTED;
                    record(txid, rs.getString(1), rs.getLong(2));
                    return ts;
                }
            } catch (SQLException e) {
                if (attempt >= 30) {
                    throw new IllegalStateException("global transaction log unreachable", e);
                }
                log.warn("reading the commit timestamp of {} failed, retrying: {}", txid, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }
}
