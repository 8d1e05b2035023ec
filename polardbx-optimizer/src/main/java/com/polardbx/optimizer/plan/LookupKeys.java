package com.polardbx.optimizer.plan;

import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.rel.LogicalView;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The key a lookup join sends to the DNs: an equi-join key pair whose right (inner) side is the single-column
 * partition key of the right view's partitioned table, both sides integers. Integers only, because then the DN's
 * {@code key IN (...)} and the CN's equality agree exactly and the partition router routes the key like the stored
 * rows (string keys would need the column's collation in both; not done yet).
 *
 * @param joinKey   the index of this pair among the join's equi keys
 * @param leftKey   the left (outer) input field
 * @param rightKey  the right view's output field holding the partition key
 * @param tableColumn the partition key's position among the table's columns (for the partition pruner)
 */
public record LookupKeys(int joinKey, int leftKey, int rightKey, int tableColumn) {
    /** The outer side must be estimated at most this many rows (by table statistics). */
    public static final double MAX_OUTER_ROWS = 1_000;

    private static final List<SqlTypeName> INTEGERS = List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT,
        SqlTypeName.INTEGER, SqlTypeName.BIGINT);

    /** The lookup key of an INNER/LEFT join over a partitioned right view, or null when there is none. */
    public static LookupKeys of(LogicalJoin join) {
        if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT
            || !(join.getRight() instanceof LogicalView view) || view.table().kind() != TableKind.PARTITIONED
            || view.table().partitionInfo().columns().size() != 1) {
            return null;
        }
        TableMeta table = view.table();
        int partitionColumn = columnIndex(table, table.partitionInfo().columns().get(0));
        JoinInfo info = join.analyzeCondition();
        RelMetadataQuery mq = join.getCluster().getMetadataQuery();
        for (int i = 0; i < info.rightKeys.size(); i++) {
            int left = info.leftKeys.get(i);
            int right = info.rightKeys.get(i);
            if (!isInteger(join.getLeft().getRowType().getFieldList().get(left).getType())
                || !isInteger(view.getRowType().getFieldList().get(right).getType())) {
                continue;
            }
            RelColumnOrigin origin = mq.getColumnOrigin(view.pushed(), right);
            if (origin != null && !origin.isDerived() && origin.getOriginColumnOrdinal() == partitionColumn
                && names(origin, table)) {
                return new LookupKeys(i, left, right, partitionColumn);
            }
        }
        return null;
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

    private static boolean isInteger(RelDataType type) {
        return INTEGERS.contains(type.getSqlTypeName());
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
