package com.polardbx.executor.plan;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import com.polardbx.executor.expression.ExpressionCompiler;
import com.polardbx.executor.operator.Operator;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.SortKey;
import com.polardbx.executor.operator.SortOperator;
import com.polardbx.executor.operator.window.FrameAggregate;
import com.polardbx.executor.operator.window.FrameBound;
import com.polardbx.executor.operator.window.FrameValueFunction;
import com.polardbx.executor.operator.window.OffsetFunction;
import com.polardbx.executor.operator.window.RankingFunction;
import com.polardbx.executor.operator.window.WindowFrame;
import com.polardbx.executor.operator.window.WindowFunction;
import com.polardbx.executor.operator.window.WindowOperator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns a Calcite {@link Window} into operators: per group (one PARTITION BY / ORDER BY / frame) a sort by the
 * partition and order keys followed by a {@link WindowOperator} that appends the group's function columns, so the
 * output is the input columns followed by every group's calls in order, as {@code Window}'s row type says.
 * Anything MariaDB computes differently, or we can't, fails with 1235 before a row is read.
 */
final class WindowOperators {
    private final Window window;
    private final QueryContext context;
    private final int inputCount;
    private List<ColumnType> types;

    private WindowOperators(Window window, List<ColumnType> inputTypes, QueryContext context) {
        this.window = window;
        this.context = context;
        this.inputCount = inputTypes.size();
        this.types = inputTypes;
    }

    /** The operators for {@code window} over input columns of {@code inputTypes}; {@link #outputTypes} after. */
    static WindowOperators plan(Window window, List<ColumnType> inputTypes, QueryContext context) {
        return new WindowOperators(window, inputTypes, context);
    }

    /** Builds the operators (each group sorts and appends its columns); checks every call before creating any. */
    List<Operator> operators() {
        List<List<SortKey>> partitions = new ArrayList<>();
        List<List<SortKey>> orders = new ArrayList<>();
        List<List<WindowFunction>> functionLists = new ArrayList<>();
        List<ColumnType> inputTypes = types;
        for (Window.Group group : window.groups) {
            if (group.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
                throw unsupported("window frame EXCLUDE");
            }
            List<SortKey> partition = new ArrayList<>();
            for (int key : group.keys) {
                partition.add(SortKey.asc(key, types.get(key).collation()));
            }
            List<SortKey> order = new ArrayList<>();
            for (RelFieldCollation fc : group.orderKeys.getFieldCollations()) {
                int ch = fc.getFieldIndex();
                order.add(fc.getDirection().isDescending() ? SortKey.desc(ch, types.get(ch).collation())
                    : SortKey.asc(ch, types.get(ch).collation()));
            }
            WindowFrame frame = frame(group, order);
            List<WindowFunction> functions = new ArrayList<>();
            List<ColumnType> grown = new ArrayList<>(types);
            for (Window.RexWinAggCall call : group.aggCalls) {
                WindowFunction f = function(call, frame);
                functions.add(f);
                grown.add(f.outputType());
            }
            partitions.add(partition);
            orders.add(order);
            functionLists.add(functions);
            types = grown;
        }
        List<Operator> ops = new ArrayList<>();
        types = inputTypes;
        for (int g = 0; g < functionLists.size(); g++) {
            List<SortKey> sortKeys = new ArrayList<>(partitions.get(g));
            sortKeys.addAll(orders.get(g));
            if (!sortKeys.isEmpty()) {
                ops.add(new SortOperator(context, types, sortKeys));
            }
            WindowOperator op = new WindowOperator(context, types, partitions.get(g), orders.get(g),
                functionLists.get(g));
            ops.add(op);
            types = op.outputTypes();
        }
        return ops;
    }

    List<ColumnType> outputTypes() {
        return types;
    }

    private WindowFrame frame(Window.Group group, List<SortKey> order) {
        FrameBound lower = bound(group.lowerBound);
        FrameBound upper = bound(group.upperBound);
        if (group.isRows) {
            return WindowFrame.rows(lower, upper);
        }
        boolean offsets = lower.offset() != null || upper.offset() != null;
        if (!offsets) {
            return WindowFrame.range(lower, upper, null);
        }
        if (order.size() != 1 || !types.get(order.get(0).channel()).isNumeric()) {
            throw unsupported("RANGE frames with offsets over other than one numeric ORDER BY key");
        }
        return WindowFrame.range(lower, upper, order.get(0));
    }

    private FrameBound bound(RexWindowBound b) {
        if (b.isUnbounded()) {
            return b.isPreceding() ? FrameBound.UNBOUNDED_PRECEDING : FrameBound.UNBOUNDED_FOLLOWING;
        }
        if (b.isCurrentRow()) {
            return FrameBound.CURRENT_ROW;
        }
        Object offset = constant(b.getOffset());
        if (!Values.isNumber(offset) || Values.toDecimal(offset).signum() < 0) {
            throw unsupported("window frame offset " + offset);
        }
        BigDecimal n = Values.toDecimal(offset);
        return b.isPreceding() ? FrameBound.preceding(n) : FrameBound.following(n);
    }

    private WindowFunction function(Window.RexWinAggCall call, WindowFrame frame) {
        if (call.distinct || call.ignoreNulls) {
            throw unsupported("DISTINCT or IGNORE NULLS in window functions");
        }
        SqlKind kind = call.getOperator().getKind();
        List<RexNode> args = call.getOperands();
        return switch (kind) {
            case ROW_NUMBER -> RankingFunction.of(RankingFunction.Kind.ROW_NUMBER);
            case RANK -> RankingFunction.of(RankingFunction.Kind.RANK);
            case DENSE_RANK -> RankingFunction.of(RankingFunction.Kind.DENSE_RANK);
            case PERCENT_RANK -> RankingFunction.of(RankingFunction.Kind.PERCENT_RANK);
            case CUME_DIST -> RankingFunction.of(RankingFunction.Kind.CUME_DIST);
            case NTILE -> RankingFunction.ntile(ntileBuckets(args.get(0)));
            case LAG, LEAD -> offsetFunction(call, kind == SqlKind.LAG ? -1 : 1);
            case FIRST_VALUE -> FrameValueFunction.first(channel(args.get(0)), frame, argType(args.get(0)));
            case LAST_VALUE -> FrameValueFunction.last(channel(args.get(0)), frame, argType(args.get(0)));
            case NTH_VALUE -> FrameValueFunction.nth(channel(args.get(0)), frame,
                integerConstant(args.get(1), "NTH_VALUE"), argType(args.get(0)));
            case COUNT -> args.isEmpty() || isNonNullConstant(args.get(0))
                ? new FrameAggregate(FrameAggregate.Kind.COUNT_STAR, -1, null, frame)
                : aggregate(FrameAggregate.Kind.COUNT, args, frame);
            case SUM -> aggregate(FrameAggregate.Kind.SUM, args, frame);
            case SUM0 -> aggregate(FrameAggregate.Kind.SUM0, args, frame);
            case AVG -> aggregate(FrameAggregate.Kind.AVG, args, frame);
            case MIN -> aggregate(FrameAggregate.Kind.MIN, args, frame);
            case MAX -> aggregate(FrameAggregate.Kind.MAX, args, frame);
            default -> throw unsupported("window function " + call.getOperator().getName());
        };
    }

    private WindowFunction aggregate(FrameAggregate.Kind kind, List<RexNode> args, WindowFrame frame) {
        if (args.size() != 1) {
            throw unsupported(kind + " with " + args.size() + " arguments in a window");
        }
        return new FrameAggregate(kind, channel(args.get(0)), argType(args.get(0)), frame);
    }

    /** LAG/LEAD(x [, offset]); MariaDB 10.11 has no default argument (a syntax error there), so neither do we. */
    private WindowFunction offsetFunction(Window.RexWinAggCall call, int sign) {
        List<RexNode> args = call.getOperands();
        if (args.size() > 2) {
            throw unsupported(call.getOperator().getName() + " with a default value");
        }
        long offset = args.size() > 1 ? integerConstant(args.get(1), call.getOperator().getName()) : 1;
        return new OffsetFunction(channel(args.get(0)), sign * offset, -1, null, argType(args.get(0)));
    }

    private boolean isInput(RexNode node) {
        return node instanceof RexInputRef ref && ref.getIndex() < inputCount;
    }

    /** The input channel an argument reads; constants as values are not supported (MariaDB types them apart). */
    private int channel(RexNode node) {
        if (!isInput(node)) {
            throw unsupported("a constant or expression as a window function's value argument");
        }
        return ((RexInputRef) node).getIndex();
    }

    private ColumnType argType(RexNode node) {
        return types.get(channel(node));
    }

    private boolean isNonNullConstant(RexNode node) {
        return !isInput(node) && constant(node) != null;
    }

    /** The value of a literal or of a reference to one of the window's constants. */
    private Object constant(RexNode node) {
        RexNode literal = node;
        if (node instanceof RexInputRef ref && ref.getIndex() >= inputCount) {
            literal = window.constants.get(ref.getIndex() - inputCount);
        }
        if (!(literal instanceof RexLiteral)) {
            throw unsupported("a non-constant window function argument");
        }
        return new ExpressionCompiler(window.getCluster().getRexBuilder()).compile(literal, List.of())
            .evaluate(new com.polardbx.executor.chunk.Chunk(1), 0);
    }

    /** MariaDB: NULL or less than 1 is error 4024. */
    private long ntileBuckets(RexNode node) {
        Object v = constant(node);
        if (v == null || Values.isNumber(v) && Values.toDecimal(v).signum() <= 0) {
            throw new SqlError(ErrorCode.ER_INVALID_NTILE_ARGUMENT);
        }
        return integerConstant(node, "NTILE");
    }

    /** An integer constant argument; MariaDB rounds other numbers and reads NULL as 0, which we leave out. */
    private long integerConstant(RexNode node, String function) {
        Object v = constant(node);
        if (!(v instanceof Long n)) {
            throw unsupported(function + " with the argument " + v);
        }
        return n;
    }

    private static SqlError unsupported(String what) {
        return new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, what + " in the CN");
    }
}
