package com.polardbx.gms.stats;

/**
 * Statistics of one column of a logical table.
 *
 * @param ndv estimated number of distinct non-null values
 * @param nullCount number of NULLs
 * @param min smallest value as the DN printed it (null when the column holds only NULLs)
 * @param max largest value as the DN printed it
 * @param histogram equi-height histogram of the sampled values; null for types without a numeric order (strings)
 */
public record ColumnStatistics(String column, double ndv, double nullCount, String min, String max,
                               Histogram histogram) {
}
