package com.polardbx.executor.memory;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The memory budget of one query: operators reserve bytes before holding data and free them when done. Thread-safe.
 *
 * <p>When a reservation would exceed the limit, registered {@link MemoryRevoker}s (spillable operators) are asked to
 * free memory first; if that is not enough, the reservation fails with {@link ErrorCode#ER_OUT_OF_RESOURCES}.
 */
public final class MemoryPool {
    private final String queryId;
    private final long limitBytes;
    private final List<MemoryRevoker> revokers = new CopyOnWriteArrayList<>();
    private long reservedBytes;
    private long peakBytes;

    public MemoryPool(String queryId, long limitBytes) {
        this.queryId = queryId;
        this.limitBytes = limitBytes;
    }

    /** A pool without a practical limit, for tests and internal queries. */
    public static MemoryPool unlimited(String queryId) {
        return new MemoryPool(queryId, Long.MAX_VALUE);
    }

    /** Reserves bytes, asking revokers to spill if needed; throws ER_OUT_OF_RESOURCES when still over the limit. */
    public void reserve(long bytes) {
        if (bytes <= 0) {
            return;
        }
        if (tryReserve(bytes)) {
            return;
        }
        for (MemoryRevoker revoker : revokers) {
            revoker.revoke(bytes);
            if (tryReserve(bytes)) {
                return;
            }
        }
        long reserved;
        synchronized (this) {
            reserved = reservedBytes;
        }
        throw new SqlError(ErrorCode.ER_OUT_OF_RESOURCES, String.format(
            "query %s exceeded its memory limit of %d bytes (reserved %d, requested %d more)",
            queryId, limitBytes, reserved, bytes));
    }

    /** Reserves bytes if they fit under the limit; returns whether it did. */
    public synchronized boolean tryReserve(long bytes) {
        if (reservedBytes + bytes > limitBytes || reservedBytes + bytes < 0) {
            return false;
        }
        reservedBytes += bytes;
        peakBytes = Math.max(peakBytes, reservedBytes);
        return true;
    }

    public synchronized void free(long bytes) {
        reservedBytes = Math.max(0, reservedBytes - bytes);
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

    public void addRevoker(MemoryRevoker revoker) {
        revokers.add(revoker);
    }

    public void removeRevoker(MemoryRevoker revoker) {
        revokers.remove(revoker);
    }
}
