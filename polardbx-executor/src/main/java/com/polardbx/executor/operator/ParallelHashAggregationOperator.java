package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryRevoker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * GROUP BY on several threads: this operator's thread hashes every input row once ({@link KeyRouter}) and hands each
 * of N {@link AggregationWorker}s a compact chunk of the rows whose group key hashes to it, which it aggregates in
 * its own {@link HashAggregationOperator}. A group lives in
 * exactly one worker and sees its rows in input order, so results (DOUBLE sums included) equal the single-threaded
 * operator's; only the order of the groups differs (SQL defines none). Each worker spills on its own like the
 * serial operator, within 1/N of the query's memory (workers cannot revoke each other's memory). Only for GROUP BY (an aggregation without keys has one group).
 *
 * <p>The workers together may hold the whole pool, which operators on the driving thread (a join below it loading
 * a spilled partition, a sort above it) cannot revoke themselves. So the operator is a {@link MemoryRevoker} on the
 * driving thread: asked to free memory while input still arrives, it posts a {@link SpillRequest} to every worker
 * and waits until each has spilled on its own thread.
 *
 * <p>Driven by one thread like any operator; {@link #addInput} blocks while the workers' queues are full and
 * {@link #getOutput} waits briefly for their results. {@link #close} stops the workers and waits for them to close
 * their operators (memory returned, spill files deleted).
 */
public final class ParallelHashAggregationOperator implements Operator, MemoryRevoker {
    private static final long WAIT_MILLIS = 20;

    private final QueryContext context;
    private final List<ColumnType> outputTypes;
    private final List<AggregationWorker> workers = new ArrayList<>();
    private final KeyRouter router;
    private final BlockingQueue<Chunk> output;
    private final ParallelFailure failure;
    /** Holds no bytes; registers {@link #revoke} for the driving thread. */
    private final LocalMemoryContext memory;
    /** Workers whose end marker was taken from the output queue: all their groups were taken before it. */
    private int workersEnded;
    private boolean started;
    private boolean finishing;
    private boolean closed;

    public ParallelHashAggregationOperator(QueryContext context, List<ColumnType> inputTypes, int[] groupChannels,
                                           List<AggregateCall> calls, int degree) {
        if (groupChannels.length == 0 || degree < 2) {
            throw new IllegalArgumentException("parallel aggregation needs group keys and at least 2 workers");
        }
        this.context = context;
        this.outputTypes = HashAggregationOperator.outputTypes(inputTypes, groupChannels, calls);
        this.output = new ArrayBlockingQueue<>(2 * degree);
        this.failure = new ParallelFailure(degree);
        this.router = KeyRouter.forGroupBy(inputTypes, groupChannels, degree);
        List<ColumnType> types = List.copyOf(inputTypes);
        for (int i = 0; i < degree; i++) {
            workers.add(new AggregationWorker(
                () -> new HashAggregationOperator(context, types, groupChannels, calls, degree), output, failure));
        }
        this.memory = context.newMemoryContext(this);
    }

    /** Starts the workers with the first input (not at planning, which may fail before anything closes us). */
    private void start() {
        if (!started) {
            started = true;
            memory.registerRevoker();
            for (AggregationWorker w : workers) {
                WorkerThreads.POOL.execute(w);
            }
        }
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        start();
        Chunk[] parts = router.split(chunk);
        for (int w = 0; w < parts.length; w++) {
            if (parts[w] != null) {
                hand(workers.get(w), parts[w]);
            }
        }
    }

    /** Hands a chunk (or the end marker, when {@code chunk} is null) to a worker, waiting while its queue is full. */
    private void hand(AggregationWorker worker, Chunk chunk) {
        try {
            while (!(chunk == null ? worker.endOfInput() : worker.offer(chunk))) {
                checkWorkers();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing rows to aggregation workers", e);
        }
    }

    /** Fails with a worker's error or the query's cancellation. */
    private void checkWorkers() {
        failure.rethrow();
        context.checkInterrupted();
        if (failure.allDone() && !finishing) {
            throw new IllegalStateException("aggregation workers exited before the end of their input");
        }
    }

    /**
     * Asks every worker still reading input to spill its groups, and waits for their answers (a worker answers
     * between two input chunks, so the wait is one chunk's work at most). Called on the driving thread only.
     */
    @Override
    public long revoke(long bytes) {
        if (!started || finishing || closed) {
            return 0;
        }
        List<SpillRequest> requests = new ArrayList<>();
        List<AggregationWorker> asked = new ArrayList<>();
        for (AggregationWorker w : workers) {
            SpillRequest request = new SpillRequest(bytes);
            if (w.requestSpill(request)) {
                requests.add(request);
                asked.add(w);
            }
        }
        long freed = 0;
        try {
            for (int i = 0; i < requests.size(); i++) {
                SpillRequest request = requests.get(i);
                while (!request.await(WAIT_MILLIS)) {
                    failure.rethrow();
                    context.checkInterrupted();
                    if (!asked.get(i).takesSpillRequests()) {
                        break; // exited or input ended: closing answered the request, or it never will
                    }
                }
                freed += request.freed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for aggregation workers to spill", e);
        }
        return freed;
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        start();
        for (AggregationWorker w : workers) {
            hand(w, null);
        }
        finishing = true;
    }

    @Override
    public Chunk getOutput() {
        if (!finishing) {
            return null;
        }
        failure.rethrow();
        try {
            while (workersEnded < workers.size()) {
                Chunk chunk = output.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk != AggregationWorker.END) {
                    return chunk;
                }
                workersEnded++;
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for aggregation workers", e);
        }
    }

    @Override
    public boolean isFinished() {
        // a worker queues its end marker after its last chunk, so once every marker was taken nothing is left
        if (!finishing || workersEnded < workers.size()) {
            return false;
        }
        failure.rethrow();
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        memory.close();
        if (started) {
            workers.forEach(AggregationWorker::stop);
            failure.awaitAll();
        }
        output.clear();
    }
}
