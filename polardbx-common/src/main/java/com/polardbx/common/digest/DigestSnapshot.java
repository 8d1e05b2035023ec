package com.polardbx.common.digest;

/**
 * The totals of one (schema, digest) row of the digest table at one moment, as a CN publishes them for the other
 * CNs of the cluster. Every field merges: counts and sums add, minimum and maximum keep theirs, and the latency
 * histograms (fixed buckets, the same on every CN) add bucket by bucket, so quantiles of the merged row are exact
 * to a bucket. {@code schema} and {@code digest} are null in the row of digests that found no room. Immutable.
 */
public record DigestSnapshot(String schema, String digest, String digestText, long count, long sumNanos,
                             long minNanos, long maxNanos, long errors, long warnings, long rowsAffected,
                             long rowsSent, long rowsExamined, long firstSeenMillis, long lastSeenMillis,
                             long[] buckets, String sampleText, long sampleSeenMillis, long sampleNanos) {

    /**
     * This row and another of the same (schema, digest) as one. The slower sample statement wins, the later one
     * when they took as long (each CN has already let samples older than the sample age be replaced).
     */
    public DigestSnapshot merge(DigestSnapshot o) {
        long[] sum = buckets.clone();
        for (int i = 0; i < Math.min(sum.length, o.buckets.length); i++) {
            sum[i] += o.buckets[i];
        }
        boolean theirs = o.sampleText != null && (sampleText == null || o.sampleNanos > sampleNanos
            || o.sampleNanos == sampleNanos && o.sampleSeenMillis > sampleSeenMillis);
        return new DigestSnapshot(schema, digest, digestText != null ? digestText : o.digestText, count + o.count,
            sumNanos + o.sumNanos, Math.min(minNanos, o.minNanos), Math.max(maxNanos, o.maxNanos),
            errors + o.errors, warnings + o.warnings, rowsAffected + o.rowsAffected, rowsSent + o.rowsSent,
            rowsExamined + o.rowsExamined, Math.min(firstSeenMillis, o.firstSeenMillis),
            Math.max(lastSeenMillis, o.lastSeenMillis), sum, theirs ? o.sampleText : sampleText,
            theirs ? o.sampleSeenMillis : sampleSeenMillis, theirs ? o.sampleNanos : sampleNanos);
    }

    /** The histogram as text for storage: {@code index:count} pairs of the non-empty buckets, comma separated. */
    public String bucketsText() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] != 0) {
                s.append(s.length() == 0 ? "" : ",").append(i).append(':').append(buckets[i]);
            }
        }
        return s.toString();
    }

    /** The histogram back from {@link #bucketsText()}. */
    public static long[] parseBuckets(String text, int size) {
        long[] out = new long[size];
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            int i = Integer.parseInt(pair.substring(0, colon));
            if (i < size) {
                out[i] = Long.parseLong(pair.substring(colon + 1));
            }
        }
        return out;
    }
}
