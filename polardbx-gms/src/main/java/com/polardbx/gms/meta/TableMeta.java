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
 * @param foreignKeys the table's foreign keys (it is their child), in the order they were defined
 */
public record TableMeta(String schema, String name, TableKind kind, List<ColumnDef> columns, List<IndexDef> indexes,
                        PartitionInfo partitionInfo, long tableGroupId, String createSql, long version,
                        List<ForeignKeyDef> foreignKeys) {

    /** A table without foreign keys. */
    public TableMeta(String schema, String name, TableKind kind, List<ColumnDef> columns, List<IndexDef> indexes,
                     PartitionInfo partitionInfo, long tableGroupId, String createSql, long version) {
        this(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, createSql, version, List.of());
    }

    /** The same table with other foreign keys. */
    public TableMeta withForeignKeys(List<ForeignKeyDef> keys) {
        return new TableMeta(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, createSql, version,
            List.copyOf(keys));
    }

    /** The same table with another {@code SHOW CREATE TABLE} text. */
    public TableMeta withCreateSql(String sql) {
        return new TableMeta(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, sql, version,
            foreignKeys);
    }

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
