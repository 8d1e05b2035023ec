package com.polardbx.gms.meta;

/**
 * One partition of a logical table and where it lives.
 *
 * @param position 0-based position in partition order
 * @param bound for RANGE: the {@code VALUES LESS THAN} values (e.g. {@code 100} or {@code 10,'a'} or
 *              {@code MAXVALUE}); for LIST: the {@code VALUES IN} list (e.g. {@code 1,2,3} or {@code (1,'a'),(2,'b')});
 *              {@code null} for HASH/KEY
 */
public record PartitionDef(String name, int position, String dnId, String physicalDb, String physicalTable,
                           String bound) {
}
