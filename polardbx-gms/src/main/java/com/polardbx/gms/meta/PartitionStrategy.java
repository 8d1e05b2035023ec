package com.polardbx.gms.meta;

/** The partition function families of {@code PARTITION BY}. */
public enum PartitionStrategy {
    HASH, KEY, RANGE, RANGE_COLUMNS, LIST, LIST_COLUMNS
}
