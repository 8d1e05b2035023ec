package com.polardbx.transaction.tso;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * Where a {@link Tso} persists the upper bound of its window: the single row of {@code polardbx_meta.tso_window}.
 * Implementations decide who may raise it.
 */
interface TsoWindow {
    /** The persisted bound (0 when there is none yet; the row is created if missing). */
    long load() throws SQLException;

    /**
     * Raises the persisted bound to at least {@code bound}.
     *
     * @throws SQLException when the metadb cannot be written
     * @throws LeaseLostException when this process may no longer raise it (a fenced window whose lease moved on)
     */
    void raise(long bound) throws SQLException;

    /** A window anyone may raise: for a single CN, or under a lease checked elsewhere. */
    static TsoWindow unfenced(Supplier<Connection> metaDb) {
        return new TsoWindow() {
            @Override
            public long load() throws SQLException {
                return loadWindow(metaDb);
            }

            @Override
            public void raise(long bound) throws SQLException {
                try (Connection c = metaDb.get();
                     PreparedStatement ps = c.prepareStatement(
                         "UPDATE polardbx_meta.tso_window SET upper_bound = GREATEST(upper_bound, ?) WHERE id = 1")) {
                    ps.setLong(1, bound);
                    ps.executeUpdate();
                }
            }
        };
    }

    /** Reads the bound, creating the row when missing. */
    static long loadWindow(Supplier<Connection> metaDb) throws SQLException {
        try (Connection c = metaDb.get(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT IGNORE INTO polardbx_meta.tso_window (id, upper_bound) VALUES (1, 0)");
            try (ResultSet rs = st.executeQuery("SELECT upper_bound FROM polardbx_meta.tso_window WHERE id = 1")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
