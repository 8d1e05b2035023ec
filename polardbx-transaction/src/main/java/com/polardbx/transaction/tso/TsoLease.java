package com.polardbx.transaction.tso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The TSO lease: one row of {@code polardbx_meta.tso_lease} naming the CN that serves the cluster's TSO, the address
 * of its TSO server, an epoch incremented on every change of holder, and the expiry in metadb time.
 *
 * <p>All times in the row are the metadb's UTC clock in epoch milliseconds ({@link #METADB_NOW_MS}), so CN clocks
 * never enter the comparison. A CN takes the lease only when {@code expires_ms + margin < metadb now}; the holder
 * renews it with a write conditional on its epoch; the window of {@code tso_window} is raised only in a transaction
 * that holds the lease row locked and still finds the caller's epoch (a fenced raise), so a raise and a takeover are
 * serialized on the lease row. Stateless apart from the connection supplier; thread-safe.
 */
final class TsoLease {
    /** The metadb's current UTC time in epoch ms, independent of the session time zone. */
    static final String METADB_NOW_MS =
        "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000)";

    private final Supplier<Connection> metaDb;

    TsoLease(Supplier<Connection> metaDb) {
        this.metaDb = metaDb;
    }

    /** The lease row as read, with the metadb's clock at the time of the read. */
    record Row(String holder, String address, long epoch, long expiresMs, long metaDbNowMs) {
        /** True when a new holder may take over: expired for longer than {@code marginMs} by metadb time. */
        boolean expiredFor(long marginMs) {
            return expiresMs + marginMs < metaDbNowMs;
        }
    }

    /** Creates the row (no holder, long expired) when missing. */
    void ensureRow() throws SQLException {
        try (Connection c = metaDb.get(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT IGNORE INTO polardbx_meta.tso_lease (id, holder, address, epoch, expires_ms)"
                + " VALUES (1, '', '', 0, 0)");
        }
    }

    Row read() throws SQLException {
        try (Connection c = metaDb.get(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT holder, address, epoch, expires_ms, " + METADB_NOW_MS
                 + " FROM polardbx_meta.tso_lease WHERE id = 1")) {
            if (!rs.next()) {
                throw new SQLException("polardbx_meta.tso_lease has no row 1");
            }
            return new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    /**
     * Takes the lease for {@code leaseMs} if it expired more than {@code marginMs} ago by metadb time.
     *
     * @return the new epoch, or empty when another CN still holds it
     */
    OptionalLong tryAcquire(String cnId, String address, long leaseMs, long marginMs) throws SQLException {
        return inTransaction(c -> {
            Row row = lockRow(c);
            if (!row.expiredFor(marginMs)) {
                return OptionalLong.empty();
            }
            long epoch = row.epoch() + 1;
            try (PreparedStatement ps = c.prepareStatement("UPDATE polardbx_meta.tso_lease SET holder = ?,"
                + " address = ?, epoch = ?, expires_ms = " + METADB_NOW_MS + " + ? WHERE id = 1")) {
                ps.setString(1, cnId);
                ps.setString(2, address);
                ps.setLong(3, epoch);
                ps.setLong(4, leaseMs);
                ps.executeUpdate();
            }
            return OptionalLong.of(epoch);
        });
    }

    /**
     * Extends the lease of {@code epoch} to metadb now + {@code leaseMs}.
     *
     * @return false when the lease moved on to another epoch (the caller lost it)
     */
    boolean renew(String cnId, long epoch, long leaseMs) throws SQLException {
        try (Connection c = metaDb.get(); PreparedStatement ps = c.prepareStatement("UPDATE polardbx_meta.tso_lease"
            + " SET expires_ms = " + METADB_NOW_MS + " + ? WHERE id = 1 AND holder = ? AND epoch = ?")) {
            ps.setLong(1, leaseMs);
            ps.setString(2, cnId);
            ps.setLong(3, epoch);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives the lease of {@code epoch} up: marks it expired long ago, so the next CN needs not wait. */
    void release(String cnId, long epoch) throws SQLException {
        try (Connection c = metaDb.get(); PreparedStatement ps = c.prepareStatement(
            "UPDATE polardbx_meta.tso_lease SET expires_ms = 0 WHERE id = 1 AND holder = ? AND epoch = ?")) {
            ps.setString(1, cnId);
            ps.setLong(2, epoch);
            ps.executeUpdate();
        }
    }

    /** The window of {@code tso_window} as only the holder of {@code epoch} may raise it. */
    TsoWindow fencedWindow(String cnId, long epoch) {
        return new TsoWindow() {
            @Override
            public long load() throws SQLException {
                return TsoWindow.loadWindow(metaDb);
            }

            @Override
            public void raise(long bound) throws SQLException {
                raiseWindow(cnId, epoch, bound);
            }
        };
    }

    /**
     * Raises {@code tso_window} to at least {@code bound} in one transaction that first locks the lease row and checks
     * that {@code cnId} still holds {@code epoch}. Expiry is not checked: as long as nobody took over, raising the
     * window is harmless, and a takeover waits for this transaction's lock.
     *
     * @throws LeaseLostException when another holder or epoch is recorded (nothing is written)
     */
    void raiseWindow(String cnId, long epoch, long bound) throws SQLException {
        inTransaction(c -> {
            Row row = lockRow(c);
            if (row.epoch() != epoch || !row.holder().equals(cnId)) {
                throw new LeaseLostException("TSO lease of " + cnId + " epoch " + epoch + " was taken over by "
                    + row.holder() + " epoch " + row.epoch());
            }
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE polardbx_meta.tso_window SET upper_bound = GREATEST(upper_bound, ?) WHERE id = 1")) {
                ps.setLong(1, bound);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static Row lockRow(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT holder, address, epoch, expires_ms, " + METADB_NOW_MS
                 + " FROM polardbx_meta.tso_lease WHERE id = 1 FOR UPDATE")) {
            if (!rs.next()) {
                throw new SQLException("polardbx_meta.tso_lease has no row 1");
            }
            return new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = metaDb.get()) {
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                try {
                    if (!committed) {
                        c.rollback();
                    }
                    c.setAutoCommit(true);
                } catch (SQLException e) {
                    // A broken connection: the pool discards it, and the server rolls back when it goes.
                }
            }
        }
    }
}
