package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One worker of a {@link ParallelHashAggregationOperator}: gets only the rows the coordinator's {@link KeyRouter}
 * assigned to it, aggregates them with its own {@link HashAggregationOperator} and puts the groups
 * into the shared output queue.
 *
 * <p>The worker's operator is created, driven and closed on the worker's thread only, so its memory context and
 * spill revoker are confined to that thread (see {@code MemoryPool}). The coordinator talks to it only through
 * {@link #offer}, {@link #endOfInput} and {@link #stop}, which are thread-safe.
 */
final class AggregationWorker implements Runnable {
    /**
     * Marks the end of the input in the input queue, and the end of this worker's groups in the output queue (so the
     * coordinator learns it at once rather than after a poll interval).
     */
    static final Chunk END = new Chunk(0);
    private static final long WAIT_MILLIS = 20;

    private final Supplier<HashAggregationOperator> operatorFactory;
    private final BlockingQueue<Chunk> input = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<Chunk> output;
    private final ParallelFailure failure;
    private volatile boolean stopped;
    /** Set once the worker stops taking spill requests (its input ended, or it exited). */
    private volatile boolean spillClosed;
    private volatile SpillRequest spillRequest;

    AggregationWorker(Supplier<HashAggregationOperator> operatorFactory, BlockingQueue<Chunk> output,
                      ParallelFailure failure) {
        this.operatorFactory = operatorFactory;
        this.output = output;
        this.failure = failure;
    }

    /** Queues a chunk of this worker's rows (never modified); false if the queue stayed full for a while. */
    boolean offer(Chunk chunk) throws InterruptedException {
        return input.offer(chunk, WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    boolean endOfInput() throws InterruptedException {
        return offer(END);
    }

    /**
     * Asks the worker to spill its groups on its own thread; the caller waits on the request. Returns false when the
     * worker no longer takes requests (its input ended, so its operator could not spill anyway).
     */
    boolean requestSpill(SpillRequest request) {
        spillRequest = request;
        if (spillClosed) {
            request.answer(0);
            return false;
        }
        return true;
    }

    boolean takesSpillRequests() {
        return !spillClosed;
    }

    /** Answers a pending spill request with what the operator frees (between two of its calls, on this thread). */
    private void answerSpillRequest(HashAggregationOperator aggregation) {
        SpillRequest request = spillRequest;
        if (request != null) {
            spillRequest = null;
            request.answer(aggregation == null ? 0 : aggregation.revoke(request.bytes()));
        }
    }

    /** Stops taking spill requests and answers one that raced with that. */
    private void closeSpillRequests() {
        spillClosed = true;
        SpillRequest request = spillRequest;
        if (request != null) {
            spillRequest = null;
            request.answer(0);
        }
    }

    /** Asks the worker to give up (the query ended early or failed); it closes its operator and exits. */
    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try (HashAggregationOperator aggregation = operatorFactory.get()) {
            while (true) {
                answerSpillRequest(aggregation);
                Chunk chunk = input.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (stopped) {
                    return;
                }
                if (chunk == END) {
                    break;
                }
                if (chunk != null) {
                    aggregation.addInput(chunk);
                }
            }
            closeSpillRequests();
            aggregation.finish();
            while (!aggregation.isFinished() && !stopped) {
                Chunk out = aggregation.getOutput();
                if (out != null && out.positionCount() > 0 && !put(out)) {
                    return;
                }
            }
            if (!stopped) {
                put(END);
            }
        } catch (Throwable t) {
            failure.record(t);
        } finally {
            closeSpillRequests();
            failure.workerDone();
        }
    }

    /** Queues an output chunk, waiting while the queue is full; false when the worker was stopped meanwhile. */
    private boolean put(Chunk out) throws InterruptedException {
        while (!output.offer(out, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            if (stopped) {
                return false;
            }
        }
        return true;
    }
}
