package com.polardbx.executor.operator;

/**
 * Where an aggregate sits in a two-phase plan. SINGLE computes the final value from raw rows. PARTIAL computes
 * mergeable partial state from raw rows (AVG emits two columns: sum, count). FINAL merges partial state, e.g. rows
 * produced by DN shards running the pushed-down partial aggregation: COUNT sums counts, AVG takes (sum, count)
 * channels and divides.
 */
public enum AggregateMode {
    SINGLE, PARTIAL, FINAL
}
