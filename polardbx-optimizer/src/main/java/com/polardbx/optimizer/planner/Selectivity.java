package com.polardbx.optimizer.planner;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import com.polardbx.gms.stats.Histogram;
import com.polardbx.gms.stats.StatValues;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;

/**
 * Share of an input's rows a condition keeps, from ANALYZE TABLE statistics where the condition compares a table
 * column with constants: equality 1/NDV, ranges from the equi-height histogram (or the min/max range), IS NULL from
 * the null count; several bounds on one column in a conjunction form one range. Everything else, and every column
 * without statistics, gets Calcite's guess ({@link RelMdUtil#guessSelectivity}).
 */
final class Selectivity {
    private final RelNode input;

    private Selectivity(RelNode input) {
        this.input = input;
    }

    /** The share of {@code input}'s rows for which {@code condition} (over its columns) is true. */
    static double of(RelNode input, RexNode condition) {
        try {
            return clamp(new Selectivity(input).conjunction(condition));
        } catch (RuntimeException e) {
            return RelMdUtil.guessSelectivity(condition); // an estimate must never fail a query
        }
    }

    private double conjunction(RexNode condition) {
        double s = 1;
        Map<Integer, double[]> ranges = new HashMap<>();
        for (RexNode c : RelOptUtil.conjunctions(condition)) {
            if (!addBound(c, ranges)) {
                s *= single(c);
            }
        }
        for (double[] range : ranges.values()) {
            s *= Math.max(range[1] - range[0], 0.5 / ColumnFacts.of(input, (int) range[2]).ndv());
        }
        return s;
    }

    private double single(RexNode c) {
        switch (c.getKind()) {
            case AND:
                return conjunction(c);
            case OR: {
                double none = 1;
                for (RexNode d : ((RexCall) c).getOperands()) {
                    none *= 1 - clamp(single(d));
                }
                return 1 - none;
            }
            case NOT:
                return 1 - clamp(single(((RexCall) c).getOperands().get(0)));
            case IS_NULL:
            case IS_NOT_NULL: {
                ColumnFacts f = facts(((RexCall) c).getOperands().get(0));
                if (f != null) {
                    return c.getKind() == SqlKind.IS_NULL ? f.nullFraction() : 1 - f.nullFraction();
                }
                break;
            }
            case EQUALS:
            case NOT_EQUALS: {
                ColumnFacts f = columnVersusLiteral((RexCall) c);
                if (f != null) {
                    double eq = (1 - f.nullFraction()) / f.ndv();
                    return c.getKind() == SqlKind.EQUALS ? eq : 1 - f.nullFraction() - eq;
                }
                break;
            }
            case SEARCH: {
                Double s = search((RexCall) c);
                if (s != null) {
                    return s;
                }
                break;
            }
            default:
                break;
        }
        return RelMdUtil.guessSelectivity(c);
    }

    /** Folds {@code column <op> constant} into the column's range; false when {@code c} is no such comparison. */
    private boolean addBound(RexNode c, Map<Integer, double[]> ranges) {
        SqlKind kind = c.getKind();
        if (!(c instanceof RexCall call) || !SqlKind.COMPARISON.contains(kind) || kind == SqlKind.EQUALS
            || kind == SqlKind.NOT_EQUALS || call.getOperands().size() != 2) {
            return false;
        }
        boolean columnLeft = column(call.getOperands().get(0)) != null;
        RexNode ref = call.getOperands().get(columnLeft ? 0 : 1);
        RexNode other = call.getOperands().get(columnLeft ? 1 : 0);
        ColumnFacts f = facts(ref);
        if (f == null || !(other instanceof RexLiteral literal)) {
            return false;
        }
        SqlKind op = columnLeft ? kind : kind.reverse();
        double v = toDouble(literal);
        boolean lower = op == SqlKind.GREATER_THAN || op == SqlKind.GREATER_THAN_OR_EQUAL;
        double below = fractionBelow(f, v, op == SqlKind.LESS_THAN_OR_EQUAL || op == SqlKind.GREATER_THAN);
        if (Double.isNaN(below)) {
            return false;
        }
        int index = column(ref).getIndex();
        double[] range = ranges.computeIfAbsent(index, k -> new double[] {0, 1 - f.nullFraction(), k});
        if (lower) {
            range[0] = Math.max(range[0], below * (1 - f.nullFraction()));
        } else {
            range[1] = Math.min(range[1], below * (1 - f.nullFraction()));
        }
        return true;
    }

    /** {@code column SEARCH sarg} (IN lists, BETWEEN, ranges after simplification): the sum over its ranges. */
    private Double search(RexCall call) {
        ColumnFacts f = facts(call.getOperands().get(0));
        if (f == null || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
            return null;
        }
        Sarg<?> sarg = literal.getValueAs(Sarg.class);
        if (sarg == null) {
            return null;
        }
        double nonNull = 1 - f.nullFraction();
        double s = 0;
        for (Range<?> r : sarg.rangeSet.asRanges()) {
            if (r.hasLowerBound() && r.hasUpperBound() && r.lowerEndpoint().equals(r.upperEndpoint())) {
                s += nonNull / f.ndv();
                continue;
            }
            double lo = r.hasLowerBound()
                ? fractionBelow(f, toDouble(r.lowerEndpoint()), r.lowerBoundType() == BoundType.OPEN) : 0;
            double hi = r.hasUpperBound()
                ? fractionBelow(f, toDouble(r.upperEndpoint()), r.upperBoundType() == BoundType.CLOSED) : 1;
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                return null;
            }
            s += Math.max(hi - lo, 0.5 / f.ndv()) * nonNull;
        }
        if (sarg.nullAs == org.apache.calcite.rex.RexUnknownAs.TRUE) {
            s += f.nullFraction();
        }
        return sarg.isComplementedPoints() ? clamp(s) : Math.min(1, s);
    }

    /** Share of non-null values below {@code v}: histogram, else linear in [min, max]; NaN when unknown. */
    private static double fractionBelow(ColumnFacts f, double v, boolean inclusive) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        Histogram h = f.stats().histogram();
        if (h != null) {
            return h.fractionBelow(v, inclusive);
        }
        double min = StatValues.toDouble(f.stats().min());
        double max = StatValues.toDouble(f.stats().max());
        if (Double.isNaN(min) || Double.isNaN(max)) {
            return Double.NaN;
        }
        return max <= min ? (v >= max ? 1 : 0) : clamp((v - min) / (max - min));
    }

    private ColumnFacts columnVersusLiteral(RexCall call) {
        List<RexNode> ops = call.getOperands();
        if (ops.size() == 2 && (ops.get(0) instanceof RexLiteral || ops.get(1) instanceof RexLiteral)) {
            return facts(ops.get(0) instanceof RexLiteral ? ops.get(1) : ops.get(0));
        }
        return null;
    }

    private ColumnFacts facts(RexNode node) {
        RexInputRef ref = column(node);
        return ref == null ? null : ColumnFacts.of(input, ref.getIndex());
    }

    /** The column a node reads, looking through casts (which keep the order of numbers and dates). */
    private static RexInputRef column(RexNode node) {
        RexNode n = node;
        while (n.getKind() == SqlKind.CAST) {
            n = ((RexCall) n).getOperands().get(0);
        }
        return n instanceof RexInputRef ref ? ref : null;
    }

    private static double toDouble(RexLiteral literal) {
        return switch (literal.getTypeName()) {
            case DATE -> toDouble(literal.getValueAs(DateString.class));
            case TIMESTAMP -> toDouble(literal.getValueAs(TimestampString.class));
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, REAL, DOUBLE ->
                toDouble(literal.getValueAs(BigDecimal.class));
            default -> Double.NaN;
        };
    }

    /** The numeric image of a constant, as {@link StatValues} maps column values; NaN for strings and others. */
    static double toDouble(Object value) {
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof DateString d) {
            return d.getDaysSinceEpoch();
        }
        if (value instanceof TimestampString t) {
            return t.getMillisSinceEpoch() / 86_400_000.0;
        }
        return Double.NaN;
    }

    private static double clamp(double s) {
        return Math.max(0, Math.min(1, s));
    }
}
