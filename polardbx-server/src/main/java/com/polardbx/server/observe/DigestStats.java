package com.polardbx.server.observe;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The running totals of one (schema, digest) row of the digest summary table. Thread-safe, lock-free. */
final class DigestStats {
    final String schema;
    final String digest;
    final String digestText;
    final long firstSeenMillis;
    final LongAdder count = new LongAdder();
    final LongAdder sumNanos = new LongAdder();
    final LongAccumulator minNanos = new LongAccumulator(Math::min, Long.MAX_VALUE);
    final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    final LongAdder rowsSent = new LongAdder();
    final LongAdder rowsExamined = new LongAdder();
    final LongAdder rowsAffected = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder warnings = new LongAdder();
    final AtomicLong lastSeenMillis = new AtomicLong();
    final LatencyBuckets latency = new LatencyBuckets();
    /** MySQL's performance_schema_max_sql_text_length: a longer sample is cut, as MySQL cuts it. */
    private static final int SAMPLE_MAX_CHARS = 1024;
    /** The latest statement of the digest as sent, MySQL's QUERY_SAMPLE_TEXT (it keeps the slowest; we the last). */
    volatile String sampleText;

    DigestStats(String schema, String digest, String digestText, long firstSeenMillis) {
        this.schema = schema;
        this.digest = digest;
        this.digestText = digestText;
        this.firstSeenMillis = firstSeenMillis;
    }

    com.polardbx.common.digest.DigestSnapshot snapshot() {
        long n = count.sum();
        return new com.polardbx.common.digest.DigestSnapshot(schema, digest, digestText, n, sumNanos.sum(),
            n == 0 ? 0 : minNanos.get(), maxNanos.get(), errors.sum(), warnings.sum(), rowsAffected.sum(),
            rowsSent.sum(), rowsExamined.sum(), firstSeenMillis, Math.max(firstSeenMillis, lastSeenMillis.get()),
            latency.snapshot(), sampleText);
    }

    void add(StatementEvent e) {
        count.increment();
        sumNanos.add(e.durationNanos());
        minNanos.accumulate(e.durationNanos());
        maxNanos.accumulate(e.durationNanos());
        rowsSent.add(e.rowsSent());
        rowsExamined.add(e.rowsExamined());
        rowsAffected.add(e.rowsAffected());
        if (e.errno() != 0) {
            errors.increment();
        }
        warnings.add(e.warnings());
        latency.add(e.durationNanos());
        // once per millisecond at most: every thread writing these shared fields for every statement costs more
        // (cache-line traffic) than all the counters above
        if (lastSeenMillis.get() < e.startMillis()) {
            lastSeenMillis.accumulateAndGet(e.startMillis(), Math::max);
            if (e.sql() != null) {
                String sql = e.sql();
                sampleText = sql.length() <= SAMPLE_MAX_CHARS ? sql : sql.substring(0, SAMPLE_MAX_CHARS);
            }
        }
    }
}
