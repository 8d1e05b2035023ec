package com.polardbx.gms.meta;

/** How a logical table's rows are placed on the data nodes. */
public enum TableKind {
    /** Rows spread over partitions, one physical table per partition. */
    PARTITIONED,
    /** A full copy on every DN, written on all of them atomically. */
    BROADCAST,
    /** One physical table on one DN. */
    SINGLE
}
