package com.polardbx.optimizer.planner;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.rel.LogicalView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Pushes a join of two {@link LogicalView}s into one view when every shard can compute its part of the join from its
 * own data, so that the DNs run the join and only its result travels to the CN:
 * <ul>
 *   <li>the right side is broadcast (a full copy on every DN): INNER, LEFT, SEMI and ANTI joins;</li>
 *   <li>the left side is broadcast: INNER joins;</li>
 *   <li>both sides are partitioned tables of one table group (same function, partition count, bounds and key types)
 *       and the join equates their partition keys column for column: INNER, LEFT, SEMI and ANTI joins, shard {@code i} joining
 *       the two partitions {@code i};</li>
 *   <li>both sides are single tables on the same DN.</li>
 * </ul>
 * A view's column carries the partition key when its only origin, underived, is a partition column of a partitioned
 * table of the view's table group: then each shard holds exactly the rows whose key hashes to that shard. String keys
 * are left out (collation-equal strings need not hash alike).
 */
final class JoinPushdown {
    private JoinPushdown() {
    }

    /** The join as one view over both sides' tables, or null when the shards can't compute it alone. */
    static LogicalView push(Join join, LogicalView left, LogicalView right) {
        if (!left.collation().getFieldCollations().isEmpty() || !right.collation().getFieldCollations().isEmpty()
            || RexUtil.SubQueryFinder.containsSubQuery(join)) {
            return null;
        }
        JoinRelType type = join.getJoinType();
        if (type != JoinRelType.INNER && type != JoinRelType.LEFT && type != JoinRelType.SEMI
            && type != JoinRelType.ANTI) {
            return null;
        }
        TableKind l = left.table().kind();
        TableKind r = right.table().kind();
        LogicalView primary;
        List<PartitionDef> partitions;
        if (r == TableKind.BROADCAST) {
            primary = left;
            partitions = left.partitions();
        } else if (l == TableKind.BROADCAST && type == JoinRelType.INNER) {
            primary = right;
            partitions = right.partitions();
        } else if (l == TableKind.SINGLE && r == TableKind.SINGLE) {
            if (!left.partitions().get(0).dnId().equals(right.partitions().get(0).dnId())) {
                return null;
            }
            primary = left;
            partitions = left.partitions();
        } else if (l == TableKind.PARTITIONED && r == TableKind.PARTITIONED
            && left.table().tableGroupId() == right.table().tableGroupId() && joinsOnPartitionKeys(join, left, right)) {
            primary = left;
            // the SQL of each side keeps its filters, so reading more shards than the pruned ones is still correct
            partitions = type == JoinRelType.INNER ? intersection(left, right) : left.partitions();
        } else {
            return null;
        }
        LogicalView other = primary == left ? right : left;
        return new LogicalView(join.getCluster(), join.getTraitSet(), primary.table(),
            LogicalView.union(primary.tables(), other.tables()),
            join.copy(join.getTraitSet(), join.getCondition(), left.pushed(), right.pushed(), type,
                join.isSemiJoinDone()), partitions, null);
    }

    private static List<PartitionDef> intersection(LogicalView left, LogicalView right) {
        List<PartitionDef> out = new ArrayList<>();
        for (PartitionDef p : left.partitions()) {
            if (right.partitions().stream().anyMatch(q -> q.position() == p.position())) {
                out.add(p);
            }
        }
        return out.isEmpty() ? left.partitions() : out;
    }

    private static boolean joinsOnPartitionKeys(Join join, LogicalView left, LogicalView right) {
        List<ImmutableBitSet> leftKeys = partitionKeyColumns(left);
        List<ImmutableBitSet> rightKeys = partitionKeyColumns(right);
        if (leftKeys.isEmpty() || leftKeys.size() != rightKeys.size()) {
            return false;
        }
        JoinInfo info = join.analyzeCondition();
        for (int j = 0; j < leftKeys.size(); j++) {
            boolean equated = false;
            for (int k = 0; k < info.leftKeys.size(); k++) {
                equated |= leftKeys.get(j).get(info.leftKeys.get(k)) && rightKeys.get(j).get(info.rightKeys.get(k));
            }
            if (!equated) {
                return false;
            }
        }
        return true;
    }

    /**
     * For each partition column {@code j} of the view's table group, the output columns of the view that carry it;
     * an empty list when the view is not partitioned or its keys can't be tracked.
     */
    static List<ImmutableBitSet> partitionKeyColumns(LogicalView view) {
        TableMeta primary = view.table();
        if (primary.kind() != TableKind.PARTITIONED) {
            return List.of();
        }
        int keyCount = primary.partitionInfo().columns().size();
        ImmutableBitSet.Builder[] builders = new ImmutableBitSet.Builder[keyCount];
        for (int j = 0; j < keyCount; j++) {
            builders[j] = ImmutableBitSet.builder();
        }
        RelMetadataQuery mq = view.getCluster().getMetadataQuery();
        int fields = view.pushed().getRowType().getFieldCount();
        for (int i = 0; i < fields; i++) {
            int key = keyIndex(mq.getColumnOrigins(view.pushed(), i), primary.tableGroupId());
            if (key >= 0 && key < keyCount) {
                builders[key].set(i);
            }
        }
        List<ImmutableBitSet> out = new ArrayList<>();
        for (ImmutableBitSet.Builder b : builders) {
            out.add(b.build());
        }
        return out;
    }

    /** The partition column position a column's origin is, or -1. */
    private static int keyIndex(Set<RelColumnOrigin> origins, long tableGroup) {
        if (origins == null || origins.size() != 1) {
            return -1;
        }
        RelColumnOrigin origin = origins.iterator().next();
        CatalogTable catalogTable = origin.getOriginTable().unwrap(CatalogTable.class);
        if (origin.isDerived() || catalogTable == null) {
            return -1;
        }
        TableMeta table = catalogTable.meta();
        if (table.kind() != TableKind.PARTITIONED || table.tableGroupId() != tableGroup
            || table.partitionInfo().expression() != null && table.partitionInfo().columns().size() != 1) {
            return -1;
        }
        ColumnDef column = table.columns().get(origin.getOriginColumnOrdinal());
        if (isString(column.sqlType())) {
            return -1;
        }
        List<String> keys = table.partitionInfo().columns();
        for (int j = 0; j < keys.size(); j++) {
            if (keys.get(j).equalsIgnoreCase(column.name())) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isString(String sqlType) {
        String t = sqlType.toLowerCase(Locale.ROOT);
        return t.contains("char") || t.contains("text") || t.startsWith("enum") || t.startsWith("set");
    }
}
