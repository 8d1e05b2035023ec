package com.polardbx.server.handler;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.type.MysqlType;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.planner.ColumnSources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Result metadata of a planned query as MySQL sends it: a column copied from a table names its logical schema,
 * table and column and carries the column's key flags; NOT NULL follows the query (a LEFT JOIN's right side may be
 * NULL); the column's table is the alias the query reads it through, as MariaDB names it. A computed column gets
 * the length MariaDB gives it ({@link #widths}).
 */
final class SourcedColumns {
    private static final int NOT_NULL = 1;
    private static final int PRI_KEY = 2;
    private static final int UNIQUE_KEY = 4;
    private static final int MULTIPLE_KEY = 8;
    private static final int AUTO_INCREMENT = 512;
    private static final int NO_DEFAULT_VALUE = 4096;
    private static final int PART_KEY = 16384;

    private SourcedColumns() {
    }

    /** {@code cursor} with its column metadata completed from {@code sources}; itself when there are none. */
    static RowCursor apply(RowCursor cursor, List<ColumnSources.Source> sources, MetaStore meta) {
        if (sources == null || sources.size() != cursor.columns().size()) {
            return cursor;
        }
        List<ColumnMeta> columns = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            columns.add(complete(cursor.columns().get(i), sources.get(i), meta));
        }
        return withColumns(cursor, columns);
    }

    /**
     * {@code cursor} with each computed column's length (and a string's decimals) as MariaDB derives them from the
     * arguments, where {@code sources} know them; the last touch on the metadata.
     */
    static RowCursor widths(RowCursor cursor, List<ColumnSources.Source> sources) {
        if (sources == null || sources.size() != cursor.columns().size()) {
            return cursor;
        }
        List<ColumnMeta> columns = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ColumnMeta m = cursor.columns().get(i);
            ColumnSources.Source s = sources.get(i);
            if (s.table() != null) {
                columns.add(m);
            } else if (s.type() == MysqlType.NULL) { // MariaDB types a NULL literal NULL, a binary number
                columns.add(new ColumnMeta(m.schema(), m.table(), m.orgTable(), m.name(), m.orgName(),
                    ColumnMeta.CHARSET_BINARY, 0, MysqlType.NULL, (m.flags() & NOT_NULL) | ColumnMeta.BINARY_FLAG
                    | ColumnMeta.NUM_FLAG, 0));
            } else {
                columns.add(new ColumnMeta(m.schema(), m.table(), m.orgTable(), m.name(), m.orgName(), m.charset(),
                    s.length() >= 0 ? s.length() : m.length(), s.type() != null ? s.type() : m.type(), m.flags(),
                    s.decimals() >= 0 ? s.decimals() : m.decimals()));
            }
        }
        return withColumns(cursor, columns);
    }

    private static RowCursor withColumns(RowCursor cursor, List<ColumnMeta> columns) {
        return cursor.withColumns(columns);
    }

    private static ColumnMeta complete(ColumnMeta m, ColumnSources.Source source, MetaStore meta) {
        if (source.table() == null) {
            // an expression: MariaDB names no table or column for it (the DN's names would be of the CN's rewrite)
            int flags = source.nullable() ? m.flags() & ~NOT_NULL : m.flags() | NOT_NULL;
            return new ColumnMeta("", "", "", m.name(), "", m.charset(), m.length(), m.type(), flags, m.decimals());
        }
        Optional<TableMeta> table = meta.table(source.schema(), source.table());
        Optional<ColumnDef> column = table.flatMap(t -> t.column(source.column()));
        if (column.isEmpty()) {
            return m;
        }
        int keyFlags = PRI_KEY | UNIQUE_KEY | MULTIPLE_KEY | AUTO_INCREMENT | NO_DEFAULT_VALUE | PART_KEY | NOT_NULL;
        int flags = (m.flags() & ~keyFlags) | flags(table.get(), column.get(), source.nullable());
        String tableName = source.alias() != null ? source.alias() : table.get().name();
        return new ColumnMeta(table.get().schema(), tableName, table.get().name(), m.name(),
            column.get().name(), m.charset(), m.length(), m.type(), flags, m.decimals());
    }

    private static int flags(TableMeta table, ColumnDef column, boolean nullableHere) {
        int flags = 0;
        if (!column.nullable() && !nullableHere) {
            flags |= NOT_NULL;
        }
        if (column.autoIncrement()) {
            flags |= AUTO_INCREMENT;
        } else if (!column.nullable() && column.defaultValue() == null) {
            flags |= NO_DEFAULT_VALUE;
        }
        for (IndexDef index : table.indexes()) {
            int at = indexOf(index.columns(), column.name());
            if (at < 0) {
                continue;
            }
            flags |= PART_KEY;
            if (index.isPrimary()) {
                flags |= PRI_KEY;
            } else if (index.unique() && index.columns().size() == 1) {
                flags |= UNIQUE_KEY;
            } else if (at == 0) {
                flags |= MULTIPLE_KEY;
            }
        }
        return flags | globalIndexFlags(table, column.name());
    }

    /**
     * The key flags the table's public global indexes give a column: each is the key MariaDB would have for the same
     * definition (the DNs' physical tables do not have it, so their column definitions lack these flags).
     */
    static int globalIndexFlags(TableMeta table, String column) {
        int flags = 0;
        for (com.polardbx.gms.meta.GlobalIndexMeta g : table.globalIndexes()) {
            int at = g.state() == com.polardbx.gms.meta.IndexState.PUBLIC ? indexOf(g.columns(), column) : -1;
            if (at < 0) {
                continue;
            }
            flags |= PART_KEY;
            if (g.unique() && g.columns().size() == 1) {
                flags |= UNIQUE_KEY;
            } else if (at == 0) {
                flags |= MULTIPLE_KEY;
            }
        }
        return flags;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
