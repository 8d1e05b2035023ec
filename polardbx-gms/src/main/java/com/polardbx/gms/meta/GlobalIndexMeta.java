package com.polardbx.gms.meta;

import java.util.ArrayList;
import java.util.List;

/**
 * A global secondary index: a hidden partitioned table holding, for every row of its primary table, the index
 * columns, the primary key, the primary's partition key and the covering columns, partitioned by the index columns.
 * A query by the index columns reaches one index shard; a UNIQUE index is unique across the whole table because the
 * index table's own unique key lives on the shard its values route to.
 *
 * @param columns  the index key columns, in order
 * @param covering further columns stored in the index (for a CLUSTERED index: every other column)
 * @param table    the index table: its columns, local keys and partitions
 */
public record GlobalIndexMeta(String name, boolean unique, boolean clustered, List<String> columns,
                              List<String> covering, IndexState state, TableMeta table) {

    public GlobalIndexMeta withState(IndexState next) {
        return new GlobalIndexMeta(name, unique, clustered, columns, covering, next, table);
    }

    public GlobalIndexMeta withName(String newName) {
        return new GlobalIndexMeta(newName, unique, clustered, columns, covering, state, table);
    }

    /** Every column the index table stores, in its order. */
    public List<String> storedColumns() {
        List<String> out = new ArrayList<>();
        table.columns().forEach(c -> out.add(c.name()));
        return out;
    }

    /** Whether the index stores the column (so a query reading only such columns need not visit the primary). */
    public boolean stores(String column) {
        return table.column(column).isPresent();
    }
}
