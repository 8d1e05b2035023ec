package com.polardbx.executor.operator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request from a coordinator thread to a worker thread to spill: revocation is thread-confined (see
 * {@code MemoryPool}), so a coordinator short of memory cannot spill its workers' operators itself; it posts a
 * request that the worker answers on its own thread, between two of its operator calls. Thread-safe.
 */
final class SpillRequest {
    private final long bytes;
    private final CountDownLatch answered = new CountDownLatch(1);
    private final AtomicLong freed = new AtomicLong();

    SpillRequest(long bytes) {
        this.bytes = bytes;
    }

    long bytes() {
        return bytes;
    }

    /** Called by the worker once, with what its operator freed (0 when it could not spill). */
    void answer(long freedBytes) {
        if (answered.getCount() > 0) {
            freed.set(freedBytes);
            answered.countDown();
        }
    }

    /** Waits up to {@code millis} for the answer; returns whether it came. */
    boolean await(long millis) throws InterruptedException {
        return answered.await(millis, TimeUnit.MILLISECONDS);
    }

    long freed() {
        return freed.get();
    }
}
