package com.polardbx.server.observe;

import com.polardbx.common.digest.DigestSnapshot;
import com.polardbx.common.digest.StatementDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * This CN's rows of {@code performance_schema.events_statements_summary_by_digest}: one per (default database,
 * digest), at most {@code performance_schema_digests_size} of them; statements of further digests are counted in
 * one row whose SCHEMA_NAME and DIGEST are NULL, as MySQL does. {@code TRUNCATE TABLE} empties it. Digest texts of
 * recently seen statement texts are cached, so a statement sent again with the same text is not lexed again.
 * Thread-safe.
 */
public final class DigestSummaries {
    /** The table's columns in MySQL 8's order (those tools read; the rest of MySQL's are not collected). */
    public static final List<String> COLUMNS = List.of("SCHEMA_NAME", "DIGEST", "DIGEST_TEXT", "COUNT_STAR",
        "SUM_TIMER_WAIT", "MIN_TIMER_WAIT", "AVG_TIMER_WAIT", "MAX_TIMER_WAIT", "SUM_LOCK_TIME", "SUM_ERRORS",
        "SUM_WARNINGS", "SUM_ROWS_AFFECTED", "SUM_ROWS_SENT", "SUM_ROWS_EXAMINED", "FIRST_SEEN", "LAST_SEEN",
        "QUANTILE_95", "QUANTILE_99", "QUANTILE_999", "QUERY_SAMPLE_TEXT", "QUERY_SAMPLE_SEEN",
        "QUERY_SAMPLE_TIMER_WAIT");
    private static final DateTimeFormatter SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
        .withZone(ZoneId.systemDefault());

    private record Key(String schema, String digestText) {
    }

    /** A row of the cluster's table: the same (schema, digest) on any CN. */
    private record RowKey(String schema, String digest) {
    }

    private final Map<Key, DigestStats> rows = new ConcurrentHashMap<>();
    private final com.polardbx.common.digest.DigestTextCache texts = new com.polardbx.common.digest.DigestTextCache();
    private final LongSupplier capacity;
    private final LongAdder lost = new LongAdder();
    private volatile DigestStats overflow;
    /** The rows the other CNs of the cluster published; none until a publisher is attached. */
    private volatile java.util.function.Supplier<List<DigestSnapshot>> others = List::of;
    private final LongAdder recorded = new LongAdder();

    private final LongSupplier sampleAgeSeconds;

    /** @param capacity the current performance_schema_digests_size */
    public DigestSummaries(LongSupplier capacity) {
        this(capacity, () -> 60);
    }

    /**
     * @param capacity the current performance_schema_digests_size
     * @param sampleAgeSeconds the current performance_schema_max_digest_sample_age
     */
    public DigestSummaries(LongSupplier capacity, LongSupplier sampleAgeSeconds) {
        this.capacity = capacity;
        this.sampleAgeSeconds = sampleAgeSeconds;
    }

    /** The digest text of a statement, from the cache when the same text was seen recently. */
    public String digestText(String sql) {
        return texts.digestText(sql);
    }

    /** Adds a finished statement to its row; returns the statement's digest (hash). */
    public String record(String digestText, StatementEvent event) {
        recorded.increment();
        Key key = new Key(event.database(), digestText);
        DigestStats stats = rows.get(key);
        if (stats == null) {
            if (rows.size() >= capacity.getAsLong()) {
                lost.increment();
                overflowRow().add(event, sampleAgeSeconds.getAsLong() * 1000);
                return StatementDigest.hash(digestText);
            }
            stats = rows.computeIfAbsent(key, k -> new DigestStats(k.schema(), StatementDigest.hash(k.digestText()),
                k.digestText(), event.startMillis()));
        }
        stats.add(event, sampleAgeSeconds.getAsLong() * 1000);
        return stats.digest;
    }

    private DigestStats overflowRow() {
        DigestStats row = overflow;
        if (row == null) {
            synchronized (this) {
                if (overflow == null) {
                    overflow = new DigestStats(null, null, null, System.currentTimeMillis());
                }
                row = overflow;
            }
        }
        return row;
    }

    /** TRUNCATE TABLE: forgets every row. */
    public void reset() {
        rows.clear();
        overflow = null;
    }

    /** Statements whose digest found no room (MySQL's Performance_schema_digest_lost). */
    public long lost() {
        return lost.sum();
    }

    /** Where the other CNs' rows come from (the GMS), merged into {@link #rows()}. */
    void readOthersFrom(java.util.function.Supplier<List<DigestSnapshot>> source) {
        this.others = source;
    }

    /** Statements recorded since the start: a publisher skips a round when it did not move. */
    long recorded() {
        return recorded.sum();
    }

    /** This CN's rows now. */
    List<DigestSnapshot> localSnapshots() {
        List<DigestSnapshot> out = new ArrayList<>();
        for (DigestStats s : rows.values()) {
            out.add(s.snapshot());
        }
        DigestStats o = overflow;
        if (o != null) {
            out.add(o.snapshot());
        }
        return out;
    }

    /** Rows of this CN's own digest table (without the other CNs'). */
    public int localSize() {
        return rows.size() + (overflow == null ? 0 : 1);
    }

    /**
     * The rows of the cluster in {@link #COLUMNS} order, timer columns in picoseconds as MySQL: this CN's rows as
     * they are now, merged with the rows the other CNs published last.
     */
    public List<Object[]> rows() {
        Map<RowKey, DigestSnapshot> merged = new java.util.LinkedHashMap<>();
        for (DigestSnapshot s : localSnapshots()) {
            merged.merge(new RowKey(s.schema(), s.digest()), s, DigestSnapshot::merge);
        }
        for (DigestSnapshot s : others.get()) {
            merged.merge(new RowKey(s.schema(), s.digest()), s, DigestSnapshot::merge);
        }
        List<Object[]> out = new ArrayList<>();
        for (DigestSnapshot s : merged.values()) {
            out.add(row(s));
        }
        return out;
    }

    /** The rows ordered by total time, longest first, at most {@code limit}. */
    public List<Object[]> top(int limit) {
        List<Object[]> all = rows();
        all.sort((a, b) -> Double.compare(((Number) b[4]).doubleValue(), ((Number) a[4]).doubleValue()));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private static Object[] row(DigestSnapshot s) {
        long count = s.count();
        long sum = s.sumNanos();
        return new Object[] {s.schema(), s.digest(), s.digestText(), count, picos(sum), picos(s.minNanos()),
            picos(count == 0 ? 0L : sum / count), picos(s.maxNanos()), 0L, s.errors(), s.warnings(),
            s.rowsAffected(), s.rowsSent(), s.rowsExamined(), SEEN.format(Instant.ofEpochMilli(s.firstSeenMillis())),
            SEEN.format(Instant.ofEpochMilli(s.lastSeenMillis())),
            picos(LatencyBuckets.quantileNanos(s.buckets(), 0.95)), picos(LatencyBuckets.quantileNanos(s.buckets(),
            0.99)), picos(LatencyBuckets.quantileNanos(s.buckets(), 0.999)), s.sampleText(),
            s.sampleText() == null ? null : SEEN.format(Instant.ofEpochMilli(s.sampleSeenMillis())),
            picos(s.sampleNanos())};
    }

    /** Nanoseconds as picoseconds; past 2^63 (106 days of summed time) as a BigInteger, MySQL's BIGINT UNSIGNED. */
    private static Number picos(long nanos) {
        long high = Math.multiplyHigh(nanos, 1000L);
        long low = nanos * 1000L;
        if (high == 0 && low >= 0) {
            return low;
        }
        return java.math.BigInteger.valueOf(nanos).multiply(java.math.BigInteger.valueOf(1000));
    }
}
