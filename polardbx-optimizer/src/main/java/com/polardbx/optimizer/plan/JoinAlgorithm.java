package com.polardbx.optimizer.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;

/**
 * The algorithm the CN uses for a join that could not be pushed to the DNs, chosen by one rule per algorithm, in
 * this order:
 * <ol>
 *   <li>{@link #NESTED_LOOP}: no equality between the inputs (theta and cross joins), SEMI/ANTI (those the
 *       optimizer did not rewrite into INNER/LEFT joins), or a null-safe key ({@code IS NOT DISTINCT FROM}, as
 *       decorrelated subqueries join on): the keyed algorithms never match NULL keys;</li>
 *   <li>{@link #LOOKUP}: INNER/LEFT whose right input is a view over a partitioned table joined on its partition key
 *       (integer, string, DATE or DATETIME keys that compare alike on the DN and the CN, {@link LookupKeys}) and
 *       whose left input is a LIMIT or the statistics estimate at most {@link LookupKeys#MAX_OUTER_ROWS} rows, or an
 *       INNER join the other way round (small right input, left view; the sides are swapped): the outer rows are
 *       read in batches and each batch asks only the owning shards for {@code key IN (...)}, so the inner table is
 *       never scanned whole; joined instead on the column of a global index of the view's table, when the cost model
 *       says so, each batch finds its primary keys in the index first and asks only their shards;</li>
 *   <li>{@link #SORT_MERGE}: INNER/LEFT when both inputs arrive sorted alike on all equi-join keys
 *       ({@link MergeKeys}), e.g. both are merged DN-sorted streams or sorted subqueries: no hash table, and the
 *       output keeps the left order;</li>
 *   <li>{@link #HASH}: everything else.</li>
 * </ol>
 */
public enum JoinAlgorithm {
    NESTED_LOOP,
    LOOKUP,
    SORT_MERGE,
    HASH;

    public static JoinAlgorithm choose(LogicalJoin join) {
        JoinInfo info = join.analyzeCondition();
        if (info.leftKeys.isEmpty() || join.getJoinType() == JoinRelType.SEMI
            || join.getJoinType() == JoinRelType.ANTI || hasNullSafeKey(join)) {
            return NESTED_LOOP;
        }
        if (LookupKeys.choose(join) != null) {
            return LOOKUP;
        }
        if (MergeKeys.of(join) != null) {
            return SORT_MERGE;
        }
        return HASH;
    }

    /** Whether an equi-join key of the condition is null-safe ({@code IS NOT DISTINCT FROM}, {@code <=>}). */
    static boolean hasNullSafeKey(LogicalJoin join) {
        List<Integer> leftKeys = new ArrayList<>();
        List<Integer> rightKeys = new ArrayList<>();
        List<Boolean> filterNulls = new ArrayList<>();
        RelOptUtil.splitJoinCondition(join.getLeft(), join.getRight(), join.getCondition(), leftKeys, rightKeys,
            filterNulls, new ArrayList<>());
        return filterNulls.contains(Boolean.FALSE);
    }
}
