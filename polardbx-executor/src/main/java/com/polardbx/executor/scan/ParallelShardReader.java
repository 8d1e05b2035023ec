package com.polardbx.executor.scan;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.operator.QueryContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every shard query on its own worker task, all feeding one bounded queue of chunks (back-pressure: workers
 * wait while the consumer is behind). The consumer side ({@link #poll}, {@link #close}) is one thread.
 *
 * <p>Each task queues an end marker after its last chunk, so the consumer learns that the last shard finished from
 * the queue itself: it wakes at once instead of sleeping out a poll interval (that interval was 50 ms added to
 * most multi-DN reads).
 */
final class ParallelShardReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParallelShardReader.class);
    private static final long POLL_MILLIS = 50;
    /** Queued by a task after its last chunk (also after a failure or when closed); never handed to the consumer. */
    private static final Chunk END = new Chunk(0);

    private final QueryContext context;
    private final BlockingQueue<Chunk> queue;
    private final List<Future<?>> tasks = new ArrayList<>();
    private final CountDownLatch columnsKnown = new CountDownLatch(1);
    private final AtomicReference<DataNodeColumns> columns = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final int shards;
    /** End markers the consumer has taken: every shard is done once all are taken. Consumer thread only. */
    private int endsTaken;
    private volatile boolean closed;

    ParallelShardReader(QueryContext context, List<ShardQuery> queries, ConnectionProvider provider,
                        ExecutorService executor, int capacity) {
        this.context = context;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.shards = queries.size();
        for (ShardQuery q : queries) {
            tasks.add(executor.submit(() -> readShard(q, provider)));
        }
    }

    private void readShard(ShardQuery query, ConnectionProvider provider) {
        try (ShardStream stream = new ShardStream(query, provider, context)) {
            stream.open();
            if (columns.compareAndSet(null, stream.columns())) {
                columnsKnown.countDown();
            }
            for (Chunk chunk = stream.next(); chunk != null && !closed; chunk = stream.next()) {
                while (!closed && !queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    // wait for the consumer
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new SqlError(ErrorCode.ER_QUERY_INTERRUPTED));
        } finally {
            columnsKnown.countDown();
            queueEnd();
        }
    }

    /** Queues this task's end marker (after its chunks, so the consumer sees them first), unless closed. */
    private void queueEnd() {
        boolean interrupted = false;
        while (!closed) {
            try {
                if (queue.offer(END, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // still queue the marker: the consumer counts on it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the first shard's column description; rethrows a shard failure. */
    DataNodeColumns awaitColumns() {
        try {
            while (!columnsKnown.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                context.checkInterrupted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
        rethrowFailure();
        return columns.get();
    }

    /** The next chunk, waiting briefly; {@code null} if none arrived in time or all shards are done. */
    Chunk poll() {
        rethrowFailure();
        try {
            while (endsTaken < shards) {
                Chunk chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk != END) {
                    if (chunk == null) {
                        rethrowFailure();
                    }
                    return chunk;
                }
                endsTaken++;
            }
            rethrowFailure();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }

    /** True when every shard finished and every chunk was taken. */
    boolean isDone() {
        return endsTaken == shards;
    }

    private void rethrowFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        for (Future<?> task : tasks) {
            try {
                // Workers stop at their next chunk; closing a stream drains its remaining rows.
                task.get(5, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("shard reader of query {} did not stop cleanly: {}", context.queryId(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
