package com.polardbx.executor.operator;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.util.List;

/**
 * One aggregate of a {@link HashAggregationOperator}.
 *
 * @param inputChannels the argument channel(s); empty for COUNT(*); for AVG in FINAL mode: (sum, count) channels
 * @param inputType     type of the first argument channel (for FINAL: of the partial column)
 * @param distinct      aggregate over distinct argument values (SINGLE mode only)
 * @param order         GROUP_CONCAT's ORDER BY over input channels (its channels: value [, separator])
 */
public record AggregateCall(AggregateKind kind, AggregateMode mode, List<Integer> inputChannels, ColumnType inputType,
                            boolean distinct, List<SortKey> order) {
    public AggregateCall {
        inputChannels = List.copyOf(inputChannels);
        order = List.copyOf(order);
        if (distinct && mode != AggregateMode.SINGLE) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "DISTINCT aggregates in " + mode + " mode");
        }
        if (kind == AggregateKind.AVG && mode == AggregateMode.FINAL && inputChannels.size() != 2) {
            throw new IllegalArgumentException("FINAL AVG needs (sum, count) channels");
        }
    }

    public AggregateCall(AggregateKind kind, AggregateMode mode, List<Integer> inputChannels, ColumnType inputType,
                         boolean distinct) {
        this(kind, mode, inputChannels, inputType, distinct, List.of());
    }

    /** COUNT(*) in SINGLE or PARTIAL mode (its FINAL is {@code of(COUNT, FINAL, countChannel, BIGINT)}). */
    public static AggregateCall countStar(AggregateMode mode) {
        if (mode == AggregateMode.FINAL) {
            throw new IllegalArgumentException("FINAL COUNT(*) is COUNT over the partial count channel");
        }
        return new AggregateCall(AggregateKind.COUNT_STAR, mode, List.of(), ColumnType.BIGINT, false);
    }

    public static AggregateCall of(AggregateKind kind, AggregateMode mode, int channel, ColumnType inputType) {
        return new AggregateCall(kind, mode, List.of(channel), inputType, false);
    }

    public static AggregateCall distinct(AggregateKind kind, int channel, ColumnType inputType) {
        return new AggregateCall(kind, AggregateMode.SINGLE, List.of(channel), inputType, true);
    }

    /** FINAL AVG over partial (sum, count) columns. */
    public static AggregateCall finalAvg(int sumChannel, int countChannel, ColumnType sumType) {
        return new AggregateCall(AggregateKind.AVG, AggregateMode.FINAL, List.of(sumChannel, countChannel), sumType,
            false);
    }

    /** The output column types: one column, except PARTIAL AVG which yields (sum, count). */
    public List<ColumnType> outputTypes() {
        return switch (kind) {
            case COUNT_STAR, COUNT -> List.of(ColumnType.BIGINT);
            case MIN, MAX, SINGLE_VALUE -> List.of(inputType);
            case SUM -> List.of(sumType(inputType));
            case GROUP_CONCAT -> List.of(ColumnType.VARCHAR);
            case BIT_AND, BIT_OR, BIT_XOR -> List.of(ColumnType.BIGINT_UNSIGNED);
            case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> List.of(Variance.outputType(inputType));
            case JSON_ARRAYAGG, JSON_OBJECTAGG -> List.of(ColumnType.VARCHAR);
            case AVG -> mode == AggregateMode.PARTIAL ? List.of(sumType(inputType), ColumnType.BIGINT)
                : List.of(avgType(inputType));
        };
    }

    /** MySQL: SUM of exact values is DECIMAL (same scale), of approximate values DOUBLE. */
    static ColumnType sumType(ColumnType input) {
        return switch (input.execType()) {
            case LONG, BIG_INTEGER -> ColumnType.decimal(0);
            case DECIMAL -> ColumnType.decimal(input.scale());
            default -> ColumnType.DOUBLE;
        };
    }

    /** MySQL: AVG of exact values is DECIMAL with scale + 4 (div_precision_increment), of approximate values DOUBLE. */
    static ColumnType avgType(ColumnType input) {
        ColumnType sum = sumType(input);
        return sum.execType() == ExecType.DECIMAL ? ColumnType.decimal(Math.min(sum.scale() + 4, 30)) : ColumnType.DOUBLE;
    }
}
