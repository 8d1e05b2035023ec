package com.polardbx.optimizer.route;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Chooses the partitions a filter over a table's columns can touch.
 *
 * <p>Understands conjunctions of {@code col = literal}, {@code col IN (...)} (Calcite's SEARCH/Sarg), OR of those,
 * and ranges on a single-column RANGE/LIST partition key. Anything else keeps all partitions: pruning may be
 * imprecise, never wrong.
 */
public final class PartitionPruner {
    private final PartitionRouter router;

    public PartitionPruner(PartitionRouter router) {
        this.router = router;
    }

    /** The partitions to read; {@code condition} refers to the table's columns by position. */
    public List<PartitionDef> prune(TableMeta table, RexNode condition) {
        List<PartitionDef> all = table.partitions();
        if (table.kind() != TableKind.PARTITIONED || condition == null) {
            return all;
        }
        SortedSet<Integer> selected = select(table, condition);
        if (selected == null) {
            return all;
        }
        List<PartitionDef> out = new ArrayList<>();
        for (PartitionDef p : all) {
            if (selected.contains(p.position())) {
                out.add(p);
            }
        }
        return out;
    }

    /** Returns the selected positions, or null for "all". */
    private SortedSet<Integer> select(TableMeta table, RexNode condition) {
        List<String> keys = table.partitionInfo().columns();
        int[] keyIndexes = keys.stream().mapToInt(k -> columnIndex(table, k)).toArray();
        if (condition.isA(SqlKind.OR)) {
            SortedSet<Integer> union = new TreeSet<>();
            for (RexNode disjunct : ((RexCall) condition).getOperands()) {
                SortedSet<Integer> part = select(table, disjunct);
                if (part == null) {
                    return null;
                }
                union.addAll(part);
            }
            return union;
        }
        List<RexNode> conjuncts = RexUtil.flattenAnd(List.of(condition));
        if (keyIndexes.length > 1) {
            return selectMultiColumn(table, conjuncts, keyIndexes);
        }
        SortedSet<Integer> result = null;
        for (RexNode c : conjuncts) {
            SortedSet<Integer> part = c.isA(SqlKind.OR) ? select(table, c) : selectOne(table, c, keyIndexes[0]);
            if (part != null) {
                if (result == null) {
                    result = new TreeSet<>(part);
                } else {
                    result.retainAll(part);
                }
            }
        }
        return result;
    }

    private SortedSet<Integer> selectMultiColumn(TableMeta table, List<RexNode> conjuncts, int[] keyIndexes) {
        Object[] values = new Object[keyIndexes.length];
        boolean[] found = new boolean[keyIndexes.length];
        for (RexNode c : conjuncts) {
            if (!c.isA(SqlKind.EQUALS)) {
                continue;
            }
            RexCall call = (RexCall) c;
            for (int k = 0; k < keyIndexes.length; k++) {
                Object v = equalityValue(call, keyIndexes[k]);
                if (v != NOT_FOUND) {
                    values[k] = v;
                    found[k] = true;
                }
            }
        }
        for (boolean f : found) {
            if (!f) {
                return null;
            }
        }
        return router.pruneEquals(table, java.util.Arrays.asList(values));
    }

    private SortedSet<Integer> selectOne(TableMeta table, RexNode c, int key) {
        RexNode n = c;
        if (n.isA(SqlKind.EQUALS)) {
            Object v = equalityValue((RexCall) n, key);
            return v == NOT_FOUND ? null : router.pruneEquals(table, java.util.Collections.singletonList(v));
        }
        if (n.isA(SqlKind.SEARCH)) {
            RexCall call = (RexCall) n;
            if (!isRef(call.getOperands().get(0), key) || !(call.getOperands().get(1) instanceof RexLiteral lit)) {
                return null;
            }
            Sarg<?> sarg = lit.getValueAs(Sarg.class);
            if (sarg == null) {
                return null;
            }
            SortedSet<Integer> out = new TreeSet<>();
            for (Range<?> r : sarg.rangeSet.asRanges()) {
                SortedSet<Integer> part = rangeSelect(table, r);
                if (part == null) {
                    return null;
                }
                out.addAll(part);
            }
            if (sarg.nullAs == org.apache.calcite.rex.RexUnknownAs.TRUE) {
                out.addAll(router.pruneEquals(table, java.util.Collections.singletonList(null)));
            }
            return out;
        }
        if (n.getKind() == SqlKind.GREATER_THAN || n.getKind() == SqlKind.GREATER_THAN_OR_EQUAL
            || n.getKind() == SqlKind.LESS_THAN || n.getKind() == SqlKind.LESS_THAN_OR_EQUAL) {
            RexCall call = (RexCall) n;
            RexNode left = call.getOperands().get(0);
            RexNode right = call.getOperands().get(1);
            SqlKind kind = n.getKind();
            if (isRef(right, key) && right != left) {
                RexNode tmp = left;
                left = right;
                right = tmp;
                kind = kind.reverse();
            }
            if (!isRef(left, key) || !(right instanceof RexLiteral lit)) {
                return null;
            }
            Object v = value(lit);
            return switch (kind) {
                case GREATER_THAN -> router.pruneRange(table, v, false, null, false);
                case GREATER_THAN_OR_EQUAL -> router.pruneRange(table, v, true, null, false);
                case LESS_THAN -> router.pruneRange(table, null, false, v, false);
                default -> router.pruneRange(table, null, false, v, true);
            };
        }
        return null;
    }

    private SortedSet<Integer> rangeSelect(TableMeta table, Range<?> r) {
        if (r.hasLowerBound() && r.hasUpperBound() && r.lowerEndpoint().equals(r.upperEndpoint())) {
            return router.pruneEquals(table, java.util.Collections.singletonList(normalize(r.lowerEndpoint())));
        }
        Object lo = r.hasLowerBound() ? normalize(r.lowerEndpoint()) : null;
        Object hi = r.hasUpperBound() ? normalize(r.upperEndpoint()) : null;
        boolean loIncl = r.hasLowerBound() && r.lowerBoundType() == BoundType.CLOSED;
        boolean hiIncl = r.hasUpperBound() && r.upperBoundType() == BoundType.CLOSED;
        return router.pruneRange(table, lo, loIncl, hi, hiIncl);
    }

    private static final Object NOT_FOUND = new Object();

    private static Object equalityValue(RexCall call, int key) {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        if (isRef(a, key) && b instanceof RexLiteral lit) {
            return value(lit);
        }
        if (isRef(b, key) && a instanceof RexLiteral lit) {
            return value(lit);
        }
        return NOT_FOUND;
    }

    private static boolean isRef(RexNode node, int index) {
        RexNode n = node;
        if (n.isA(SqlKind.CAST)) {
            // Calcite compares a CHAR column as VARCHAR; the shard SQL has no cast and the value is the same. Any
            // other cast changes comparison semantics: don't prune through it.
            RexNode operand = ((RexCall) n).getOperands().get(0);
            boolean charToVarchar = operand.getType().getSqlTypeName() == SqlTypeName.CHAR
                && n.getType().getSqlTypeName() == SqlTypeName.VARCHAR
                && n.getType().getPrecision() >= operand.getType().getPrecision();
            if (!charToVarchar) {
                return false;
            }
            n = operand;
        }
        return n instanceof RexInputRef ref && ref.getIndex() == index;
    }

    private static Object value(RexLiteral lit) {
        return normalize(lit.getValue());
    }

    private static final BigDecimal LONG_RANGE = BigDecimal.valueOf(Long.MAX_VALUE);

    /** Converts Calcite literal values into the plain Java values the router understands. */
    static Object normalize(Object v) {
        if (v instanceof NlsString s) {
            return s.getValue();
        }
        if (v instanceof BigDecimal d) {
            boolean integral = d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
            // an integer beyond BIGINT (an unsigned parameter, 1e300) stays a decimal, as a fraction does
            return integral && d.abs().compareTo(LONG_RANGE) < 0 ? (Object) d.longValueExact() : d;
        }
        if (v instanceof DateString d) {
            return d.toString();
        }
        if (v instanceof TimestampString t) {
            return t.toString();
        }
        if (v instanceof java.util.Calendar || v instanceof org.apache.calcite.avatica.util.ByteString) {
            return v.toString();
        }
        return v;
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
