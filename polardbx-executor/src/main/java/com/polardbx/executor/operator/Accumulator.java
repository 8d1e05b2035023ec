package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.BlockBuilder;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.Values;
import com.polardbx.executor.spill.ChunkSerde;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The running state of one aggregate for one group. Not thread-safe.
 *
 * <p>For spilling, the state is written as a few columns ({@link #stateTypes}, {@link #writeState}) and restored
 * into a fresh accumulator ({@link #readState}); a restored accumulator continues exactly where the original stopped,
 * so adding the remaining rows in their order gives the same result (also for floating-point sums).
 */
abstract class Accumulator {
    /** Adds the row at {@code position}. */
    abstract void add(Chunk chunk, int position);

    /** The output value(s), as many as the call's output types. */
    abstract Object[] result();

    /** Approximate retained bytes. */
    long sizeInBytes() {
        return 32;
    }

    /** The column types of the spilled state. */
    abstract List<ColumnType> stateTypes();

    /** Writes the state into {@code row[offset ...]}, one value per {@link #stateTypes} column. */
    abstract void writeState(Object[] row, int offset);

    /** Restores the state written by {@link #writeState} from {@code chunk} at channels {@code offset ...}. */
    abstract void readState(Chunk chunk, int position, int offset);

    /** Creates the accumulator for a call. */
    static Accumulator create(AggregateCall call) {
        List<Integer> ch = call.inputChannels();
        boolean decimal = call.outputTypes().get(0).execType() == ExecType.DECIMAL;
        Accumulator acc = switch (call.kind()) {
            case COUNT_STAR -> new Count(new int[0]);
            case COUNT -> call.mode() == AggregateMode.FINAL ? new Sum(ch.get(0), ColumnType.BIGINT, true)
                : new Count(ch.stream().mapToInt(Integer::intValue).toArray());
            case SUM -> new Sum(ch.get(0), decimal ? AggregateCall.sumType(call.inputType()) : ColumnType.DOUBLE,
                false);
            case MIN -> new MinMax(ch.get(0), call.inputType(), false);
            case MAX -> new MinMax(ch.get(0), call.inputType(), true);
            case SINGLE_VALUE -> new SingleValue(ch.get(0), call.inputType());
            case AVG -> new Avg(call, AggregateCall.sumType(call.inputType()).execType() == ExecType.DECIMAL);
            case GROUP_CONCAT -> new GroupConcat(ch.get(0), ch.size() > 1 ? ch.get(1) : -1, call.order());
            case BIT_AND, BIT_OR, BIT_XOR -> new BitAggregate(call.kind(), ch.get(0));
            case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> new Variance(call.kind(), ch.get(0),
                call.outputTypes().get(0));
            case JSON_ARRAYAGG -> new JsonAggregate(ch.get(0), -1);
            case JSON_OBJECTAGG -> new JsonAggregate(ch.get(1), ch.get(0));
        };
        return call.distinct() ? new Distinct(acc, ch.stream().mapToInt(Integer::intValue).toArray(),
            call.inputType().collation()) : acc;
    }

    /** COUNT(*) (no channels) or COUNT(x, ...): rows whose arguments are all non-NULL. */
    static final class Count extends Accumulator {
        private final int[] channels;
        private long count;

        Count(int[] channels) {
            this.channels = channels;
        }

        @Override
        void add(Chunk chunk, int position) {
            for (int c : channels) {
                if (chunk.block(c).isNull(position)) {
                    return;
                }
            }
            count++;
        }

        @Override
        Object[] result() {
            return new Object[] {count};
        }

        @Override
        List<ColumnType> stateTypes() {
            return List.of(ColumnType.BIGINT);
        }

        @Override
        void writeState(Object[] row, int offset) {
            row[offset] = count;
        }

        @Override
        void readState(Chunk chunk, int position, int offset) {
            count = (Long) chunk.get(offset, position);
        }
    }

    /** SUM as DECIMAL, DOUBLE, or (FINAL COUNT) BIGINT that is 0 rather than NULL on no input. */
    static final class Sum extends Accumulator {
        private final int channel;
        private final ColumnType stateType;
        private final boolean decimal;
        private final boolean countMerge;
        private BigDecimal decimalSum = BigDecimal.ZERO;
        private double doubleSum;
        private long longSum;
        private boolean seen;

        /** {@code stateType}: BIGINT for a count merge, else the DECIMAL sum type or DOUBLE. */
        Sum(int channel, ColumnType stateType, boolean countMerge) {
            this.channel = channel;
            this.stateType = stateType;
            this.decimal = stateType.execType() == ExecType.DECIMAL;
            this.countMerge = countMerge;
        }

        @Override
        void add(Chunk chunk, int position) {
            Object v = chunk.get(channel, position);
            if (v == null) {
                return;
            }
            seen = true;
            if (countMerge) {
                longSum += Values.toLong(v);
            } else if (decimal) {
                decimalSum = decimalSum.add(Values.toDecimal(v));
            } else {
                doubleSum += Values.toDouble(v);
            }
        }

        @Override
        Object[] result() {
            if (countMerge) {
                return new Object[] {longSum};
            }
            return new Object[] {!seen ? null : decimal ? decimalSum : (Object) doubleSum};
        }

        @Override
        List<ColumnType> stateTypes() {
            return List.of(stateType);
        }

        @Override
        void writeState(Object[] row, int offset) {
            row[offset] = !seen ? null : countMerge ? longSum : decimal ? decimalSum : (Object) doubleSum;
        }

        @Override
        void readState(Chunk chunk, int position, int offset) {
            Object v = chunk.get(offset, position);
            seen = v != null;
            if (v == null) {
                return;
            }
            if (countMerge) {
                longSum = (Long) v;
            } else if (decimal) {
                decimalSum = (BigDecimal) v;
            } else {
                doubleSum = (Double) v;
            }
        }
    }

    /** MIN / MAX under the column's collation. */
    static final class SingleValue extends Accumulator {
        private final int channel;
        private final ColumnType type;
        private Object value;
        private long rows;

        SingleValue(int channel, ColumnType type) {
            this.channel = channel;
            this.type = type;
        }

        @Override
        void add(Chunk chunk, int position) {
            if (++rows > 1) {
                throw new com.polardbx.common.error.SqlError(com.polardbx.common.error.ErrorCode.ER_SUBQUERY_NO_1_ROW);
            }
            value = chunk.get(channel, position);
        }

        @Override
        Object[] result() {
            return new Object[] {value};
        }

        @Override
        List<ColumnType> stateTypes() {
            return List.of(type, ColumnType.BIGINT);
        }

        @Override
        void writeState(Object[] row, int offset) {
            row[offset] = value;
            row[offset + 1] = rows;
        }

        @Override
        void readState(Chunk chunk, int position, int offset) {
            value = chunk.get(offset, position);
            rows = (Long) chunk.get(offset + 1, position);
        }
    }

    static final class MinMax extends Accumulator {
        private final int channel;
        private final ColumnType type;
        private final Collation collation;
        private final boolean max;
        private Object best;

        MinMax(int channel, ColumnType type, boolean max) {
            this.channel = channel;
            this.type = type;
            this.collation = type.collation();
            this.max = max;
        }

        @Override
        void add(Chunk chunk, int position) {
            Object v = chunk.get(channel, position);
            if (v == null) {
                return;
            }
            if (best == null) {
                best = v;
                return;
            }
            int c = ValueComparator.compare(v, best, collation);
            if (max ? c > 0 : c < 0) {
                best = v;
            }
        }

        @Override
        Object[] result() {
            return new Object[] {best};
        }

        @Override
        List<ColumnType> stateTypes() {
            return List.of(type);
        }

        @Override
        void writeState(Object[] row, int offset) {
            row[offset] = best;
        }

        @Override
        void readState(Chunk chunk, int position, int offset) {
            best = chunk.get(offset, position);
        }
    }

    /** AVG: SINGLE divides its own sum and count; PARTIAL emits (sum, count); FINAL merges (sum, count) pairs. */
    static final class Avg extends Accumulator {
        private final AggregateMode mode;
        private final int sumChannel;
        private final int countChannel;
        private final boolean decimal;
        private final int scale;
        private BigDecimal decimalSum = BigDecimal.ZERO;
        private double doubleSum;
        private long count;

        Avg(AggregateCall call, boolean decimal) {
            this.mode = call.mode();
            this.sumChannel = call.inputChannels().get(0);
            this.countChannel = mode == AggregateMode.FINAL ? call.inputChannels().get(1) : -1;
            this.decimal = decimal;
            this.scale = AggregateCall.avgType(call.inputType()).scale();
        }

        @Override
        void add(Chunk chunk, int position) {
            Object v = chunk.get(sumChannel, position);
            if (v == null) {
                return;
            }
            if (decimal) {
                decimalSum = decimalSum.add(Values.toDecimal(v));
            } else {
                doubleSum += Values.toDouble(v);
            }
            if (mode == AggregateMode.FINAL) {
                Object n = chunk.get(countChannel, position);
                count += n == null ? 0 : Values.toLong(n);
            } else {
                count++;
            }
        }

        @Override
        Object[] result() {
            Object sum = count == 0 ? null : decimal ? decimalSum : (Object) doubleSum;
            if (mode == AggregateMode.PARTIAL) {
                return new Object[] {sum, count};
            }
            if (count == 0) {
                return new Object[] {null};
            }
            return new Object[] {decimal ? decimalSum.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP)
                : doubleSum / count};
        }

        @Override
        List<ColumnType> stateTypes() {
            return List.of(decimal ? ColumnType.decimal(0) : ColumnType.DOUBLE, ColumnType.BIGINT);
        }

        @Override
        void writeState(Object[] row, int offset) {
            row[offset] = decimal ? decimalSum : (Object) doubleSum;
            row[offset + 1] = count;
        }

        @Override
        void readState(Chunk chunk, int position, int offset) {
            if (decimal) {
                decimalSum = (BigDecimal) chunk.get(offset, position);
            } else {
                doubleSum = (Double) chunk.get(offset, position);
            }
            count = (Long) chunk.get(offset + 1, position);
        }
    }

    /**
     * Feeds the inner accumulator only the first row of each distinct argument tuple (NULLs are not counted). Its
     * spilled state is the inner state plus the distinct tuples seen, as one {@link ChunkSerde} page in a VARBINARY
     * column (so one group's distinct values must fit in memory).
     */
    static final class Distinct extends Accumulator {
        private static final long ENTRY_BYTES = 64;
        private static final long VALUE_BYTES = 56;

        private final Accumulator inner;
        private final int[] channels;
        private final Collation collation;
        private final Set<Seen> seen = new HashSet<>();
        private ExecType[] argTypes;
        private long bytes;

        /** A distinct argument tuple: the values as first seen, compared by their collation keys. */
        private record Seen(Object[] values, List<Object> keys) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Seen s && keys.equals(s.keys);
            }

            @Override
            public int hashCode() {
                return keys.hashCode();
            }
        }

        Distinct(Accumulator inner, int[] channels, Collation collation) {
            this.inner = inner;
            this.channels = channels;
            this.collation = collation;
        }

        @Override
        void add(Chunk chunk, int position) {
            Object[] values = new Object[channels.length];
            for (int i = 0; i < channels.length; i++) {
                values[i] = chunk.get(channels[i], position);
                if (values[i] == null) {
                    return;
                }
            }
            if (argTypes == null) {
                argTypes = new ExecType[channels.length];
                for (int i = 0; i < channels.length; i++) {
                    argTypes[i] = chunk.block(channels[i]).execType();
                }
            }
            if (remember(values)) {
                inner.add(chunk, position);
            }
        }

        private boolean remember(Object[] values) {
            Object[] keys = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                keys[i] = ValueComparator.hashKey(values[i], collation);
            }
            if (seen.add(new Seen(values, Arrays.asList(keys)))) {
                bytes += ENTRY_BYTES + VALUE_BYTES * values.length;
                return true;
            }
            return false;
        }

        @Override
        Object[] result() {
            return inner.result();
        }

        @Override
        long sizeInBytes() {
            return 32 + bytes;
        }

        @Override
        List<ColumnType> stateTypes() {
            List<ColumnType> types = new ArrayList<>(inner.stateTypes());
            types.add(ColumnType.VARBINARY);
            return types;
        }

        @Override
        void writeState(Object[] row, int offset) {
            inner.writeState(row, offset);
            int blob = offset + inner.stateTypes().size();
            if (seen.isEmpty()) {
                row[blob] = null;
                return;
            }
            BlockBuilder[] columns = new BlockBuilder[channels.length];
            for (int i = 0; i < channels.length; i++) {
                columns[i] = BlockBuilder.create(argTypes[i], seen.size());
            }
            for (Seen s : seen) {
                for (int i = 0; i < channels.length; i++) {
                    columns[i].append(s.values()[i]);
                }
            }
            Block[] blocks = new Block[channels.length];
            for (int i = 0; i < channels.length; i++) {
                blocks[i] = columns[i].build();
            }
            row[blob] = ChunkSerde.serialize(new Chunk(seen.size(), blocks));
        }

        @Override
        void readState(Chunk chunk, int position, int offset) {
            inner.readState(chunk, position, offset);
            Object blob = chunk.get(offset + inner.stateTypes().size(), position);
            if (blob == null) {
                return;
            }
            Chunk values = ChunkSerde.deserialize((byte[]) blob);
            argTypes = new ExecType[channels.length];
            for (int i = 0; i < channels.length; i++) {
                argTypes[i] = values.block(i).execType();
            }
            for (int p = 0; p < values.positionCount(); p++) {
                remember(values.row(p));
            }
        }
    }
}
