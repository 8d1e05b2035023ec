package com.polardbx.transaction.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.lock.GlobalReadLock.Stage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TestGlobalReadLock {
    private static final long FOREVER = Long.MAX_VALUE;
    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(200);

    private final GlobalReadLock lock = new GlobalReadLock();
    private final Object holder = new Object();
    private final Object other = new Object();

    @Test
    void holderWritesFailWith1223AndItsCommitsPass() {
        lock.lock(holder, FOREVER);
        SqlError e = assertThrows(SqlError.class, () -> lock.enter(Stage.WRITE, holder, FOREVER));
        assertEquals(1223, e.errno());
        assertFalse(lock.enter(Stage.COMMIT, holder, FOREVER), "nothing to enter: its own lock stops commits");
        assertTrue(lock.unlock(holder));
        assertTrue(lock.enter(Stage.WRITE, holder, FOREVER));
        lock.exit(Stage.WRITE);
    }

    @Test
    void othersWaitUntilUnlockOrTimeOut() throws Exception {
        lock.lock(holder, FOREVER);
        SqlError e = assertThrows(SqlError.class, () -> lock.enter(Stage.WRITE, other, SHORT));
        assertEquals(1205, e.errno());
        assertThrows(SqlError.class, () -> lock.enter(Stage.COMMIT, other, SHORT));
        CompletableFuture<Boolean> write = CompletableFuture.supplyAsync(() -> lock.enter(Stage.WRITE, other, FOREVER));
        assertWaiting(write);
        lock.unlock(holder);
        assertTrue(write.get(5, TimeUnit.SECONDS));
        lock.exit(Stage.WRITE);
    }

    @Test
    void lockWaitsForRunningWritesThenForRunningCommits() throws Exception {
        assertTrue(lock.enter(Stage.WRITE, other, FOREVER));
        CompletableFuture<Void> locking = CompletableFuture.runAsync(() -> lock.lock(holder, FOREVER));
        assertWaiting(locking);
        // a running write statement may still commit: commits are stopped only once no write runs
        assertTrue(lock.enter(Stage.COMMIT, other, SHORT));
        lock.exit(Stage.WRITE);
        assertWaiting(locking);
        lock.exit(Stage.COMMIT);
        locking.get(5, TimeUnit.SECONDS);
        assertTrue(lock.holds(holder));
        lock.unlock(holder);
    }

    @Test
    void lockThatTimesOutLeavesNothingHeld() {
        assertTrue(lock.enter(Stage.COMMIT, other, FOREVER));
        assertEquals(1205, assertThrows(SqlError.class, () -> lock.lock(holder, SHORT)).errno());
        assertFalse(lock.holds(holder));
        assertTrue(lock.enter(Stage.WRITE, other, SHORT));
        lock.exit(Stage.WRITE);
        lock.exit(Stage.COMMIT);
    }

    @Test
    void stopCommitsWaitsForRunningCommitsAndLetsWritesRun() throws Exception {
        assertTrue(lock.enter(Stage.COMMIT, other, FOREVER));
        CompletableFuture<Boolean> stopping = CompletableFuture.supplyAsync(() -> lock.stopCommits(holder, FOREVER));
        assertWaiting(stopping);
        lock.exit(Stage.COMMIT);
        assertTrue(stopping.get(5, TimeUnit.SECONDS));
        assertTrue(lock.enter(Stage.WRITE, other, SHORT), "writes run while commits are stopped");
        lock.exit(Stage.WRITE);
        assertThrows(SqlError.class, () -> lock.enter(Stage.COMMIT, other, SHORT));
        lock.resumeCommits();
        assertTrue(lock.enter(Stage.COMMIT, other, SHORT));
        lock.exit(Stage.COMMIT);
        lock.lock(holder, FOREVER);
        assertFalse(lock.stopCommits(holder, FOREVER), "the holder's lock stops commits already");
        lock.unlock(holder);
    }

    private static void assertWaiting(CompletableFuture<?> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("did not wait");
        } catch (TimeoutException expected) {
            // blocked
        }
    }
}
