package com.polardbx.transaction.xa;

import com.polardbx.transaction.tso.Tso;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The global transaction log {@code polardbx_meta.global_tx_log}: one row per decided two-phase transaction.
 *
 * <p>A COMMIT row is the commit point. Whoever inserts the row first decides the outcome: the committer inserts
 * COMMIT with a plain INSERT, recovery inserts ABORT with INSERT IGNORE, so a committer that loses the race gets a
 * duplicate key and must roll back. Thread-safe; every call takes its own metadb connection.
 */
public final class GlobalTxLog {
    /** The state of a committed transaction. */
    public static final String COMMIT = "COMMIT";
    /** The state of a transaction aborted by recovery or by a committer that could not reach its commit point. */
    public static final String ABORT = "ABORT";
    private static final int DUPLICATE_KEY = 1062;

    private final Supplier<Connection> metaDb;

    public GlobalTxLog(Supplier<Connection> metaDb) {
        this.metaDb = metaDb;
    }

    /**
     * Writes the COMMIT record: the commit point.
     *
     * @return false when a record already exists (recovery aborted the transaction first)
     * @throws SQLException when the outcome of the write is unknown
     */
    public boolean insertCommit(long txid, long commitTs, Collection<String> participants) throws SQLException {
        try (Connection c = metaDb.get();
             PreparedStatement ps = c.prepareStatement("INSERT INTO polardbx_meta.global_tx_log "
                 + "(txid, state, commit_ts, participants, gmt_created) VALUES (?, ?, ?, ?, NOW(3))")) {
            ps.setLong(1, txid);
            ps.setString(2, COMMIT);
            ps.setLong(3, commitTs);
            ps.setString(4, String.join(",", participants));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The recorded state, if any. */
    public Optional<String> state(long txid) throws SQLException {
        try (Connection c = metaDb.get();
             PreparedStatement ps = c.prepareStatement(
                 "SELECT state FROM polardbx_meta.global_tx_log WHERE txid = ?")) {
            ps.setLong(1, txid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Decides a transaction whose coordinator is gone or unsure: records ABORT unless a record exists, then reads
     * the decision back.
     *
     * @return true when the transaction is committed, false when it is (now) aborted
     */
    public boolean abortUnlessCommitted(long txid, Collection<String> participants) throws SQLException {
        try (Connection c = metaDb.get();
             PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO polardbx_meta.global_tx_log "
                 + "(txid, state, commit_ts, participants, gmt_created) VALUES (?, ?, 0, ?, NOW(3))")) {
            ps.setLong(1, txid);
            ps.setString(2, ABORT);
            ps.setString(3, String.join(",", participants));
            ps.executeUpdate();
        }
        return state(txid).map(COMMIT::equals).orElseThrow(
            () -> new SQLException("global_tx_log row " + txid + " vanished"));
    }

    /**
     * Deletes records of transactions that began before {@code beforeMillis}, except {@code keep} (transactions that
     * still have prepared branches).
     *
     * @return the number of rows deleted
     */
    public int purge(long beforeMillis, Collection<Long> keep) throws SQLException {
        StringBuilder sql = new StringBuilder("DELETE FROM polardbx_meta.global_tx_log WHERE txid < ?");
        if (!keep.isEmpty()) {
            sql.append(" AND txid NOT IN (").append(String.join(",", keep.stream().map(String::valueOf).toList()))
                .append(')');
        }
        try (Connection c = metaDb.get(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            // Transaction ids are TSO timestamps, so an id tells when its transaction began.
            ps.setLong(1, Tso.fromMillis(beforeMillis));
            return ps.executeUpdate();
        }
    }
}
