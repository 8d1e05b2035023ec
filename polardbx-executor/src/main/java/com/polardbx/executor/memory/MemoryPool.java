package com.polardbx.executor.memory;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The memory budget of one query: operators reserve bytes before (or right after) holding data and free them when
 * done. Thread-safe: operators of one query may run on several threads (parallel aggregation workers).
 *
 * <p>When a reservation would exceed the limit, registered {@link MemoryRevoker}s (spillable operators) other than
 * the requester are asked to free memory first; if that is not enough, {@link #reserve} fails with
 * {@link ErrorCode#ER_CAPACITY_EXCEEDED} (3170) naming {@value QueryMemoryLimit#SESSION_VARIABLE}.
 *
 * <p>Revocation is thread-confined: a revoker is only ever called on the thread that registered it, and only by a
 * reservation made on that thread. An operator therefore never has to guard against a spill request arriving from
 * another thread in the middle of one of its calls. Memory held by operators on other threads is not revoked; those
 * operators spill themselves when their own reservations fail.
 */
public final class MemoryPool {
    private final String queryId;
    private final long limitBytes;
    private final List<Registration> revokers = new CopyOnWriteArrayList<>();
    private final java.util.Set<LocalMemoryContext> contexts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicLong PROCESS_RESERVED =
        new java.util.concurrent.atomic.AtomicLong();
    private long reservedBytes;
    private long peakBytes;
    /** Set while a thread's revokers run, so that their own (freeing) calls never start another round. */
    private final ThreadLocal<Boolean> revoking = ThreadLocal.withInitial(() -> false);

    /** A revoker and the thread that may call it. */
    private record Registration(MemoryRevoker revoker, Thread owner) {
    }

    public MemoryPool(String queryId, long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive: " + limitBytes);
        }
        this.queryId = queryId;
        this.limitBytes = limitBytes;
    }

    /** A pool without a practical limit, for tests and internal queries. */
    public static MemoryPool unlimited(String queryId) {
        return new MemoryPool(queryId, Long.MAX_VALUE);
    }

    /** Reserves bytes, asking every revoker to spill if needed; throws ER_CAPACITY_EXCEEDED when still short. */
    public void reserve(long bytes) {
        reserve(bytes, null);
    }

    /**
     * Reserves bytes, asking revokers other than {@code requester} (the caller's own revoker, may be {@code null}) to
     * spill if needed; throws ER_CAPACITY_EXCEEDED when still short.
     */
    public void reserve(long bytes, MemoryRevoker requester) {
        if (!tryReserve(bytes, requester)) {
            throw exceeded(bytes);
        }
    }

    /**
     * Reserves bytes if they fit, after asking revokers other than {@code requester} to free memory; returns whether
     * it did. Never throws for lack of memory.
     */
    public boolean tryReserve(long bytes, MemoryRevoker requester) {
        if (bytes <= 0 || tryReserve(bytes)) {
            return true;
        }
        if (revoking.get()) {
            return false;
        }
        revoking.set(true);
        Thread current = Thread.currentThread();
        try {
            for (Registration registration : revokers) {
                MemoryRevoker revoker = registration.revoker();
                if (revoker == requester || registration.owner() != current) {
                    continue;
                }
                long shortBy;
                synchronized (this) {
                    shortBy = reservedBytes + bytes - limitBytes;
                }
                revoker.revoke(Math.max(shortBy, 1));
                if (tryReserve(bytes)) {
                    return true;
                }
            }
            return false;
        } finally {
            revoking.set(false);
        }
    }

    /** Reserves bytes if they fit under the limit without asking anyone; returns whether it did. */
    public synchronized boolean tryReserve(long bytes) {
        if (reservedBytes + bytes > limitBytes || reservedBytes + bytes < 0) {
            return false;
        }
        reservedBytes += bytes;
        PROCESS_RESERVED.addAndGet(bytes);
        peakBytes = Math.max(peakBytes, reservedBytes);
        return true;
    }

    public synchronized void free(long bytes) {
        long freed = Math.min(reservedBytes, bytes);
        reservedBytes -= freed;
        PROCESS_RESERVED.addAndGet(-freed);
    }

    /** Bytes reserved by every query pool of this process right now (SHOW STATUS). */
    public static long processReservedBytes() {
        return PROCESS_RESERVED.get();
    }

    /** The error of a query that needs {@code bytes} more than it can get. */
    public SqlError exceeded(long bytes) {
        long reserved;
        synchronized (this) {
            reserved = reservedBytes;
        }
        return new SqlError(ErrorCode.ER_CAPACITY_EXCEEDED, limitBytes, QueryMemoryLimit.SESSION_VARIABLE,
            String.format("Query %s holds %d bytes (%s) and needs %d more that no operator could free by spilling to disk.",
                queryId, reserved, holders(), bytes));
    }

    /** The biggest holders by operator kind, e.g. "HashJoinOperator 724457, 2 x HashAggregationOperator 75520". */
    private String holders() {
        java.util.Map<String, long[]> byName = new java.util.TreeMap<>();
        for (LocalMemoryContext c : contexts) {
            long held = c.bytes();
            if (held > 0) {
                long[] sumAndCount = byName.computeIfAbsent(c.holderName(), k -> new long[2]);
                sumAndCount[0] += held;
                sumAndCount[1]++;
            }
        }
        return byName.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
            .limit(4)
            .map(e -> (e.getValue()[1] > 1 ? e.getValue()[1] + " x " : "") + e.getKey() + " " + e.getValue()[0])
            .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Remembers an operator's context so that {@link #exceeded} can name who holds the memory. */
    void track(LocalMemoryContext context) {
        contexts.add(context);
    }

    void untrack(LocalMemoryContext context) {
        contexts.remove(context);
    }

    public synchronized long reservedBytes() {
        return reservedBytes;
    }

    public synchronized long peakBytes() {
        return peakBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Bytes that can still be reserved without revoking anything. */
    public synchronized long availableBytes() {
        return Math.max(0, limitBytes - reservedBytes);
    }

    /** Registers a revoker owned by the calling thread: only reservations on this thread will call it. */
    public void addRevoker(MemoryRevoker revoker) {
        revokers.add(new Registration(revoker, Thread.currentThread()));
    }

    public void removeRevoker(MemoryRevoker revoker) {
        revokers.removeIf(r -> r.revoker() == revoker);
    }
}
