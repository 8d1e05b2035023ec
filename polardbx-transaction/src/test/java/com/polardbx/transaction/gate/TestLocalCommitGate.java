package com.polardbx.transaction.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestLocalCommitGate {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void holdersOfOneModeShareIt() {
        LocalCommitGate gate = new LocalCommitGate();
        gate.enterCommit();
        gate.enterCommit();
        assertEquals(2, gate.holders()[0]);
        gate.exitCommit();
        gate.exitCommit();
        gate.enterSnapshot(LONG);
        gate.enterSnapshot(LONG);
        assertEquals(2, gate.holders()[1]);
        gate.exitSnapshot();
        gate.exitSnapshot();
    }

    @Test
    void snapshotWaitsForHalfDoneCommitAndTimesOutWith1205() {
        LocalCommitGate gate = new LocalCommitGate();
        gate.enterCommit();
        SqlError e = assertThrows(SqlError.class, () -> gate.enterSnapshot(Duration.ofMillis(100)));
        assertEquals(1205, e.errno());
        gate.exitCommit();
        gate.enterSnapshot(Duration.ofMillis(100)); // free again after the timed-out waiter left
        gate.exitSnapshot();
    }

    @Test
    void waitingSnapshotStopsNewCommitsAndIsAdmittedWhenTheyDrain() throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        gate.enterCommit();
        CountDownLatch snapshotIn = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            gate.enterSnapshot(LONG);
            snapshotIn.countDown();
        });
        reader.start();
        waitUntil(() -> Thread.State.WAITING == reader.getState() || Thread.State.TIMED_WAITING == reader.getState());
        AtomicBoolean lateCommitIn = new AtomicBoolean();
        Thread lateCommit = new Thread(() -> {
            gate.enterCommit();
            lateCommitIn.set(true);
        });
        lateCommit.start();
        waitUntil(() -> lateCommit.getState() == Thread.State.WAITING);
        assertEquals(false, lateCommitIn.get(), "a newcomer commit must queue behind the waiting snapshot");
        gate.exitCommit();
        assertTrue(snapshotIn.await(5, TimeUnit.SECONDS));
        assertEquals(false, lateCommitIn.get());
        gate.exitSnapshot();
        lateCommit.join(5000);
        assertTrue(lateCommitIn.get());
        gate.exitCommit();
    }

    @Test
    void modesNeverOverlapUnderContention() throws Exception {
        LocalCommitGate gate = new LocalCommitGate();
        AtomicInteger commits = new AtomicInteger();
        AtomicInteger snapshots = new AtomicInteger();
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger commitRounds = new AtomicInteger();
        AtomicInteger snapshotRounds = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean committer = i % 2 == 0;
            threads.add(new Thread(() -> {
                while (System.nanoTime() < end) {
                    if (committer) {
                        gate.enterCommit();
                        commits.incrementAndGet();
                        overlap.compareAndSet(false, snapshots.get() > 0);
                        Thread.onSpinWait();
                        commits.decrementAndGet();
                        gate.exitCommit();
                        commitRounds.incrementAndGet();
                    } else {
                        gate.enterSnapshot(LONG);
                        snapshots.incrementAndGet();
                        overlap.compareAndSet(false, commits.get() > 0);
                        Thread.onSpinWait();
                        snapshots.decrementAndGet();
                        gate.exitSnapshot();
                        snapshotRounds.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(false, overlap.get());
        assertTrue(commitRounds.get() > 10 && snapshotRounds.get() > 10,
            "both sides progress: " + commitRounds + " commits, " + snapshotRounds + " snapshots");
        assertEquals(0, gate.holders()[0] + gate.holders()[1]);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
