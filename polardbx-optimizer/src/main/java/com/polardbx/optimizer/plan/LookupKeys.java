package com.polardbx.optimizer.plan;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.route.AccessCost;
import com.polardbx.optimizer.route.AccessPathChooser;
import com.polardbx.gms.stats.ColumnStatistics;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.ImmutableIntList;

/**
 * The key a lookup join sends to the DNs: an equi-join key pair one side of which is the single-column partition key
 * of a view over a partitioned table (the inner side, looked up), the other side the small outer input. The pair must
 * compare alike on the DN ({@code key IN (...)} in the column's type and collation) and on the CN (the batch's hash
 * join), and each value must route like the stored rows: both integers; both DATE; both DATETIME of one precision; or
 * both CHAR/VARCHAR columns of one collation, {@code utf8mb4_general_ci} or {@code utf8mb4_bin} (the collations the
 * CN reproduces), the outer one a plain table column so that its collation is known.
 *
 * @param joinKey    the index of this pair among the join's equi keys
 * @param outerKey   the outer input's field
 * @param viewKey    the view's output field holding the partition key
 * <p>Joined on a column of the inner table that is not its partition key, the inner rows can still be looked up
 * through a PUBLIC global index on exactly that column when the table is partitioned by its one-column primary key
 * and the cost model finds the lookups ({@link AccessCost#lookup}, one per batch: the keys in the index, then the
 * rows by primary key) cheaper than reading the view whole for a hash join ({@link #throughIndex}).
 *
 * @param joinKey    the index of this pair among the join's equi keys
 * @param outerKey   the outer input's field
 * @param viewKey    the view's output field holding the partition key (or the indexed column)
 * @param tableColumn the partition key's position among the table's columns (for the partition pruner)
 * @param swapped    the view is the join's left input (an INNER join whose small side is on the right)
 * @param index      the global index the keys are looked up in first, or null (the key is the partition key)
 */
public record LookupKeys(int joinKey, int outerKey, int viewKey, int tableColumn, boolean swapped,
                         GlobalIndexMeta index) {
    /** The outer side must be estimated at most this many rows (by table statistics). */
    public static final double MAX_OUTER_ROWS = 1_000;

    private static final List<SqlTypeName> INTEGERS = List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT,
        SqlTypeName.INTEGER, SqlTypeName.BIGINT);
    private static final List<String> CN_COLLATIONS = List.of("utf8mb4_general_ci", "utf8mb4_bin");

    /**
     * The lookup key of a join the CN can run as a lookup join, or null: a LEFT/INNER join looking up its right view
     * from its small left input, else an INNER join looking up its left view from its small right input.
     */
    public static LookupKeys choose(LogicalJoin join) {
        if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
            return null;
        }
        JoinInfo info = join.analyzeCondition();
        LookupKeys right = find(join.getLeft(), info.leftKeys, join.getRight(), info.rightKeys, false);
        if (right != null && outerIsSmall(join.getLeft())) {
            return right;
        }
        if (join.getJoinType() != JoinRelType.INNER) {
            return null;
        }
        LookupKeys left = find(join.getRight(), info.rightKeys, join.getLeft(), info.leftKeys, true);
        return left != null && outerIsSmall(join.getRight()) ? left : null;
    }

    private static LookupKeys find(RelNode outer, ImmutableIntList outerKeys, RelNode inner,
                                   ImmutableIntList innerKeys, boolean swapped) {
        if (!(inner instanceof LogicalView view) || view.table().kind() != TableKind.PARTITIONED
            || view.table().partitionInfo().columns().size() != 1) {
            return null;
        }
        TableMeta table = view.table();
        int partitionColumn = columnIndex(table, table.partitionInfo().columns().get(0));
        RelMetadataQuery mq = view.getCluster().getMetadataQuery();
        for (int i = 0; i < innerKeys.size(); i++) {
            int o = outerKeys.get(i);
            int v = innerKeys.get(i);
            RelColumnOrigin origin = mq.getColumnOrigin(view.pushed(), v);
            if (origin != null && !origin.isDerived() && origin.getOriginColumnOrdinal() == partitionColumn
                && names(origin, table) && compareAlike(outer, o, view, v, table.columns().get(partitionColumn),
                mq)) {
                return new LookupKeys(i, o, v, partitionColumn, swapped, null);
            }
        }
        for (int i = 0; i < innerKeys.size(); i++) {
            int o = outerKeys.get(i);
            int v = innerKeys.get(i);
            RelColumnOrigin origin = mq.getColumnOrigin(view.pushed(), v);
            if (origin == null || origin.isDerived() || !names(origin, table)) {
                continue;
            }
            ColumnDef column = table.columns().get(origin.getOriginColumnOrdinal());
            GlobalIndexMeta index = indexOn(table, column);
            if (index != null && compareAlike(outer, o, view, v, column, mq) && !isTemporal(view, v)
                && throughIndex(outer, view, origin, index, mq)) {
                return new LookupKeys(i, o, v, partitionColumn, swapped, index);
            }
        }
        return null;
    }

    /**
     * The PUBLIC global index on exactly {@code column} (partitioned by it) of a table partitioned by its one-column
     * primary key, so that the index rows' primary keys route the primary's reads; null when there is none.
     */
    private static GlobalIndexMeta indexOn(TableMeta table, ColumnDef column) {
        List<String> pk = table.primaryKey().map(IndexDef::columns).orElse(List.of());
        if (pk.size() != 1 || !pk.get(0).equalsIgnoreCase(table.partitionInfo().columns().get(0))
            || !table.column(pk.get(0)).map(c -> isCharColumn(c) || isIntegerColumn(c)).orElse(false)) {
            return null; // the keys found are written back as integer or string literals
        }
        for (GlobalIndexMeta g : table.globalIndexes()) {
            List<String> by = g.table().partitionInfo().columns();
            if (g.state().readable() && g.columns().size() == 1 && g.columns().get(0).equalsIgnoreCase(column.name())
                && by.size() == 1 && by.get(0).equalsIgnoreCase(column.name())) {
                return g;
            }
        }
        return null;
    }

    private static boolean isIntegerColumn(ColumnDef column) {
        String type = column.sqlType().toLowerCase(Locale.ROOT).strip();
        return type.startsWith("tinyint") || type.startsWith("smallint") || type.startsWith("mediumint")
            || type.startsWith("int") || type.startsWith("bigint");
    }

    /** DATE/DATETIME keys are left to the hash join: the index lookup writes them as text. */
    private static boolean isTemporal(LogicalView view, int field) {
        SqlTypeName type = view.getRowType().getFieldList().get(field).getType().getSqlTypeName();
        return type == SqlTypeName.DATE || type == SqlTypeName.TIMESTAMP;
    }

    /**
     * Whether looking the outer keys up through the index (one batch per {@link #MAX_OUTER_ROWS} outer rows) costs
     * less than reading the view on all its shards once for a hash join. Rows per key: 1 for a unique index, else the
     * table's rows over the column's NDV from ANALYZE TABLE, or the chooser's guess.
     */
    private static boolean throughIndex(RelNode outer, LogicalView view, RelColumnOrigin origin, GlobalIndexMeta index,
                                        RelMetadataQuery mq) {
        Double outerEstimate = mq.getRowCount(outer);
        Double viewEstimate = mq.getRowCount(view.pushed());
        double keys = Math.max(1, Math.min(MAX_OUTER_ROWS, outerEstimate == null ? MAX_OUTER_ROWS : outerEstimate));
        double viewRows = viewEstimate == null ? 0 : viewEstimate;
        double tableRows = origin.getOriginTable().getRowCount();
        double perKey = 1;
        if (!index.unique()) {
            CatalogTable catalog = origin.getOriginTable().unwrap(CatalogTable.class);
            ColumnStatistics stats = catalog == null ? null : catalog.columnStatistics(origin.getOriginColumnOrdinal());
            perKey = stats != null && stats.ndv() > 0 ? tableRows / stats.ndv()
                : Math.min(tableRows, AccessPathChooser.GUESSED_ROWS_PER_KEY);
        }
        double found = Math.min(tableRows, keys * Math.max(1, perKey));
        int indexShards = index.table().partitions().size();
        AccessCost lookup = AccessCost.lookup(AccessCost.expectedShards(indexShards, keys), found,
            view.partitions().size());
        AccessCost scan = AccessCost.scan(view.partitions().size(), viewRows, viewRows);
        return lookup.total() < scan.total();
    }

    /** Whether the DN's {@code IN} on the view column and the CN's equality with the outer field agree. */
    private static boolean compareAlike(RelNode outer, int outerField, LogicalView view, int viewField,
                                        ColumnDef partitionColumn, RelMetadataQuery mq) {
        RelDataType a = outer.getRowType().getFieldList().get(outerField).getType();
        RelDataType b = view.getRowType().getFieldList().get(viewField).getType();
        if (INTEGERS.contains(a.getSqlTypeName()) && INTEGERS.contains(b.getSqlTypeName())) {
            return true;
        }
        if (a.getSqlTypeName() == SqlTypeName.DATE && b.getSqlTypeName() == SqlTypeName.DATE) {
            return true;
        }
        if (a.getSqlTypeName() == SqlTypeName.TIMESTAMP && b.getSqlTypeName() == SqlTypeName.TIMESTAMP) {
            return a.getPrecision() == b.getPrecision();
        }
        if (!SqlTypeUtil.inCharFamily(a) || !SqlTypeUtil.inCharFamily(b) || !isCharColumn(partitionColumn)
            || partitionColumn.collation() == null
            || !CN_COLLATIONS.contains(partitionColumn.collation().toLowerCase(Locale.ROOT))) {
            return false;
        }
        ColumnDef outerColumn = originColumn(outer, outerField, mq);
        return outerColumn != null && isCharColumn(outerColumn)
            && partitionColumn.collation().equalsIgnoreCase(outerColumn.collation());
    }

    /** CHAR/VARCHAR only: ENUM, SET and TEXT compare differently or cannot be partition keys. */
    private static boolean isCharColumn(ColumnDef column) {
        String type = column.sqlType().toLowerCase(Locale.ROOT).strip();
        return type.startsWith("char") || type.startsWith("varchar");
    }

    /** The table column an outer field reads unchanged, or null (expressions, unknown tables). */
    private static ColumnDef originColumn(RelNode outer, int field, RelMetadataQuery mq) {
        RelNode node = outer;
        int at = field;
        // CN sorts, filters and plain projections above the view pass the column on unchanged
        while (!(node instanceof LogicalView)) {
            if (node instanceof Sort || node instanceof Filter) {
                node = node.getInput(0);
            } else if (node instanceof Project project && project.getProjects().get(at) instanceof RexInputRef ref) {
                at = ref.getIndex();
                node = project.getInput();
            } else {
                return null;
            }
        }
        RelColumnOrigin origin = mq.getColumnOrigin(((LogicalView) node).pushed(), at);
        if (origin == null || origin.isDerived()) {
            return null;
        }
        CatalogTable table = origin.getOriginTable().unwrap(CatalogTable.class);
        if (table == null) {
            return null;
        }
        List<ColumnDef> columns = table.meta().columns();
        int ordinal = origin.getOriginColumnOrdinal();
        return ordinal < columns.size() ? columns.get(ordinal) : null;
    }

    /**
     * Whether the outer side is small enough to look up: a LIMIT of at most {@link #MAX_OUTER_ROWS} rows, or a view
     * whose pushed query the table statistics estimate at most that many rows, possibly under single-input
     * operators (filters, projections, sorts, aggregates), which never add rows.
     */
    public static boolean outerIsSmall(RelNode outer) {
        RelNode node = outer;
        while (!(node instanceof LogicalView) && node.getInputs().size() == 1) {
            if (node instanceof Sort sort && sort.fetch instanceof RexLiteral fetch
                && RexLiteral.intValue(fetch) + (sort.offset instanceof RexLiteral o ? RexLiteral.intValue(o) : 0)
                <= MAX_OUTER_ROWS) {
                return true;
            }
            node = node.getInput(0);
        }
        if (!(node instanceof LogicalView view)) {
            return false;
        }
        Double rows = view.getCluster().getMetadataQuery().getRowCount(view.pushed());
        return rows != null && rows <= MAX_OUTER_ROWS;
    }

    private static boolean names(RelColumnOrigin origin, TableMeta table) {
        List<String> name = origin.getOriginTable().getQualifiedName();
        return name.get(name.size() - 1).equalsIgnoreCase(table.name())
            && (name.size() < 2 || name.get(name.size() - 2).equalsIgnoreCase(table.schema()));
    }

    private static int columnIndex(TableMeta table, String column) {
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }
}
