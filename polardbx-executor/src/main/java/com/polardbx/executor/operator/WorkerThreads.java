package com.polardbx.executor.operator;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide pool that runs the workers of parallel operators: daemon threads, created on demand and reused.
 * Unbounded because a query's workers must all run at once (they exchange data); the number per query is bounded by
 * {@link QueryParallelism}.
 */
final class WorkerThreads {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cn-worker-" + COUNTER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private WorkerThreads() {
    }
}
