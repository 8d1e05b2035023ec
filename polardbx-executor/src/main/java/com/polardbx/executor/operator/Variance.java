package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP (MySQL's VARIANCE, STD, STDDEV): the running mean and sum of squared
 * deviations of Welford's recurrence, the same one MariaDB uses, so that large values with a small spread lose no
 * digits to cancellation and the results equal the DN's. NULLs are skipped; no values give NULL, and a sample
 * statistic of one value too.
 */
final class Variance extends Accumulator {
    private final int channel;
    private final boolean sample;
    private final boolean root;
    /** Decimals MariaDB rounds the DOUBLE of exact inputs to when it prints it, else -1. */
    private final int scale;
    private long count;
    private double mean;
    private double squares;

    Variance(AggregateKind kind, int channel, ColumnType output) {
        this.channel = channel;
        this.sample = kind == AggregateKind.VAR_SAMP || kind == AggregateKind.STDDEV_SAMP;
        this.root = kind == AggregateKind.STDDEV_POP || kind == AggregateKind.STDDEV_SAMP;
        this.scale = output.scale() < 31 ? output.scale() : -1;
    }

    /** MariaDB: a DOUBLE, for exact arguments rounded to the argument's decimals + 4. */
    static ColumnType outputType(ColumnType input) {
        int decimals = switch (input.execType()) {
            case LONG, BIG_INTEGER -> 4;
            case DECIMAL -> Math.min(input.scale() + 4, 30);
            default -> 31;
        };
        return new ColumnType(ExecType.DOUBLE, ColumnType.DOUBLE.mysqlType(), ColumnType.DOUBLE.collation(), decimals,
            false);
    }

    @Override
    void add(Chunk chunk, int position) {
        Object v = chunk.get(channel, position);
        if (v == null) {
            return;
        }
        double x = Values.toDouble(v);
        if (count++ == 0) {
            mean = x;
            squares = 0;
            return;
        }
        double previous = mean;
        mean = previous + (x - previous) / count;
        squares += (x - previous) * (x - mean);
    }

    @Override
    Object[] result() {
        if (count == 0 || sample && count == 1) {
            return new Object[] {null};
        }
        double variance = count == 1 ? 0.0 : squares / (sample ? count - 1 : count);
        double r = root ? Math.sqrt(variance) : variance;
        return new Object[] {scale < 0 || Double.isInfinite(r) ? r
            : new BigDecimal(r).setScale(scale, RoundingMode.HALF_EVEN).doubleValue()};
    }

    @Override
    List<ColumnType> stateTypes() {
        return List.of(ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.DOUBLE);
    }

    @Override
    void writeState(Object[] row, int offset) {
        row[offset] = count;
        row[offset + 1] = mean;
        row[offset + 2] = squares;
    }

    @Override
    void readState(Chunk chunk, int position, int offset) {
        count = (Long) chunk.get(offset, position);
        mean = (Double) chunk.get(offset + 1, position);
        squares = (Double) chunk.get(offset + 2, position);
    }
}
