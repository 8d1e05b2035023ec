package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The running state of one aggregate for one group. Not thread-safe. */
abstract class Accumulator {
    /** Adds the row at {@code position}. */
    abstract void add(Chunk chunk, int position);

    /** The output value(s), as many as the call's output types. */
    abstract Object[] result();

    /** Approximate retained bytes. */
    long sizeInBytes() {
        return 32;
    }

    /** Creates the accumulator for a call. */
    static Accumulator create(AggregateCall call) {
        List<Integer> ch = call.inputChannels();
        boolean decimal = call.outputTypes().get(0).execType() == ExecType.DECIMAL;
        Accumulator acc = switch (call.kind()) {
            case COUNT_STAR -> new Count(new int[0]);
            case COUNT -> call.mode() == AggregateMode.FINAL ? new Sum(ch.get(0), false, true)
                : new Count(ch.stream().mapToInt(Integer::intValue).toArray());
            case SUM -> new Sum(ch.get(0), decimal, false);
            case MIN -> new MinMax(ch.get(0), call.inputType().collation(), false);
            case MAX -> new MinMax(ch.get(0), call.inputType().collation(), true);
            case AVG -> new Avg(call, AggregateCall.sumType(call.inputType()).execType() == ExecType.DECIMAL);
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
    }

    /** SUM as DECIMAL, DOUBLE, or (FINAL COUNT) BIGINT that is 0 rather than NULL on no input. */
    static final class Sum extends Accumulator {
        private final int channel;
        private final boolean decimal;
        private final boolean countMerge;
        private BigDecimal decimalSum = BigDecimal.ZERO;
        private double doubleSum;
        private long longSum;
        private boolean seen;

        Sum(int channel, boolean decimal, boolean countMerge) {
            this.channel = channel;
            this.decimal = decimal;
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
    }

    /** MIN / MAX under the column's collation. */
    static final class MinMax extends Accumulator {
        private final int channel;
        private final Collation collation;
        private final boolean max;
        private Object best;

        MinMax(int channel, Collation collation, boolean max) {
            this.channel = channel;
            this.collation = collation;
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
    }

    /** Feeds the inner accumulator only the first row of each distinct argument tuple (NULLs are not counted). */
    static final class Distinct extends Accumulator {
        private final Accumulator inner;
        private final int[] channels;
        private final Collation collation;
        private final Set<List<Object>> seen = new HashSet<>();
        private long bytes;

        Distinct(Accumulator inner, int[] channels, Collation collation) {
            this.inner = inner;
            this.channels = channels;
            this.collation = collation;
        }

        @Override
        void add(Chunk chunk, int position) {
            Object[] key = new Object[channels.length];
            for (int i = 0; i < channels.length; i++) {
                Object v = chunk.get(channels[i], position);
                if (v == null) {
                    return;
                }
                key[i] = ValueComparator.hashKey(v, collation);
            }
            if (seen.add(List.of(key))) {
                bytes += 48L + 32L * key.length;
                inner.add(chunk, position);
            }
        }

        @Override
        Object[] result() {
            return inner.result();
        }

        @Override
        long sizeInBytes() {
            return 32 + bytes;
        }
    }
}
