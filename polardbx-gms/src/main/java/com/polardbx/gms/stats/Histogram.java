package com.polardbx.gms.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * An equi-height histogram of a column's non-null values mapped to numbers ({@link StatValues}): {@code bounds[0]} is
 * the smallest sampled value, {@code bounds[n]} the largest, and each of the {@code n} buckets between two bounds holds
 * the same share of the values. Immutable.
 */
public record Histogram(double[] bounds) {
    public Histogram {
        if (bounds.length < 2) {
            throw new IllegalArgumentException("a histogram needs at least two bounds");
        }
        bounds = bounds.clone();
    }

    /** The histogram of sorted values, with at most {@code buckets} buckets; null when there are no values. */
    public static Histogram of(double[] sorted, int buckets) {
        if (sorted.length == 0) {
            return null;
        }
        int n = Math.max(1, Math.min(buckets, sorted.length - 1));
        double[] bounds = new double[n + 1];
        for (int b = 0; b <= n; b++) {
            bounds[b] = sorted[(int) Math.min(sorted.length - 1, Math.round((double) b * (sorted.length - 1) / n))];
        }
        return new Histogram(bounds);
    }

    /**
     * Share of the values below {@code v} ({@code inclusive}: at most {@code v}), interpolated linearly inside a
     * bucket. A value equal to a bucket's both bounds (a frequent value) counts that bucket wholly or not at all.
     */
    public double fractionBelow(double v, boolean inclusive) {
        int n = bounds.length - 1;
        if (v < bounds[0] || !inclusive && v == bounds[0]) {
            return 0;
        }
        if (v > bounds[n] || inclusive && v == bounds[n]) {
            return 1;
        }
        double covered = 0;
        for (int b = 0; b < n; b++) {
            double lo = bounds[b];
            double hi = bounds[b + 1];
            if (v > hi || inclusive && v == hi) {
                covered += 1;
            } else if (v > lo && hi > lo) {
                covered += (v - lo) / (hi - lo);
                break;
            } else {
                break;
            }
        }
        return covered / n;
    }

    /** Comma-separated bounds, as stored in GMS. */
    public String encode() {
        StringJoiner j = new StringJoiner(",");
        for (double b : bounds) {
            j.add(String.format(Locale.ROOT, "%s", b));
        }
        return j.toString();
    }

    /** Parses {@link #encode()}'s text; null for null or empty text. */
    public static Histogram decode(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return new Histogram(Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(bounds, h.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return "Histogram[" + encode() + "]";
    }
}
