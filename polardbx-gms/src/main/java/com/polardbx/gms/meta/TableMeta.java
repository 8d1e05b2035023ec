package com.polardbx.gms.meta;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A logical table: its columns, indexes and placement.
 *
 * <p>For BROADCAST tables {@link #partitionInfo()} lists one "partition" per DN (all hold the full copy); for SINGLE
 * tables exactly one. This keeps every table's physical locations in one place.
 *
 * @param createSql the logical {@code CREATE TABLE} statement shown by {@code SHOW CREATE TABLE}
 * @param version incremented by every DDL on the table
 * @param foreignKeys the table's foreign keys (it is their child), in the order they were defined
 * @param globalIndexes the table's global secondary indexes in every state (empty for most tables)
 */
public record TableMeta(String schema, String name, TableKind kind, List<ColumnDef> columns, List<IndexDef> indexes,
                        PartitionInfo partitionInfo, long tableGroupId, String createSql, long version,
                        List<ForeignKeyDef> foreignKeys, List<GlobalIndexMeta> globalIndexes) {

    /** A table without foreign keys or global indexes. */
    public TableMeta(String schema, String name, TableKind kind, List<ColumnDef> columns, List<IndexDef> indexes,
                     PartitionInfo partitionInfo, long tableGroupId, String createSql, long version) {
        this(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, createSql, version, List.of(),
            List.of());
    }

    /** A table without global indexes. */
    public TableMeta(String schema, String name, TableKind kind, List<ColumnDef> columns, List<IndexDef> indexes,
                     PartitionInfo partitionInfo, long tableGroupId, String createSql, long version,
                     List<ForeignKeyDef> foreignKeys) {
        this(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, createSql, version, foreignKeys,
            List.of());
    }

    /** The same table with other foreign keys. */
    public TableMeta withForeignKeys(List<ForeignKeyDef> keys) {
        return new TableMeta(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, createSql, version,
            List.copyOf(keys), globalIndexes);
    }

    /** The same table with another {@code SHOW CREATE TABLE} text. */
    public TableMeta withCreateSql(String sql) {
        return new TableMeta(schema, name, kind, columns, indexes, partitionInfo, tableGroupId, sql, version,
            foreignKeys, globalIndexes);
    }

    /** The same table with other global indexes. */
    public TableMeta withGlobalIndexes(List<GlobalIndexMeta> indexes) {
        return new TableMeta(schema, name, kind, columns, this.indexes, partitionInfo, tableGroupId, createSql,
            version, foreignKeys, List.copyOf(indexes));
    }

    /** The same table under another name (its physical tables stay). */
    public TableMeta withName(String newName) {
        return new TableMeta(schema, newName, kind, columns, indexes, partitionInfo, tableGroupId, createSql,
            version, foreignKeys, globalIndexes);
    }

    public Optional<GlobalIndexMeta> globalIndex(String indexName) {
        return globalIndexes.stream().filter(g -> g.name().equalsIgnoreCase(indexName)).findFirst();
    }

    /** The global indexes a writer must maintain (every state deletes; {@link IndexState#writes()} inserts). */
    public List<GlobalIndexMeta> maintainedIndexes(Predicate<IndexState> which) {
        return globalIndexes.stream().filter(g -> which.test(g.state())).toList();
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
