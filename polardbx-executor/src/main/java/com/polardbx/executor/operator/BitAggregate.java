package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.math.BigInteger;
import java.util.List;

/**
 * BIT_AND, BIT_OR, BIT_XOR: MySQL's bitwise aggregates over unsigned 64-bit values (numbers round to integers,
 * negative ones wrap); NULLs are skipped, and no values give BIT_AND all ones, the others 0.
 */
final class BitAggregate extends Accumulator {
    private final AggregateKind kind;
    private final int channel;
    private long bits;

    BitAggregate(AggregateKind kind, int channel) {
        this.kind = kind;
        this.channel = channel;
        this.bits = kind == AggregateKind.BIT_AND ? -1L : 0L;
    }

    @Override
    void add(Chunk chunk, int position) {
        Object v = chunk.get(channel, position);
        if (v == null) {
            return;
        }
        long x = v instanceof BigInteger big ? big.longValue() : Values.toLong(v);
        bits = switch (kind) {
            case BIT_AND -> bits & x;
            case BIT_OR -> bits | x;
            default -> bits ^ x;
        };
    }

    @Override
    Object[] result() {
        BigInteger value = BigInteger.valueOf(bits);
        return new Object[] {bits >= 0 ? value : value.add(BigInteger.ONE.shiftLeft(64))};
    }

    @Override
    List<ColumnType> stateTypes() {
        return List.of(ColumnType.BIGINT);
    }

    @Override
    void writeState(Object[] row, int offset) {
        row[offset] = bits;
    }

    @Override
    void readState(Chunk chunk, int position, int offset) {
        bits = (Long) chunk.get(offset, position);
    }
}
