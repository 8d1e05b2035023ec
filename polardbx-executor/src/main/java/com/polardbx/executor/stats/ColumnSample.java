package com.polardbx.executor.stats;

import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.gms.stats.Histogram;
import com.polardbx.gms.stats.StatValues;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The sampled values of one column plus its exact count, null count and range (from an aggregate over every shard);
 * turns them into {@link ColumnStatistics}. Not thread-safe.
 *
 * <p>NDV: exact when the sample is the whole table, otherwise Haas and Stokes' Duj1 estimator
 * {@code d / (1 - (1 - q) * f1 / n)} ({@code d} distinct values and {@code f1} values seen once among {@code n}
 * sampled non-null values, {@code q} the sampled share): values seen once in the sample suggest many unseen ones.
 */
final class ColumnSample {
    static final int HISTOGRAM_BUCKETS = 32;

    private final String column;
    private final boolean ordered;
    private final Map<String, Integer> counts = new HashMap<>();
    private double[] numbers = new double[256];
    private int numbered;
    private int sampled;
    private long nonNull;
    private long rows;
    private String min;
    private String max;

    ColumnSample(String column, String sqlType) {
        this.column = column.toLowerCase(Locale.ROOT);
        this.ordered = StatValues.ordered(sqlType);
    }

    /** Adds one shard's exact figures: its rows, the column's non-null count, smallest and largest value. */
    void addShard(long shardRows, long shardNonNull, String shardMin, String shardMax) {
        rows += shardRows;
        nonNull += shardNonNull;
        if (shardMin != null && (min == null || compare(shardMin, min) < 0)) {
            min = shardMin;
        }
        if (shardMax != null && (max == null || compare(shardMax, max) > 0)) {
            max = shardMax;
        }
    }

    /** Adds one sampled value (null for SQL NULL, which the sample does not count). */
    void addSampled(String value) {
        if (value == null) {
            return;
        }
        counts.merge(value, 1, Integer::sum);
        if (ordered) {
            double d = StatValues.toDouble(value);
            if (!Double.isNaN(d)) {
                if (numbered == numbers.length) {
                    numbers = Arrays.copyOf(numbers, numbers.length * 2);
                }
                numbers[numbered++] = d;
            }
        }
        sampled++;
    }

    ColumnStatistics statistics() {
        return new ColumnStatistics(column, ndv(), rows - nonNull, min, max, histogram());
    }

    double ndv() {
        int distinct = counts.size();
        if (sampled == 0 || sampled >= nonNull) {
            return distinct;
        }
        long once = counts.values().stream().filter(c -> c == 1).count();
        double q = (double) sampled / nonNull;
        double estimate = distinct / (1 - (1 - q) * once / sampled);
        return Math.max(distinct, Math.min(nonNull, estimate));
    }

    private Histogram histogram() {
        if (numbered == 0) {
            return null;
        }
        double[] sorted = Arrays.copyOf(numbers, numbered);
        Arrays.sort(sorted);
        return Histogram.of(sorted, HISTOGRAM_BUCKETS);
    }

    /** Numeric order for numbers and dates, text order otherwise (the DN's collation may differ; min/max inform only). */
    private int compare(String a, String b) {
        if (ordered) {
            double x = StatValues.toDouble(a);
            double y = StatValues.toDouble(b);
            if (!Double.isNaN(x) && !Double.isNaN(y)) {
                return Double.compare(x, y);
            }
        }
        return a.compareTo(b);
    }
}
