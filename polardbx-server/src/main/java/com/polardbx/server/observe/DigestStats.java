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
    /**
     * MySQL's QUERY_SAMPLE_TEXT, _SEEN and _TIMER_WAIT: the slowest statement of the digest as sent, replaced by a
     * slower one, or by any one once it is older than performance_schema_max_digest_sample_age seconds (0: never
     * too old). Written under the lock, only by a statement that qualifies; read without it.
     */
    private volatile Sample sample;

    /** One sample statement: its text, start and duration. */
    record Sample(String text, long seenMillis, long nanos) {
    }

    DigestStats(String schema, String digest, String digestText, long firstSeenMillis) {
        this.schema = schema;
        this.digest = digest;
        this.digestText = digestText;
        this.firstSeenMillis = firstSeenMillis;
    }

    com.polardbx.common.digest.DigestSnapshot snapshot() {
        long n = count.sum();
        Sample s = sample;
        return new com.polardbx.common.digest.DigestSnapshot(schema, digest, digestText, n, sumNanos.sum(),
            n == 0 ? 0 : minNanos.get(), maxNanos.get(), errors.sum(), warnings.sum(), rowsAffected.sum(),
            rowsSent.sum(), rowsExamined.sum(), firstSeenMillis, Math.max(firstSeenMillis, lastSeenMillis.get()),
            latency.snapshot(), s == null ? null : s.text(), s == null ? 0 : s.seenMillis(), s == null ? 0 : s.nanos());
    }

    /** @param sampleAgeMillis how old a sample may get before any statement replaces it; 0: never too old */
    void add(StatementEvent e, long sampleAgeMillis) {
        resample(e, sampleAgeMillis);
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
        // once per millisecond at most: every thread writing this shared field for every statement costs more
        // (cache-line traffic) than all the counters above
        if (lastSeenMillis.get() < e.startMillis()) {
            lastSeenMillis.accumulateAndGet(e.startMillis(), Math::max);
        }
    }

    private void resample(StatementEvent e, long sampleAgeMillis) {
        if (e.sql() == null || !replaces(sample, e, sampleAgeMillis)) {
            return; // the usual case: one volatile read
        }
        synchronized (this) {
            if (replaces(sample, e, sampleAgeMillis)) {
                String sql = e.sql();
                sample = new Sample(sql.length() <= SAMPLE_MAX_CHARS ? sql : sql.substring(0, SAMPLE_MAX_CHARS),
                    e.startMillis(), e.durationNanos());
            }
        }
    }

    private static boolean replaces(Sample current, StatementEvent e, long sampleAgeMillis) {
        return current == null || e.durationNanos() > current.nanos()
            || sampleAgeMillis > 0 && e.startMillis() - current.seenMillis() > sampleAgeMillis;
    }
}
