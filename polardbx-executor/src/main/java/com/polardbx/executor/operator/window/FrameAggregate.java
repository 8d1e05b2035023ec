package com.polardbx.executor.operator.window;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;

/**
 * An aggregate over each row's frame: SUM (NULL over no values), SUM0 (0 instead), COUNT, COUNT(*), AVG, MIN, MAX.
 *
 * <p>Frames only move forward, so the frame state is kept incrementally: rows entering are added and rows leaving
 * are removed (sums and counts), MIN/MAX keep a monotonic queue of candidate positions. Like MariaDB, a DOUBLE sum is
 * a running sum with additions and subtractions in that order.
 */
public final class FrameAggregate implements WindowFunction {
    /** Which aggregate. */
    public enum Kind { SUM, SUM0, COUNT, COUNT_STAR, AVG, MIN, MAX }

    private final Kind kind;
    private final int channel;
    private final ColumnType inputType;
    private final ColumnType outputType;
    private final WindowFrame frame;

    /** {@code channel} is ignored for COUNT_STAR; {@code inputType} is the argument's type. */
    public FrameAggregate(Kind kind, int channel, ColumnType inputType, WindowFrame frame) {
        this.kind = kind;
        this.channel = channel;
        this.inputType = inputType;
        this.frame = frame;
        this.outputType = outputType(kind, inputType);
    }

    /** MariaDB's types: SUM of exact values DECIMAL (same scale), AVG adds 4 decimals, approximate stays DOUBLE. */
    private static ColumnType outputType(Kind kind, ColumnType input) {
        boolean exact = input != null && (input.isInteger() || input.execType() == ExecType.DECIMAL);
        int scale = input == null || input.isInteger() ? 0 : input.scale();
        return switch (kind) {
            case COUNT, COUNT_STAR -> ColumnType.BIGINT;
            case SUM, SUM0 -> exact ? ColumnType.decimal(scale) : ColumnType.DOUBLE;
            case AVG -> exact ? ColumnType.decimal(Math.min(scale + 4, 30)) : ColumnType.DOUBLE;
            case MIN, MAX -> input;
        };
    }

    @Override
    public ColumnType outputType() {
        return outputType;
    }

    @Override
    public Object[] evaluate(WindowPartition p) {
        Object[] out = new Object[p.size()];
        State state = new State(p);
        for (int i = 0; i < out.length; i++) {
            int start = frame.start(p, i);
            int end = frame.end(p, i);
            if (end <= start) {
                out[i] = emptyResult();
                continue;
            }
            state.moveTo(start, end);
            out[i] = state.result();
        }
        return out;
    }

    private Object emptyResult() {
        return switch (kind) {
            case COUNT, COUNT_STAR -> 0L;
            case SUM0 -> outputType.execType() == ExecType.DECIMAL ? BigDecimal.ZERO.setScale(outputType.scale())
                : (Object) 0.0;
            default -> null;
        };
    }

    /** The aggregate of the rows {@code [from, to)} added so far. */
    private final class State {
        private final WindowPartition p;
        private final boolean exact = outputType.execType() == ExecType.DECIMAL || kind == Kind.COUNT
            || kind == Kind.COUNT_STAR;
        private int from;
        private int to;
        private long count;
        private BigDecimal decimalSum = BigDecimal.ZERO;
        private double doubleSum;
        private final ArrayDeque<Integer> candidates = new ArrayDeque<>();

        State(WindowPartition p) {
            this.p = p;
        }

        void moveTo(int start, int end) {
            if (start >= to) { // the new frame does not overlap: restart
                from = start;
                to = start;
                count = 0;
                decimalSum = BigDecimal.ZERO;
                doubleSum = 0;
                candidates.clear();
            }
            while (to < end) {
                add(to++);
            }
            while (from < start) {
                remove(from++);
            }
        }

        private Object value(int row) {
            return kind == Kind.COUNT_STAR ? Boolean.TRUE : p.value(row, channel);
        }

        private void add(int row) {
            Object v = value(row);
            if (v == null) {
                return;
            }
            count++;
            switch (kind) {
                case SUM, SUM0, AVG -> addToSum(v, 1);
                case MIN, MAX -> {
                    while (!candidates.isEmpty() && !better(p.value(candidates.peekLast(), channel), v)) {
                        candidates.pollLast();
                    }
                    candidates.addLast(row);
                }
                default -> { }
            }
        }

        /** Whether a kept candidate stays ahead of a newer value; on ties the earlier value wins (as MariaDB). */
        private boolean better(Object kept, Object newer) {
            int c = ValueComparator.compare(kept, newer, inputType.collation());
            return kind == Kind.MIN ? c <= 0 : c >= 0;
        }

        private void remove(int row) {
            Object v = value(row);
            if (v == null) {
                return;
            }
            count--;
            switch (kind) {
                case SUM, SUM0, AVG -> addToSum(v, -1);
                case MIN, MAX -> {
                    if (!candidates.isEmpty() && candidates.peekFirst() == row) {
                        candidates.pollFirst();
                    }
                }
                default -> { }
            }
        }

        private void addToSum(Object v, int sign) {
            if (exact) {
                BigDecimal d = Values.toDecimal(v);
                decimalSum = sign > 0 ? decimalSum.add(d) : decimalSum.subtract(d);
            } else {
                doubleSum += sign * Values.toDouble(v);
            }
        }

        Object result() {
            return switch (kind) {
                case COUNT, COUNT_STAR -> count;
                case SUM -> count == 0 ? null : sum();
                case SUM0 -> sum();
                case AVG -> count == 0 ? null : exact
                    ? decimalSum.divide(BigDecimal.valueOf(count), outputType.scale(), RoundingMode.HALF_UP)
                    : (Object) (doubleSum / count);
                case MIN, MAX -> candidates.isEmpty() ? null : p.value(candidates.peekFirst(), channel);
            };
        }

        private Object sum() {
            return exact ? decimalSum.setScale(outputType.scale(), RoundingMode.HALF_UP) : (Object) doubleSum;
        }
    }
}
