package com.polardbx.common.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one client statement asked of the data nodes: shard queries sent, rows they returned and the time they ran
 * (summed over shards, so parallel shards can add up to more than the statement took). Filled by the executor's
 * shard streams, read by the slow log and the digest table. Thread-safe.
 */
public final class DataNodeWork {
    private final LongAdder shards = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    public void shardFinished(long rowsRead, long elapsedNanos) {
        shards.increment();
        rows.add(rowsRead);
        nanos.add(elapsedNanos);
    }

    public long shards() {
        return shards.sum();
    }

    public long rows() {
        return rows.sum();
    }

    public long nanos() {
        return nanos.sum();
    }
}
