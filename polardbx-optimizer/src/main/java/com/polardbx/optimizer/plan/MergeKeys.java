package com.polardbx.optimizer.plan;

import java.util.List;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The join keys of a sort-merge join in the order both inputs are sorted on them: key {@code i} is left field
 * {@code left[i]} and right field {@code right[i]}, sorted ascending when {@code ascending[i]}.
 */
public record MergeKeys(int[] left, int[] right, boolean[] ascending) {
    /**
     * The merge keys when both inputs arrive sorted alike on all equi-join keys (same key order, direction and NULL
     * placement) and each key pair has types that compare alike on both sides; otherwise {@code null}.
     */
    public static MergeKeys of(LogicalJoin join) {
        JoinInfo info = join.analyzeCondition();
        int[] leftKeys = info.leftKeys.toIntArray();
        int[] rightKeys = info.rightKeys.toIntArray();
        RelCollation leftOrder = InputOrder.of(join.getLeft());
        RelCollation rightOrder = InputOrder.of(join.getRight());
        int[] leftAt = InputOrder.coveringPrefix(leftOrder, leftKeys);
        int[] rightAt = InputOrder.coveringPrefix(rightOrder, rightKeys);
        if (leftAt == null || rightAt == null) {
            return null;
        }
        int n = leftKeys.length;
        int[] left = new int[n];
        int[] right = new int[n];
        boolean[] ascending = new boolean[n];
        for (int i = 0; i < n; i++) {
            RelFieldCollation l = leftOrder.getFieldCollations().get(i);
            RelFieldCollation r = rightOrder.getFieldCollations().get(i);
            if (leftAt[i] != rightAt[i] || l.direction != r.direction || l.nullDirection != r.nullDirection) {
                return null;
            }
            left[i] = leftKeys[leftAt[i]];
            right[i] = rightKeys[rightAt[i]];
            ascending[i] = !l.direction.isDescending();
            if (!compareAlike(join.getLeft().getRowType().getFieldList().get(left[i]).getType(),
                join.getRight().getRowType().getFieldList().get(right[i]).getType())) {
                return null;
            }
        }
        return new MergeKeys(left, right, ascending);
    }

    /** Integers of any width compare alike; other types must be equal, strings in the same collation. */
    private static boolean compareAlike(RelDataType a, RelDataType b) {
        List<SqlTypeName> integers = List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER,
            SqlTypeName.BIGINT);
        if (integers.contains(a.getSqlTypeName()) && integers.contains(b.getSqlTypeName())) {
            return true;
        }
        if (SqlTypeUtil.inCharFamily(a) || SqlTypeUtil.inCharFamily(b)) {
            return SqlTypeUtil.inCharFamily(a) && SqlTypeUtil.inCharFamily(b) && a.getCollation() != null
                && a.getCollation().equals(b.getCollation());
        }
        return a.getSqlTypeName() == b.getSqlTypeName() && a.getFamily() != SqlTypeFamily.ANY
            && a.getPrecision() == b.getPrecision() && a.getScale() == b.getScale();
    }
}
