package com.polardbx.executor.operator;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryPool;
import com.polardbx.executor.memory.MemoryRevoker;
import com.polardbx.executor.memory.QueryMemoryLimit;
import com.polardbx.executor.spill.SpillSpace;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every operator of one query shares: its memory pool, its spill space (with the spill counters) and its
 * cancellation flag (set by KILL QUERY or a timeout from another thread). Thread-safe.
 *
 * <p>Whoever creates a context closes it when the statement ends (also after errors): {@link #close} removes spill
 * files that operators have not removed themselves. Cancelling removes them too.
 */
public final class QueryContext implements AutoCloseable {
    private final String queryId;
    private final MemoryPool memoryPool;
    private final SpillSpace spillSpace;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();

    /** A context spilling to {@link SpillSpace#defaultDirectory()}. */
    public QueryContext(String queryId, MemoryPool memoryPool) {
        this(queryId, memoryPool, SpillSpace.defaultDirectory());
    }

    public QueryContext(String queryId, MemoryPool memoryPool, Path spillDirectory) {
        this.queryId = queryId;
        this.memoryPool = memoryPool;
        this.spillSpace = new SpillSpace(queryId, spillDirectory);
        onCancel(spillSpace::close);
    }

    /**
     * A query limited to {@code memoryLimitBytes} (the session's {@value QueryMemoryLimit#SESSION_VARIABLE}; at least
     * {@link QueryMemoryLimit#MIN_BYTES}), spilling to {@link SpillSpace#defaultDirectory()}.
     */
    public static QueryContext create(String queryId, long memoryLimitBytes) {
        return new QueryContext(queryId, new MemoryPool(queryId, Math.max(QueryMemoryLimit.MIN_BYTES,
            memoryLimitBytes)));
    }

    /** A context with an unlimited pool, for tests and internal statements. */
    public static QueryContext unlimited(String queryId) {
        return new QueryContext(queryId, MemoryPool.unlimited(queryId));
    }

    private volatile com.polardbx.common.metrics.DataNodeWork dataNodeWork = new com.polardbx.common.metrics.DataNodeWork();

    /** Where the shard queries of this query count their work (the client statement's, shared by its queries). */
    public com.polardbx.common.metrics.DataNodeWork dataNodeWork() {
        return dataNodeWork;
    }

    public QueryContext withDataNodeWork(com.polardbx.common.metrics.DataNodeWork work) {
        this.dataNodeWork = work;
        return this;
    }

    /** Worker threads a CPU-heavy operator may use ({@link QueryParallelism}); 1 runs everything on one thread. */
    private volatile int parallelism = 1;

    public int parallelism() {
        return parallelism;
    }

    public QueryContext withParallelism(int degree) {
        this.parallelism = QueryParallelism.clamp(degree);
        return this;
    }

    /** Whether hash joins use {@link #parallelism()} threads ({@value QueryParallelism#JOIN_SESSION_VARIABLE}). */
    private volatile boolean parallelJoin;

    public boolean parallelJoin() {
        return parallelJoin;
    }

    public QueryContext withParallelJoin(boolean on) {
        this.parallelJoin = on;
        return this;
    }

    /** {@code FOR UPDATE} / {@code LOCK IN SHARE MODE} appended to every pushed-down SELECT, or null. */
    private volatile String lockClause;

    /** Values of the plan's dynamic parameters (SQL literal text), bound into pushed-down SQL. */
    private volatile java.util.List<String> parameters = java.util.List.of();

    public java.util.List<String> parameters() {
        return parameters;
    }

    public QueryContext withParameters(java.util.List<String> values) {
        this.parameters = values;
        return this;
    }

    /** MariaDB's {@code max_recursive_iterations}: rounds a recursive WITH may run; its default on MariaDB 10.11. */
    public static final long DEFAULT_MAX_RECURSIVE_ITERATIONS = 1000;

    private volatile long maxRecursiveIterations = DEFAULT_MAX_RECURSIVE_ITERATIONS;

    public long maxRecursiveIterations() {
        return maxRecursiveIterations;
    }

    public QueryContext withMaxRecursiveIterations(long rounds) {
        this.maxRecursiveIterations = rounds;
        return this;
    }

    /**
     * The working table each recursive WITH name stands for while its step is built and pulled (by whichever thread
     * pulls the query's rows, one at a time; a recursive union binds its name around each call, so an inner or
     * interleaved CTE of the same name sees its own table).
     */
    private final java.util.Map<String, Object> workingTables = new java.util.concurrent.ConcurrentHashMap<>();

    /** Binds {@code name} to {@code table} (null unbinds) and returns the previous binding, to be restored. */
    public Object bindWorkingTable(String name, Object table) {
        return table == null ? workingTables.remove(name) : workingTables.put(name, table);
    }

    /** The table bound to {@code name}, or null. */
    public Object workingTable(String name) {
        return workingTables.get(name);
    }

    /** Per-operator counters for EXPLAIN ANALYZE, keyed by plan node; null when not collected. */
    private volatile java.util.Map<Object, OperatorStats> operatorStats;

    /** What one operator produced: rows, chunks, and nanoseconds spent pulling them (including its inputs). */
    public static final class OperatorStats {
        public final java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
        public final java.util.concurrent.atomic.AtomicLong chunks = new java.util.concurrent.atomic.AtomicLong();
        public final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    }

    public QueryContext collectOperatorStats() {
        this.operatorStats = new java.util.concurrent.ConcurrentHashMap<>();
        return this;
    }

    /** The counters of each plan node (identity), or null when this query does not collect them. */
    public java.util.Map<Object, OperatorStats> operatorStats() {
        return operatorStats;
    }

    public String lockClause() {
        return lockClause;
    }

    public QueryContext withLockClause(String clause) {
        this.lockClause = clause;
        return this;
    }

    public String queryId() {
        return queryId;
    }

    public MemoryPool memoryPool() {
        return memoryPool;
    }

    /** Where the query's operators create spill files. */
    public SpillSpace spillSpace() {
        return spillSpace;
    }

    /** Spill files the query has written so far (0 if nothing spilled); for EXPLAIN ANALYZE and tests. */
    public long spilledFiles() {
        return spillSpace.filesWritten();
    }

    /** Bytes the query has written to spill files so far. */
    public long spilledBytes() {
        return spillSpace.bytesWritten();
    }

    /** A fresh memory context for one operator that cannot spill. */
    public LocalMemoryContext newMemoryContext() {
        return new LocalMemoryContext(memoryPool);
    }

    /** A fresh memory context for a spillable operator; the pool may ask {@code revoker} to spill until it closes. */
    public LocalMemoryContext newMemoryContext(MemoryRevoker revoker) {
        return new LocalMemoryContext(memoryPool, revoker);
    }

    /** A memory context for a spillable operator that is one of {@code share} parallel workers. */
    public LocalMemoryContext newMemoryContext(MemoryRevoker revoker, int share) {
        return new LocalMemoryContext(memoryPool, revoker, share);
    }

    /** Requests cancellation; running drivers stop at their next check with ER_QUERY_INTERRUPTED. */
    public void cancel() {
        cancelled.set(true);
        for (Runnable action : cancelActions) {
            action.run();
        }
    }

    /**
     * Registers what stops work the flag can't reach, such as a statement running on a DN; runs at once if the query
     * is already cancelled. Actions must be quick and must not throw.
     */
    public void onCancel(Runnable action) {
        cancelActions.add(action);
        if (cancelled.get()) {
            action.run();
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws ER_QUERY_INTERRUPTED (1317) if the query was cancelled. */
    public void checkInterrupted() {
        if (cancelled.get()) {
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }

    /**
     * Registers what must not outlive the query even when an operator was never closed (a failure while the plan was
     * being built), such as a DN result still streaming on a connection the session keeps. Runs on the thread that
     * closes the context; actions must be idempotent and must not throw.
     */
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    /** Ends the query: removes any spill file left behind, runs the {@link #onClose} actions; idempotent. */
    @Override
    public void close() {
        spillSpace.close();
        for (Runnable action : closeActions) {
            action.run();
        }
    }
}
