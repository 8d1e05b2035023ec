package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Equi hash join (INNER, LEFT) on several threads: this operator's thread hashes every build and then every probe
 * row once ({@link JoinKeyRouter}) and hands each of N {@link JoinWorker}s a compact chunk of the rows whose join
 * key hashes to it; each worker joins its rows with its own {@link HashJoinOperator}. Equal keys meet in one
 * worker and a probe row lives in exactly one worker, so the output is the single-threaded join's as a multiset
 * (NULL keys, residual conditions, LEFT null-extension included); only the row order differs, which the plan
 * never relies on (a hash join's output counts as unordered in {@code InputOrder}). Each worker spills on its own within 1/N of the query's memory.
 *
 * <p>Driven by one thread like any operator: the first call reads the whole build source on this thread (its
 * pipeline's operators reserve memory here) while the workers build their tables. {@link #needsInput} is false while
 * a worker's probe queue is full, so this thread keeps taking output and no worker waits on it forever.
 * {@link #close} stops the workers and waits for them to close their joins (memory returned, spill files deleted).
 */
public final class ParallelHashJoinOperator implements Operator {
    private static final long WAIT_MILLIS = 20;

    private final QueryContext context;
    private final List<ColumnType> outputTypes;
    private final List<JoinWorker> workers = new ArrayList<>();
    private final JoinKeyRouter router;
    private final BlockingQueue<Chunk> output;
    private final ParallelFailure failure;
    private ChunkSource buildSource;
    private boolean started;
    private boolean finishing;
    private boolean closed;

    public ParallelHashJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> probeTypes,
                                    int[] probeKeys, ChunkSource buildSource, List<ColumnType> buildTypes,
                                    int[] buildKeys, Expression residual, int degree) {
        if (degree < 2 || !joinType.outputsInner()) {
            throw new IllegalArgumentException("parallel hash join needs INNER or LEFT and at least 2 workers");
        }
        this.context = context;
        this.buildSource = buildSource;
        List<ColumnType> out = new ArrayList<>(probeTypes);
        out.addAll(buildTypes);
        this.outputTypes = List.copyOf(out);
        this.output = new ArrayBlockingQueue<>(2 * degree);
        this.failure = new ParallelFailure(degree);
        List<ColumnType> probe = List.copyOf(probeTypes);
        List<ColumnType> build = List.copyOf(buildTypes);
        int[] pk = probeKeys.clone();
        int[] bk = buildKeys.clone();
        this.router = new JoinKeyRouter(probe, pk, build, bk, degree);
        for (int i = 0; i < degree; i++) {
            workers.add(new JoinWorker(
                own -> new HashJoinOperator(context, joinType, probe, pk, own, build, bk, residual, degree), output,
                failure));
        }
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    /** Starts the workers and hands each its build rows (at the first call, when the serial join reads them). */
    private void buildIfNeeded() {
        if (started || buildSource == null) {
            return;
        }
        started = true;
        for (JoinWorker w : workers) {
            WorkerThreads.POOL.execute(w);
        }
        for (Chunk chunk = buildSource.next(); chunk != null; chunk = buildSource.next()) {
            Chunk[] parts = router.build.split(chunk);
            for (int w = 0; w < parts.length; w++) {
                if (parts[w] != null) {
                    handBuild(workers.get(w), parts[w]);
                }
            }
        }
        for (JoinWorker w : workers) {
            handBuild(w, null);
        }
        buildSource.close();
        buildSource = null;
    }

    private void handBuild(JoinWorker worker, Chunk chunk) {
        try {
            while (!worker.offerBuild(chunk)) {
                checkWorkers();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing build rows to join workers", e);
        }
    }

    /** Fails with a worker's error or the query's cancellation. */
    private void checkWorkers() {
        failure.rethrow();
        context.checkInterrupted();
        if (failure.allDone() && !finishing) {
            throw new IllegalStateException("join workers exited before the end of their input");
        }
    }

    @Override
    public boolean needsInput() {
        buildIfNeeded();
        if (finishing) {
            return false;
        }
        checkWorkers();
        for (JoinWorker w : workers) {
            if (!w.probeRoom()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void addInput(Chunk chunk) {
        buildIfNeeded();
        Chunk[] parts = router.probe.split(chunk);
        for (int w = 0; w < parts.length; w++) {
            if (parts[w] != null) {
                workers.get(w).addProbe(parts[w]);
            }
        }
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (!started) {
            // no probe row arrived: INNER and LEFT produce nothing, so the build side need not be read
            buildSource.close();
            buildSource = null;
            return;
        }
        for (JoinWorker w : workers) {
            w.addProbe(null);
        }
    }

    @Override
    public Chunk getOutput() {
        failure.rethrow();
        if (!started) {
            return null;
        }
        try {
            // while the workers can take more probe rows, don't keep the driver from feeding them
            boolean mayFeed = !finishing && workers.stream().allMatch(JoinWorker::probeRoom);
            return mayFeed ? output.poll() : output.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for join workers", e);
        }
    }

    @Override
    public boolean isFinished() {
        if (!finishing) {
            return false;
        }
        if (!started) {
            return true;
        }
        // a worker queues its last chunk before it counts itself done, so "all done, queue empty" is final
        if (!failure.allDone()) {
            return false;
        }
        failure.rethrow();
        return output.isEmpty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (buildSource != null) {
                buildSource.close();
                buildSource = null;
            }
        } finally {
            if (started) {
                workers.forEach(JoinWorker::stop);
                failure.awaitAll();
            }
            output.clear();
        }
    }
}
