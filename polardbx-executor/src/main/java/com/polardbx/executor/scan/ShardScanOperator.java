package com.polardbx.executor.scan;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.SourceOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs physical queries on data nodes and emits their rows as chunks, in no particular order across shards (use one
 * scan per shard and a merge operator when order matters; see {@link #perShardSources}).
 *
 * <p>If the {@link ConnectionProvider} allows parallel use, all shards run at once on the given executor and feed a
 * bounded queue ({@link ParallelShardReader}); otherwise shards run one after another on the caller's thread.
 * {@link #columns()} describes the result (from the first shard that answers).
 */
public final class ShardScanOperator implements SourceOperator {
    private static final Logger log = LoggerFactory.getLogger(ShardScanOperator.class);
    private static final int QUEUE_CHUNKS_PER_SHARD = 4;

    private final QueryContext context;
    private final List<ShardQuery> queries;
    private final ConnectionProvider provider;
    private final ExecutorService executor;
    private ParallelShardReader parallel;
    private ShardStream current;
    private int nextQuery;
    private DataNodeColumns columns;
    private boolean finished;

    /**
     * @param executor runs shard readers when the provider allows parallel use; may be {@code null} to always run
     *                 sequentially
     */
    public ShardScanOperator(QueryContext context, List<ShardQuery> queries, ConnectionProvider provider,
                             ExecutorService executor) {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("a shard scan needs at least one query");
        }
        this.context = context;
        this.queries = List.copyOf(queries);
        this.provider = provider;
        this.executor = executor;
    }

    /** One sequential scan per shard query, e.g. as the inputs of a merge of DN-sorted streams. */
    public static List<ChunkSource> perShardSources(QueryContext context, List<ShardQuery> queries,
                                                    ConnectionProvider provider) {
        List<ChunkSource> sources = new ArrayList<>();
        for (ShardQuery q : queries) {
            ShardScanOperator scan = new ShardScanOperator(context, List.of(q), provider, null);
            sources.add(scan.asSource());
        }
        return sources;
    }

    private boolean runsInParallel() {
        if (executor == null || queries.size() < 2) {
            return false;
        }
        return provider.allowsParallel() || provider.allowsParallelAcrossDataNodes()
            && queries.stream().map(ShardQuery::dnId).distinct().count() == queries.size();
    }

    /** The result's column descriptions; starts the scan if it has not started yet. */
    public List<ColumnMeta> columns() {
        start();
        return columns.metas();
    }

    /** The result's executor column types; starts the scan if it has not started yet. */
    public List<ColumnType> types() {
        start();
        return columns.types();
    }

    private void start() {
        if (columns != null) {
            return;
        }
        if (runsInParallel()) {
            if (!provider.allowsParallel()) {
                for (ShardQuery q : queries) { // one query per DN: make each DN's connection exist on this thread
                    provider.release(q.dnId(), provider.acquire(q.dnId()));
                }
            }
            parallel = new ParallelShardReader(context, queries, provider, executor,
                QUEUE_CHUNKS_PER_SHARD * queries.size());
            columns = parallel.awaitColumns();
        } else {
            openNext();
            columns = current.columns();
        }
        log.debug("query {} scanning {} shard queries, parallel={}", context.queryId(), queries.size(),
            parallel != null);
    }

    private void openNext() {
        ShardStream stream = new ShardStream(queries.get(nextQuery++), provider, context);
        current = stream;
        stream.open();
        if (columns != null && stream.columns().types().size() != columns.types().size()) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "shard queries of one scan return different column counts");
        }
    }

    @Override
    public Chunk getOutput() {
        if (finished) {
            return null;
        }
        context.checkInterrupted();
        start();
        if (parallel != null) {
            Chunk chunk = parallel.poll();
            finished = parallel.isDone();
            return chunk;
        }
        while (true) {
            Chunk chunk = current.next();
            if (chunk != null) {
                return chunk;
            }
            current.close();
            current = null;
            if (nextQuery >= queries.size()) {
                finished = true;
                return null;
            }
            openNext();
        }
    }

    @Override
    public void finish() {
        finished = true;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void close() {
        finished = true;
        if (current != null) {
            ShardStream c = current;
            current = null;
            c.close();
        }
        if (parallel != null) {
            parallel.close();
        }
    }

    /** This scan as a pull stream (blocking until each chunk arrives). */
    public ChunkSource asSource() {
        return new ChunkSource() {
            @Override
            public Chunk next() {
                while (!isFinished()) {
                    Chunk chunk = getOutput();
                    if (chunk != null && chunk.positionCount() > 0) {
                        return chunk;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                ShardScanOperator.this.close();
            }
        };
    }
}
