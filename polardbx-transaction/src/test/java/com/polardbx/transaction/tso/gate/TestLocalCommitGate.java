package com.polardbx.transaction.tso.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.tso.gate.CommitGate.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The two-mode gate with plain threads: shared modes, mutual exclusion, no starvation, interrupts. */
class TestLocalCommitGate {
    private static final long WAIT_MS = 10_000;

    @Test
    void manyHoldersShareEachMode() throws Exception {
        for (Mode mode : Mode.values()) {
            LocalCommitGate gate = new LocalCommitGate();
            int n = 8;
            CountDownLatch allIn = new CountDownLatch(n);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                threads.add(start(() -> {
                    gate.enter(mode);
                    allIn.countDown();
                    await(release);
                    gate.exit(mode);
                }));
            }
            assertTrue(allIn.await(WAIT_MS, TimeUnit.MILLISECONDS), "all " + n + " hold " + mode + " at once");
            assertEquals(n, gate.holders());
            assertEquals(mode, gate.activeMode());
            release.countDown();
            joinAll(threads);
            assertEquals(0, gate.holders());
            assertNull(gate.activeMode());
        }
    }

    @Test
    void modesExcludeEachOtherUnderLoad() throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        AtomicInteger inCommit = new AtomicInteger();
        AtomicInteger inSnapshot = new AtomicInteger();
        AtomicInteger maxCommit = new AtomicInteger();
        AtomicInteger maxSnapshot = new AtomicInteger();
        AtomicReference<String> violation = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Mode mode = t % 2 == 0 ? Mode.COMMIT : Mode.SNAPSHOT;
            AtomicInteger mine = mode == Mode.COMMIT ? inCommit : inSnapshot;
            AtomicInteger theirs = mode == Mode.COMMIT ? inSnapshot : inCommit;
            AtomicInteger max = mode == Mode.COMMIT ? maxCommit : maxSnapshot;
            threads.add(start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    gate.enter(mode);
                    max.accumulateAndGet(mine.incrementAndGet(), Math::max);
                    if (theirs.get() != 0) {
                        violation.set(mode + " holder saw " + theirs.get() + " holders of the other mode");
                    }
                    if (ThreadLocalRandom.current().nextInt(8) == 0) {
                        Thread.yield();
                    }
                    mine.decrementAndGet();
                    gate.exit(mode);
                }
            }));
        }
        joinAll(threads);
        assertNull(violation.get());
        assertTrue(maxCommit.get() >= 1 && maxSnapshot.get() >= 1, "both modes ran");
        assertEquals(0, gate.holders());
    }

    @Test
    void waitingSnapshotBlocksNewCommitsAndIsAdmittedFirst() throws Exception {
        checkNoStarvation(Mode.COMMIT);
    }

    @Test
    void waitingCommitBlocksNewSnapshotsAndIsAdmittedFirst() throws Exception {
        checkNoStarvation(Mode.SNAPSHOT);
    }

    /** {@code active} holds the gate; a waiter of the other mode arrives; a later arrival of {@code active} waits. */
    private static void checkNoStarvation(Mode active) throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        gate.enter(active);
        CountDownLatch otherIn = new CountDownLatch(1);
        CountDownLatch otherRelease = new CountDownLatch(1);
        Thread other = start(() -> {
            gate.enter(active.other());
            otherIn.countDown();
            await(otherRelease);
            gate.exit(active.other());
        });
        waitUntil(() -> gate.waiters(active.other()) == 1);
        CountDownLatch lateIn = new CountDownLatch(1);
        Thread late = start(() -> {
            gate.enter(active);
            lateIn.countDown();
            gate.exit(active);
        });
        waitUntil(() -> gate.waiters(active) == 1);
        assertFalse(lateIn.await(200, TimeUnit.MILLISECONDS), "a new " + active + " waits behind the waiting "
            + active.other());
        gate.exit(active);
        assertTrue(otherIn.await(WAIT_MS, TimeUnit.MILLISECONDS), "the waiting " + active.other() + " goes next");
        assertEquals(active.other(), gate.activeMode());
        assertFalse(lateIn.await(100, TimeUnit.MILLISECONDS), "the late " + active + " still waits");
        otherRelease.countDown();
        assertTrue(lateIn.await(WAIT_MS, TimeUnit.MILLISECONDS), "then the late " + active + " enters");
        joinAll(List.of(other, late));
        assertEquals(0, gate.holders());
    }

    @Test
    void snapshotGetsInWhileCommitsKeepOverlapping() throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> committers = new ArrayList<>();
        // Four committers with overlapping holds: without fairness the commit mode would never become idle.
        for (int t = 0; t < 4; t++) {
            committers.add(start(() -> {
                while (!stop.get()) {
                    gate.enterCommit();
                    sleep(2);
                    gate.exitCommit();
                }
            }));
        }
        waitUntil(() -> gate.activeMode() == Mode.COMMIT);
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            gate.enterSnapshot();
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(Mode.SNAPSHOT, gate.activeMode());
            gate.exitSnapshot();
            assertTrue(waitedMs < 1_000, "snapshot admitted after " + waitedMs + " ms");
        }
        stop.set(true);
        joinAll(committers);
    }

    @Test
    void interruptedWaiterWithdrawsAndUnblocksTheOthers() throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        gate.enterCommit();
        AtomicReference<Throwable> snapshotFailure = new AtomicReference<>();
        Thread snapshot = start(() -> {
            try {
                gate.enterSnapshot();
                gate.exitSnapshot();
            } catch (SqlError e) {
                snapshotFailure.set(e);
            }
        });
        waitUntil(() -> gate.waiters(Mode.SNAPSHOT) == 1);
        CountDownLatch commitIn = new CountDownLatch(1);
        Thread commit = start(() -> {
            gate.enterCommit();
            commitIn.countDown();
            gate.exitCommit();
        });
        waitUntil(() -> gate.waiters(Mode.COMMIT) == 1);
        snapshot.interrupt();
        snapshot.join(WAIT_MS);
        assertTrue(snapshotFailure.get() instanceof SqlError e && e.errno() == 1317, "interrupted enter fails 1317");
        assertTrue(commitIn.await(WAIT_MS, TimeUnit.MILLISECONDS), "the commit no longer waits for a snapshot");
        commit.join(WAIT_MS);
        gate.exitCommit();
        assertEquals(0, gate.holders());
    }

    @Test
    void exitWithoutHoldIsAnError() {
        LocalCommitGate gate = new LocalCommitGate();
        assertThrows(IllegalStateException.class, gate::exitCommit);
        gate.enterSnapshot();
        assertThrows(IllegalStateException.class, gate::exitCommit);
        gate.exitSnapshot();
    }

    @Test
    void enterAndExitMayComeFromDifferentThreads() throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        Thread enterer = start(gate::enterCommit);
        enterer.join(WAIT_MS);
        assertEquals(1, gate.holders());
        Thread exiter = start(gate::exitCommit);
        exiter.join(WAIT_MS);
        assertEquals(0, gate.holders());
        gate.enterSnapshot();
        gate.exitSnapshot();
    }

    private static Thread start(Runnable body) {
        Thread t = new Thread(body);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(WAIT_MS * 3);
            assertFalse(t.isAlive(), t.getName() + " finished");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached in time");
            Thread.sleep(5);
        }
    }

    @Test
    void snapshotWaitingForAHalfDoneCommitTimesOutWith1205AndLeavesTheGateUsable() {
        LocalCommitGate gate = new LocalCommitGate();
        gate.enterCommit();
        SqlError e = assertThrows(SqlError.class, () -> gate.enterSnapshot(java.time.Duration.ofMillis(100)));
        assertEquals(1205, e.errno());
        gate.enterCommit(); // the withdrawn snapshot no longer holds newcomers back
        gate.exitCommit();
        gate.exitCommit();
        gate.enterSnapshot(java.time.Duration.ofMillis(100));
        gate.exitSnapshot();
    }
}
