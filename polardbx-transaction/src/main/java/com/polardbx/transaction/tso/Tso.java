package com.polardbx.transaction.tso;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timestamp oracle: hands out strictly increasing 64-bit timestamps, {@code physical ms << 22 | logical}.
 *
 * <p>Timestamps stay increasing across restarts because every timestamp handed out has a physical part below an upper
 * bound that was persisted in {@code polardbx_meta.tso_window} before it was handed out; a new instance starts at the
 * persisted bound. Only one process may hold the TSO of a cluster at a time (leader election comes later).
 * Thread-safe; {@link #next()} is a few nanoseconds except when the window is renewed (one metadb write every
 * {@code window - renewMargin} ms).
 */
public final class Tso {
    /** Bits of the logical counter. */
    public static final int LOGICAL_BITS = 22;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;
    private static final long DEFAULT_WINDOW_MS = 3_000;
    private static final long DEFAULT_RENEW_MARGIN_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(Tso.class);

    private final Supplier<Connection> metaDb;
    private final LongSupplier clock;
    private final long windowMs;
    private final long renewMarginMs;
    private long lastPhysical;
    private long lastLogical;
    private long upperBound;

    /** A TSO over the metadb reached through {@code metaDb} (autocommit connections, closed after use). */
    public Tso(Supplier<Connection> metaDb) {
        this(metaDb, System::currentTimeMillis, DEFAULT_WINDOW_MS, DEFAULT_RENEW_MARGIN_MS);
    }

    Tso(Supplier<Connection> metaDb, LongSupplier clock, long windowMs, long renewMarginMs) {
        this.metaDb = metaDb;
        this.clock = clock;
        this.windowMs = windowMs;
        this.renewMarginMs = renewMarginMs;
        long persisted = loadUpperBound();
        // Anything below the persisted bound may have been handed out by a previous holder.
        this.lastPhysical = Math.max(persisted, clock.getAsLong());
        this.lastLogical = -1;
        this.upperBound = persisted;
        renew();
    }

    /** The physical milliseconds of a timestamp. */
    public static long physicalMillis(long timestamp) {
        return timestamp >>> LOGICAL_BITS;
    }

    /** The smallest timestamp with the given physical milliseconds. */
    public static long fromMillis(long millis) {
        return millis << LOGICAL_BITS;
    }

    /** A timestamp greater than every timestamp this TSO (or a previous holder) handed out before. */
    public synchronized long next() {
        long now = clock.getAsLong();
        if (now > lastPhysical) {
            lastPhysical = now;
            lastLogical = 0;
        } else if (++lastLogical > LOGICAL_MASK) {
            lastPhysical++;
            lastLogical = 0;
        }
        if (lastPhysical >= upperBound - renewMarginMs) {
            renew();
        }
        return (lastPhysical << LOGICAL_BITS) | lastLogical;
    }

    private void renew() {
        long bound = Math.max(lastPhysical, clock.getAsLong()) + windowMs;
        try (Connection c = metaDb.get();
             PreparedStatement ps = c.prepareStatement(
                 "UPDATE polardbx_meta.tso_window SET upper_bound = GREATEST(upper_bound, ?) WHERE id = 1")) {
            ps.setLong(1, bound);
            ps.executeUpdate();
            upperBound = bound;
        } catch (SQLException | RuntimeException e) {
            if (lastPhysical < upperBound) {
                // Still inside the old window: keep serving, retry on the next call.
                log.warn("TSO window renewal failed, {} ms left: {}", upperBound - lastPhysical, e.getMessage());
                return;
            }
            throw new SqlError(e, ErrorCode.ER_INTERNAL, "TSO window renewal failed: " + e.getMessage());
        }
    }

    private long loadUpperBound() {
        try (Connection c = metaDb.get(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT IGNORE INTO polardbx_meta.tso_window (id, upper_bound) VALUES (1, 0)");
            try (ResultSet rs = st.executeQuery("SELECT upper_bound FROM polardbx_meta.tso_window WHERE id = 1")) {
                rs.next();
                long bound = rs.getLong(1);
                log.info("TSO starts above persisted bound {}", bound);
                return bound;
            }
        } catch (SQLException | RuntimeException e) {
            throw new SqlError(e, ErrorCode.ER_INTERNAL, "cannot load TSO window: " + e.getMessage());
        }
    }
}
