package com.polardbx.transaction.deadlock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.transaction.connection.DataNodePools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The detector's thread outlives a round that fails with an Error: after a query exhausted the heap (the first rounds
 * see OutOfMemoryError) it keeps polling, so a later cross-DN deadlock is still broken in about a second.
 */
class TestDeadlockDetectorSurvivesErrors {
    @Test
    void roundsContinueAfterOutOfMemoryAndOtherThrowables() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        DeadlockParticipant flaky = new DeadlockParticipant() {
            @Override
            public long id() {
                return 1;
            }

            @Override
            public Map<String, Long> dataNodeSessions() {
                int round = rounds.incrementAndGet();
                if (round == 1) {
                    throw new OutOfMemoryError("Java heap space");
                }
                if (round == 2) {
                    throw new StackOverflowError();
                }
                if (round == 3) {
                    throw new IllegalStateException("x".repeat(1_000_000)); // a huge message, logged bounded
                }
                return Map.of();
            }

            @Override
            public boolean deadlockVictim() {
                return false;
            }

            @Override
            public boolean markDeadlockVictim() {
                return false;
            }

            @Override
            public boolean whileSessionOwned(String dnId, long threadId, SessionAction action) {
                return false;
            }
        };
        DeadlockDetector detector = new DeadlockDetector(new DataNodePools(List.of(), 1));
        detector.watch(flaky);
        detector.start(Duration.ofMillis(100));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (rounds.get() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(rounds.get() >= 6, "rounds after the failures: " + rounds.get());
        } finally {
            detector.close();
        }
    }
}
