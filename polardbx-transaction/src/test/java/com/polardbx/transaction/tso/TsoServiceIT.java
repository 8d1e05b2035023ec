package com.polardbx.transaction.tso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.testing.TestingDataNodes;
import com.polardbx.transaction.tso.gate.CommitGate;
import com.polardbx.transaction.tso.gate.LocalCommitGate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two or more {@link TsoService}s in one JVM over one real metadb (tables created by {@link MetaDb}'s bootstrap):
 * one leads, the others get timestamps and the commit gate from it; leader crash, zombie leader, no leader.
 */
class TsoServiceIT {
    private static final TestingDataNodes NODES = TestingDataNodes.shared();
    /** Short lease so that takeovers happen within a test: 1 s lease, 200 ms margin, renewal every 200 ms. */
    private static final Duration LEASE = Duration.ofMillis(1_000);
    private static final Duration MARGIN = Duration.ofMillis(200);
    private static final Duration RENEW = Duration.ofMillis(200);

    private static MetaDb metaDb;
    private final List<TsoService> services = new ArrayList<>();

    @BeforeAll
    static void bootstrapMetaDb() {
        metaDb = new MetaDb(new StorageNode("gms", StorageNode.Kind.GMS, "127.0.0.1", NODES.port(0), NODES.user(),
            NODES.password()));
    }

    @AfterAll
    static void closeMetaDb() {
        metaDb.close();
    }

    @BeforeEach
    void freeTheLease() throws SQLException {
        execute("INSERT INTO polardbx_meta.tso_lease (id, holder, address, epoch, expires_ms) VALUES (1, '', '', 0, 0)"
            + " ON DUPLICATE KEY UPDATE holder = '', address = '', expires_ms = 0");
    }

    @AfterEach
    void closeServices() {
        services.forEach(TsoService::close);
    }

    @Test
    void oneLeadsAndTheOtherServesThroughIt() throws Exception {
        TsoService a = start("cn-a", metaDb::connection, Duration.ofSeconds(5));
        TsoService b = start("cn-b", metaDb::connection, Duration.ofSeconds(5));
        assertTrue(a.isLeader(), "the first CN takes the free lease");
        assertFalse(b.isLeader(), "exactly one leader");
        assertEquals("cn-a", leaseRow().holder());
        assertEquals(a.address(), leaseRow().address());

        int threads = 6;
        int perThread = 5_000;
        List<long[]> results = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            long[] out = new long[perThread];
            results.add(out);
            // Threads 0 and 1 alternate between the leader and the follower; the others all use the follower.
            boolean alternate = t < 2;
            workers.add(new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        out[i] = (alternate && i % 2 == 0 ? a : b).next();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(null, failure.get());
        Set<Long> all = new HashSet<>();
        for (long[] out : results) {
            for (int i = 0; i < out.length; i++) {
                assertTrue(i == 0 || out[i] > out[i - 1], "increasing in call order within a thread, across CNs");
                all.add(out[i]);
            }
        }
        assertEquals(threads * perThread, all.size(), "no timestamp handed out twice by the two CNs");

        // Real-time order across CNs: a timestamp taken after another call returned is greater.
        for (int i = 0; i < 100; i++) {
            long fromB = b.next();
            assertTrue(a.next() > fromB);
            assertTrue(b.next() > fromB);
        }
    }

    @Test
    void killedLeaderIsReplacedWithinSecondsAndTimestampsKeepIncreasing() throws Exception {
        TsoService a = start("cn-a", metaDb::connection, Duration.ofSeconds(5));
        TsoService b = start("cn-b", metaDb::connection, Duration.ofSeconds(5));
        long epochOfA = leaseRow().epoch();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Long> seen = new ArrayList<>();
        // One thread keeps asking the follower across the crash: its calls wait for the new leader, none fail.
        Thread caller = new Thread(() -> {
            long previous = 0;
            while (!stop.get()) {
                try {
                    long ts = b.next();
                    if (ts <= previous) {
                        failures.add(new AssertionError(ts + " after " + previous));
                    }
                    previous = ts;
                    synchronized (seen) {
                        seen.add(ts);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    return;
                }
            }
        });
        caller.start();
        long maxBefore = 0;
        for (int i = 0; i < 2_000; i++) {
            maxBefore = Math.max(maxBefore, Math.max(a.next(), b.next()));
        }

        a.crash(); // stops serving and answering, lease left in place
        long crashedAt = System.nanoTime();
        long first = b.next();
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt);
        assertTrue(first > maxBefore, "the new leader starts above everything handed out before");
        assertTrue(b.isLeader());
        assertTrue(takeoverMs < 4_000, "took over in " + takeoverMs + " ms");
        TsoLease.Row row = leaseRow();
        assertEquals("cn-b", row.holder());
        assertEquals(epochOfA + 1, row.epoch());
        assertEquals(b.address(), row.address());

        Thread.sleep(200);
        stop.set(true);
        caller.join();
        assertTrue(failures.isEmpty(), () -> "caller across the crash: " + failures);
        synchronized (seen) {
            assertEquals(seen.size(), new HashSet<>(seen).size(), "unique across the leader change");
        }
        // A new CN joining later follows the new leader.
        TsoService c = start("cn-c", metaDb::connection, Duration.ofSeconds(5));
        assertFalse(c.isLeader());
        assertTrue(c.next() > first);
    }

    @Test
    void zombieLeaderStopsServingAndCannotRaiseTheWindow() throws Exception {
        AtomicBoolean aCutOff = new AtomicBoolean();
        Supplier<Connection> flaky = () -> {
            if (aCutOff.get()) {
                throw new IllegalStateException("metadb unreachable from cn-a (simulated)");
            }
            return metaDb.connection();
        };
        TsoService a = start("cn-a", flaky, Duration.ofMillis(1_500));
        TsoService b = start("cn-b", metaDb::connection, Duration.ofSeconds(5));
        assertTrue(a.isLeader());
        long epochOfA = leaseRow().epoch();
        long before = Math.max(a.next(), b.next());

        aCutOff.set(true); // cn-a can neither renew its lease nor raise its window any more
        long cutAt = System.nanoTime();
        waitUntil(() -> !a.isLeader(), 2_000);
        long stoppedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
        // Its view ends lease - margin after its last renewal (before the cut); the safety-relevant bound is that it
        // stops before any other CN may take over (lease + margin after that renewal, by metadb time).
        assertTrue(stoppedAfterMs < LEASE.plus(MARGIN).toMillis(), "stopped serving " + stoppedAfterMs + " ms after"
            + " the cut");
        SqlError refused = assertThrows(SqlError.class, a::next, "a zombie hands out no timestamp");
        assertEquals(1105, refused.errno());
        assertTrue(refused.getMessage().contains("TSO unavailable"), refused.getMessage());

        long fromNewLeader = b.next(); // waits until the old lease expired by metadb time plus margin
        assertTrue(b.isLeader());
        assertTrue(fromNewLeader > before);
        assertEquals(epochOfA + 1, leaseRow().epoch());

        // The zombie's window renewal is fenced: refused, and the persisted bound does not move.
        long bound = windowBound();
        TsoLease direct = new TsoLease(metaDb::connection);
        assertThrows(LeaseLostException.class, () -> direct.raiseWindow("cn-a", epochOfA, bound + 3_600_000));
        assertEquals(bound, windowBound());

        aCutOff.set(false); // back: cn-a finds its epoch gone, steps down and follows cn-b
        long again = a.next();
        assertTrue(again > fromNewLeader);
        assertFalse(a.isLeader());
        assertTrue(b.isLeader());
    }

    @Test
    void noReachableLeaderFailsWith1105AfterTheBoundedWait() throws Exception {
        // A holder that is not there: its lease runs for another minute, its address refuses connections.
        execute("UPDATE polardbx_meta.tso_lease SET holder = 'cn-ghost', address = '127.0.0.1:1', epoch = epoch + 1,"
            + " expires_ms = " + TsoLease.METADB_NOW_MS + " + 60000 WHERE id = 1");
        TsoService c = start("cn-c", metaDb::connection, Duration.ofMillis(800));
        assertFalse(c.isLeader());
        long started = System.nanoTime();
        SqlError error = assertThrows(SqlError.class, c::next);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(1105, error.errno());
        assertTrue(error.getMessage().contains("127.0.0.1:1"), error.getMessage());
        assertTrue(waitedMs >= 700 && waitedMs < 3_000, "failed after " + waitedMs + " ms");
        assertEquals(1105, assertThrows(SqlError.class, c::commitGate).errno());
    }

    @Test
    void remoteCommitGateExcludesLocalModesAndIsReleasedWithItsConnection() throws Exception {
        TsoService a = start("cn-a", metaDb::connection, Duration.ofSeconds(5));
        TsoService b = start("cn-b", metaDb::connection, Duration.ofSeconds(5));
        LocalCommitGate local = assertInstanceOf(LocalCommitGate.class, a.commitGate(), "the leader's own gate");
        CommitGate remote = b.commitGate();
        assertFalse(remote instanceof LocalCommitGate);

        // A remote commit holds the leader's gate: a local snapshot waits until it exits.
        remote.enterCommit();
        assertEquals(CommitGate.Mode.COMMIT, local.activeMode());
        CountDownLatch snapshotIn = enterInBackground(local::enterSnapshot);
        assertFalse(snapshotIn.await(300, TimeUnit.MILLISECONDS), "snapshot waits for the remote commit");
        remote.exitCommit();
        assertTrue(snapshotIn.await(5, TimeUnit.SECONDS));
        local.exitSnapshot();

        // A local commit holds it: a remote snapshot waits.
        local.enterCommit();
        CountDownLatch remoteSnapshotIn = enterInBackground(remote::enterSnapshot);
        assertFalse(remoteSnapshotIn.await(300, TimeUnit.MILLISECONDS));
        local.exitCommit();
        assertTrue(remoteSnapshotIn.await(5, TimeUnit.SECONDS));
        remote.exitSnapshot();
        waitUntil(() -> local.holders() == 0, 2_000);

        // Several remote commits share the mode.
        remote.enterCommit();
        remote.enterCommit();
        assertEquals(2, local.holders());
        remote.exitCommit();
        remote.exitCommit();
        waitUntil(() -> local.holders() == 0, 2_000);

        // The follower goes away holding a commit: the leader releases it when the connection closes.
        remote.enterCommit();
        assertEquals(1, local.holders());
        b.close();
        CountDownLatch afterClose = enterInBackground(local::enterSnapshot);
        assertTrue(afterClose.await(5, TimeUnit.SECONDS), "released with the connection");
        local.exitSnapshot();
        assertEquals(0, local.holders());
    }

    @Test
    void remoteEnterThatTimesOutHoldsNothing() throws Exception {
        TsoService a = start("cn-a", metaDb::connection, Duration.ofSeconds(5));
        TsoService b = TsoService.start(metaDb::connection, config("cn-b", Duration.ofSeconds(5))
            .withGateTimeout(Duration.ofMillis(300)));
        services.add(b);
        LocalCommitGate local = (LocalCommitGate) a.commitGate();
        CommitGate remote = b.commitGate();
        local.enterCommit();
        SqlError timeout = assertThrows(SqlError.class, remote::enterSnapshot);
        assertEquals(1205, timeout.errno());
        local.exitCommit();
        // The given-up snapshot enter was cancelled (or released once admitted): commits get in again.
        waitUntil(() -> local.holders() == 0 && local.waiters(CommitGate.Mode.SNAPSHOT) == 0, 2_000);
        local.enterCommit();
        local.exitCommit();
        remote.enterCommit();
        remote.exitCommit();
    }

    private CountDownLatch enterInBackground(Runnable enter) {
        CountDownLatch in = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            enter.run();
            in.countDown();
        });
        t.setDaemon(true);
        t.start();
        return in;
    }

    private TsoService start(String cnId, Supplier<Connection> metaDbConnections, Duration unavailableTimeout) {
        TsoService service = TsoService.start(metaDbConnections, config(cnId, unavailableTimeout));
        services.add(service);
        return service;
    }

    private static TsoServiceConfig config(String cnId, Duration unavailableTimeout) {
        return TsoServiceConfig.of(cnId, "127.0.0.1", 0).withLease(LEASE, MARGIN, RENEW)
            .withUnavailableTimeout(unavailableTimeout);
    }

    private static TsoLease.Row leaseRow() throws SQLException {
        return new TsoLease(metaDb::connection).read();
    }

    private static long windowBound() throws SQLException {
        try (Connection c = metaDb.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT upper_bound FROM polardbx_meta.tso_window WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = metaDb.connection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long timeoutMs)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within " + timeoutMs + " ms");
            Thread.sleep(10);
        }
    }
}
