package com.polardbx.transaction.tso;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.metrics.Metrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timestamp oracle: hands out strictly increasing 64-bit timestamps, {@code physical ms << 22 | logical}.
 *
 * <p>Timestamps stay increasing across restarts because every timestamp handed out has a physical part below an upper
 * bound that was persisted in {@code polardbx_meta.tso_window} before it was handed out; a new instance starts at the
 * persisted bound. Only one process may hold the TSO of a cluster at a time: a CN built with {@link #Tso(Supplier)}
 * assumes it is alone; {@link TsoService} runs one under the cluster's TSO lease, with a window that only the lease
 * holder can raise. Thread-safe; {@link #next()} is a few nanoseconds except when the window is renewed (one metadb
 * write every {@code window - renewMargin} ms).
 */
public final class Tso implements TimestampOracle {
    /** Bits of the logical counter. */
    public static final int LOGICAL_BITS = 22;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;
    /** The largest range {@link #nextRange(int)} hands out at once. */
    public static final int MAX_RANGE = 1 << 16;
    private static final long DEFAULT_WINDOW_MS = 3_000;
    private static final long DEFAULT_RENEW_MARGIN_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(Tso.class);
    /** Timestamps handed out by this process as the cluster's TSO: Prometheus derives the TSO rate from it. */
    private static final LongAdder ISSUED = Metrics.get().counterCell(
        "polardbx_tso_timestamps_issued_total");

    static {
        Metrics.get().describe("polardbx_tso_timestamps_issued_total", "TSO timestamps this CN handed out as the "
            + "cluster's TSO leader (to itself and to the other CNs); rate() of it is the TSO rate");
    }

    private final TsoWindow window;
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
        this(TsoWindow.unfenced(metaDb), clock, windowMs, renewMarginMs);
    }

    Tso(TsoWindow window, LongSupplier clock, long windowMs, long renewMarginMs) {
        this.window = window;
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
    @Override
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
        ISSUED.increment();
        return (lastPhysical << LOGICAL_BITS) | lastLogical;
    }

    /**
     * The first of {@code count} consecutive timestamps {@code first, first + 1, ..., first + count - 1}, all greater
     * than every timestamp handed out before (they share one physical millisecond).
     */
    public synchronized long nextRange(int count) {
        if (count < 1 || count > MAX_RANGE) {
            throw new IllegalArgumentException("range of " + count + " timestamps, allowed 1.." + MAX_RANGE);
        }
        long now = clock.getAsLong();
        if (now > lastPhysical) {
            lastPhysical = now;
            lastLogical = -1;
        }
        if (lastLogical + count > LOGICAL_MASK) {
            lastPhysical++;
            lastLogical = -1;
        }
        long first = lastLogical + 1;
        lastLogical += count;
        if (lastPhysical >= upperBound - renewMarginMs) {
            renew();
        }
        ISSUED.add(count);
        return (lastPhysical << LOGICAL_BITS) | first;
    }

    private void renew() {
        long bound = Math.max(lastPhysical, clock.getAsLong()) + windowMs;
        try {
            window.raise(bound);
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
        try {
            long bound = window.load();
            log.info("TSO starts above persisted bound {}", bound);
            return bound;
        } catch (SQLException | RuntimeException e) {
            throw new SqlError(e, ErrorCode.ER_INTERNAL, "cannot load TSO window: " + e.getMessage());
        }
    }
}
