package com.polardbx.gms.meta;

import java.util.List;
import java.util.Optional;

/**
 * A logical table: its columns, indexes and placement.
 *
 * <p>For BROADCAST tables {@link #partitionInfo()} lists one "partition" per DN (all hold the full copy); for SINGLE
 * tables exactly one. This keeps every table's physical locations in one place.
 *
 * @param createSql the logical {@code CREATE TABLE} statement shown by {@code SHOW CREATE TABLE}
 * @param version incremented by every DDL on the table
 */
public record TableMeta(String schema, String name, TableKind kind, List<ColumnDef> columns, List<IndexDef> indexes,
                        PartitionInfo partitionInfo, long tableGroupId, String createSql, long version) {

    public Optional<ColumnDef> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    public List<PartitionDef> partitions() {
        return partitionInfo.partitions();
    }

    public Optional<IndexDef> primaryKey() {
        return indexes.stream().filter(IndexDef::isPrimary).findFirst();
    }
}
