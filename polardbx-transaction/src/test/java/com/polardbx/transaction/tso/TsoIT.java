package com.polardbx.transaction.tso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The TSO against a real metadb: uniqueness, monotonicity across restarts, the persisted window. */
class TsoIT {
    private static final TestingDataNodes NODES = TestingDataNodes.shared();

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection c = NODES.connect(0); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS polardbx_meta");
            st.execute("CREATE TABLE IF NOT EXISTS polardbx_meta.tso_window (id INT PRIMARY KEY, "
                + "upper_bound BIGINT NOT NULL)");
        }
    }

    @Test
    void timestampsAreUniqueAndIncreasingAcrossThreads() throws Exception {
        Tso tso = new Tso(metaDb());
        int threads = 4;
        int perThread = 100_000;
        List<long[]> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] out = new long[perThread];
            results.add(out);
            workers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    out[i] = tso.next();
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        Set<Long> all = new HashSet<>();
        for (long[] out : results) {
            for (int i = 0; i < out.length; i++) {
                assertTrue(i == 0 || out[i] > out[i - 1], "increasing within a thread");
                all.add(out[i]);
            }
        }
        assertEquals(threads * perThread, all.size(), "no timestamp handed out twice");
        // Never behind the clock; ahead of it only by what earlier holders' windows reserved.
        long physical = Tso.physicalMillis(tso.next());
        assertTrue(physical >= System.currentTimeMillis() - 1_000, "physical part follows wall-clock milliseconds");
        assertTrue(physical < persistedUpperBound(), "and stays below the persisted bound");
    }

    @Test
    void newInstanceStartsAboveEverythingTheOldOneHandedOut() throws SQLException {
        Tso before = new Tso(metaDb());
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = before.next();
        }
        assertTrue(Tso.physicalMillis(last) < persistedUpperBound(), "handed out only below the persisted bound");
        Tso restarted = new Tso(metaDb());
        long first = restarted.next();
        assertTrue(first > last, "restart never goes back: " + first + " <= " + last);
    }

    @Test
    void windowIsRenewedAheadOfTheClock() throws SQLException {
        AtomicLong clock = new AtomicLong(persistedUpperBound() + 1_000);
        Tso tso = new Tso(metaDb(), clock::get, 100, 30);
        long previous = 0;
        for (int step = 0; step < 200; step++) {
            clock.addAndGet(7);
            long ts = tso.next();
            assertTrue(ts > previous);
            previous = ts;
            assertTrue(Tso.physicalMillis(ts) < persistedUpperBound(), "bound persisted before use");
        }
        assertEquals(clock.get(), Tso.physicalMillis(previous), "follows the clock when the clock moves");
    }

    @Test
    void logicalCounterOverflowMovesThePhysicalPartForward() throws SQLException {
        AtomicLong clock = new AtomicLong(persistedUpperBound() + 1_000);
        Tso tso = new Tso(metaDb(), clock::get, 3_000, 1_000);
        long start = tso.next();
        long ts = start;
        for (int i = 0; i < (1 << Tso.LOGICAL_BITS) + 10; i++) {
            ts = tso.next();
        }
        assertEquals(Tso.physicalMillis(start) + 1, Tso.physicalMillis(ts), "clock stood still: borrowed 1 ms");
    }

    @Test
    void rangesAreConsecutiveAndAboveEverythingBefore() throws SQLException {
        AtomicLong clock = new AtomicLong(persistedUpperBound() + 1_000);
        Tso tso = new Tso(metaDb(), clock::get, 3_000, 1_000);
        long before = tso.next();
        long first = tso.nextRange(100);
        assertTrue(first > before);
        assertEquals(Tso.physicalMillis(first), Tso.physicalMillis(first + 99), "one physical millisecond");
        assertTrue(tso.next() > first + 99, "the range is used up");
        // A range that does not fit in the rest of this millisecond's logical space moves to the next one.
        long big = tso.nextRange(Tso.MAX_RANGE);
        for (int i = 0; i < 100; i++) {
            big = tso.nextRange(Tso.MAX_RANGE);
        }
        assertTrue(Tso.physicalMillis(big) > clock.get(), "borrowed milliseconds ahead of a standing clock");
        assertEquals(Tso.physicalMillis(big), Tso.physicalMillis(big + Tso.MAX_RANGE - 1));
        assertTrue(tso.next() > big + Tso.MAX_RANGE - 1);
        assertThrows(IllegalArgumentException.class, () -> tso.nextRange(0));
        assertThrows(IllegalArgumentException.class, () -> tso.nextRange(Tso.MAX_RANGE + 1));
    }

    @Test
    void metaDbOutageIsToleratedInsideTheWindowOnly() throws SQLException {
        AtomicBoolean down = new AtomicBoolean();
        Supplier<Connection> flaky = () -> {
            if (down.get()) {
                throw new IllegalStateException("metadb unreachable (simulated)");
            }
            return metaDb().get();
        };
        AtomicLong clock = new AtomicLong(persistedUpperBound() + 1_000);
        Tso tso = new Tso(flaky, clock::get, 1_000, 300);
        long bound = persistedUpperBound();
        down.set(true);
        clock.set(bound - 100);
        long inside = tso.next();
        assertEquals(bound - 100, Tso.physicalMillis(inside), "renewal failed but the window still covers it");
        clock.set(bound);
        SqlError error = assertThrows(SqlError.class, tso::next, "no timestamp at or above an unpersisted bound");
        assertEquals(1105, error.errno());
        down.set(false);
        assertTrue(tso.next() > inside, "serves again once the metadb is back");
    }

    private static long persistedUpperBound() throws SQLException {
        try (Connection c = NODES.connect(0); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT upper_bound FROM polardbx_meta.tso_window WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Supplier<Connection> metaDb() {
        return () -> {
            try {
                return NODES.connect(0);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
