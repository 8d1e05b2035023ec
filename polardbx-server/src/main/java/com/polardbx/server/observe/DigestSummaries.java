package com.polardbx.server.observe;

import com.polardbx.common.digest.DigestText;
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
        "QUANTILE_95", "QUANTILE_99", "QUANTILE_999", "QUERY_SAMPLE_TEXT");
    private static final int TEXT_CACHE_SIZE = 4096;
    /** Statements longer than this are not cached (a bulk INSERT would pin megabytes for nothing). */
    private static final int CACHED_SQL_MAX_CHARS = 1024;
    private static final DateTimeFormatter SEEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
        .withZone(ZoneId.systemDefault());

    private record Key(String schema, String digestText) {
    }

    private final Map<Key, DigestStats> rows = new ConcurrentHashMap<>();
    private final Map<String, String> textBySql = new ConcurrentHashMap<>();
    private final LongSupplier capacity;
    private final LongAdder lost = new LongAdder();
    private volatile DigestStats overflow;

    /** @param capacity the current performance_schema_digests_size */
    public DigestSummaries(LongSupplier capacity) {
        this.capacity = capacity;
    }

    /** The digest text of a statement, from the cache when the same text was seen recently. */
    public String digestText(String sql) {
        String text = sql.length() <= CACHED_SQL_MAX_CHARS ? textBySql.get(sql) : null;
        if (text == null) {
            text = DigestText.of(sql);
            if (sql.length() <= CACHED_SQL_MAX_CHARS) {
                if (textBySql.size() >= TEXT_CACHE_SIZE) {
                    textBySql.clear(); // cheap bound: a workload of repeated texts fills it again at once
                }
                textBySql.put(sql, text);
            }
        }
        return text;
    }

    /** Adds a finished statement to its row; returns the statement's digest (hash). */
    public String record(String digestText, StatementEvent event) {
        Key key = new Key(event.database(), digestText);
        DigestStats stats = rows.get(key);
        if (stats == null) {
            if (rows.size() >= capacity.getAsLong()) {
                lost.increment();
                overflowRow().add(event);
                return StatementDigest.hash(digestText);
            }
            stats = rows.computeIfAbsent(key, k -> new DigestStats(k.schema(), StatementDigest.hash(k.digestText()),
                k.digestText(), event.startMillis()));
        }
        stats.add(event);
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

    /** The rows in {@link #COLUMNS} order; timer columns in picoseconds, as MySQL. */
    public List<Object[]> rows() {
        List<Object[]> out = new ArrayList<>();
        for (DigestStats s : rows.values()) {
            out.add(row(s));
        }
        DigestStats o = overflow;
        if (o != null) {
            out.add(row(o));
        }
        return out;
    }

    /** The rows ordered by total time, longest first, at most {@code limit}. */
    public List<Object[]> top(int limit) {
        List<Object[]> all = rows();
        all.sort((a, b) -> Double.compare(((Number) b[4]).doubleValue(), ((Number) a[4]).doubleValue()));
        return all.subList(0, Math.min(limit, all.size()));
    }

    private static Object[] row(DigestStats s) {
        long count = s.count.sum();
        long sum = s.sumNanos.sum();
        long min = count == 0 ? 0 : s.minNanos.get();
        return new Object[] {s.schema, s.digest, s.digestText, count, picos(sum), picos(min),
            picos(count == 0 ? 0L : sum / count), picos(s.maxNanos.get()), 0L, s.errors.sum(), s.warnings.sum(),
            s.rowsAffected.sum(), s.rowsSent.sum(), s.rowsExamined.sum(), SEEN.format(Instant.ofEpochMilli(
            s.firstSeenMillis)), SEEN.format(Instant.ofEpochMilli(Math.max(s.firstSeenMillis,
            s.lastSeenMillis.get()))), picos(s.latency.quantileNanos(0.95)), picos(s.latency.quantileNanos(0.99)),
            picos(s.latency.quantileNanos(0.999)), s.sampleText};
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
