package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One worker of a {@link ParallelHashJoinOperator}: gets only the build and probe rows the coordinator's
 * {@link JoinKeyRouter} assigned to it, joins them with its own {@link HashJoinOperator} (which spills on its own,
 * within its share of the pool) and puts the joined rows into the shared output queue.
 *
 * <p>The worker's join is created, driven and closed on the worker's thread only, so its memory context and spill
 * revoker are confined to that thread (see {@code MemoryPool}). The coordinator talks to it only through the
 * thread-safe {@link #offerBuild}, {@link #addProbe}, {@link #probeRoom} and {@link #stop}.
 */
final class JoinWorker implements Runnable {
    /** Marks the end of the build rows, and of the probe rows, in their queues. */
    private static final Chunk END = new Chunk(0);
    private static final long WAIT_MILLIS = 20;
    /** Probe chunks a worker may have queued before the coordinator stops taking input. */
    static final int PROBE_QUEUE = 4;

    private final Function<ChunkSource, HashJoinOperator> joinFactory;
    private final BlockingQueue<Chunk> build = new ArrayBlockingQueue<>(4);
    /** Unbounded so that the end marker never waits; the coordinator keeps it short through {@link #probeRoom}. */
    private final BlockingQueue<Chunk> probe = new LinkedBlockingQueue<>();
    private final BlockingQueue<Chunk> output;
    private final ParallelFailure failure;
    private volatile boolean stopped;

    JoinWorker(Function<ChunkSource, HashJoinOperator> joinFactory, BlockingQueue<Chunk> output,
               ParallelFailure failure) {
        this.joinFactory = joinFactory;
        this.output = output;
        this.failure = failure;
    }

    /** Queues a build chunk of this worker's rows (never modified), or the end of the build side when null. */
    boolean offerBuild(Chunk chunk) throws InterruptedException {
        return build.offer(chunk == null ? END : chunk, WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether the worker may take another probe chunk now. */
    boolean probeRoom() {
        return probe.size() < PROBE_QUEUE;
    }

    /** Queues a probe chunk of this worker's rows (never modified), or the end of the probe when null; never waits. */
    void addProbe(Chunk chunk) {
        probe.add(chunk == null ? END : chunk);
    }

    /** Asks the worker to give up (the query ended early or failed); it closes its join and exits. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (HashJoinOperator join = joinFactory.apply(new OwnBuildRows())) {
            if (probeUntilEnd(join)) {
                join.finish();
                while (!join.isFinished() && !stopped) {
                    if (!emit(join.getOutput())) {
                        return;
                    }
                }
            }
        } catch (Throwable t) {
            failure.record(t);
        } finally {
            failure.workerDone();
        }
    }

    /** Feeds the worker's probe rows to the join (whose first call reads the build side); false if stopped. */
    private boolean probeUntilEnd(HashJoinOperator join) throws InterruptedException {
        while (!stopped) {
            Chunk out = join.getOutput();
            if (out != null) {
                if (!emit(out)) {
                    return false;
                }
            } else if (join.needsInput()) {
                Chunk chunk = probe.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk == END) {
                    return true;
                }
                if (chunk != null && !stopped) {
                    join.addInput(chunk);
                }
            }
        }
        return false;
    }

    /** Puts a joined chunk into the shared output, waiting while it is full; false if stopped meanwhile. */
    private boolean emit(Chunk out) throws InterruptedException {
        if (out == null || out.positionCount() == 0) {
            return true;
        }
        while (!output.offer(out, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            if (stopped) {
                return false;
            }
        }
        return true;
    }

    /** The worker's build side: the build chunks the coordinator queues for it, until the end marker. */
    private final class OwnBuildRows implements ChunkSource {
        private boolean ended;

        @Override
        public Chunk next() {
            try {
                while (!ended) {
                    Chunk chunk = build.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    if (stopped) {
                        throw new WorkerStopped();
                    }
                    if (chunk == END) {
                        ended = true;
                    } else if (chunk != null) {
                        return chunk;
                    }
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading build rows", e);
            }
        }

        @Override
        public void close() {
            // the queue belongs to the worker; the coordinator closes the real build source
        }
    }

    /** Unwinds a stopped worker out of its join's build loop; the coordinator has stopped listening anyway. */
    private static final class WorkerStopped extends RuntimeException {
        WorkerStopped() {
            super("join worker stopped", null, false, false);
        }
    }
}
