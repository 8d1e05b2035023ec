package com.polardbx.executor.operator;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every operator of one query shares: its memory pool and its cancellation flag (set by KILL QUERY or a
 * timeout from another thread). Thread-safe.
 */
public final class QueryContext {
    private final String queryId;
    private final MemoryPool memoryPool;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final java.util.List<Runnable> cancelActions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public QueryContext(String queryId, MemoryPool memoryPool) {
        this.queryId = queryId;
        this.memoryPool = memoryPool;
    }

    /** A context with an unlimited pool, for tests and internal statements. */
    public static QueryContext unlimited(String queryId) {
        return new QueryContext(queryId, MemoryPool.unlimited(queryId));
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

    /** A fresh memory context for one operator. */
    public LocalMemoryContext newMemoryContext() {
        return new LocalMemoryContext(memoryPool);
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
}
