package com.polardbx.executor.operator;

import com.polardbx.common.error.SqlError;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the workers of one parallel operator report to its coordinator: the first failure and how many are still
 * running. Thread-safe.
 */
final class ParallelFailure {
    private final AtomicReference<Throwable> first = new AtomicReference<>();
    private final CountDownLatch running;

    ParallelFailure(int workers) {
        this.running = new CountDownLatch(workers);
    }

    void record(Throwable t) {
        first.compareAndSet(null, t);
    }

    void workerDone() {
        running.countDown();
    }

    boolean allDone() {
        return running.getCount() == 0;
    }

    /** Waits until every worker has exited (and so closed its operator). */
    void awaitAll() {
        boolean interrupted = false;
        while (true) {
            try {
                running.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rethrows a worker's failure on the coordinator's thread (SQL errors keep their errno). */
    void rethrow() {
        Throwable t = first.get();
        if (t == null) {
            return;
        }
        if (t instanceof SqlError e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("parallel worker failed", t);
    }
}
