package com.polardbx.executor.chunk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Accumulates values for one column and builds a {@link Block}. Not thread-safe.
 *
 * <p>{@link #append} converts the value to the builder's {@link ExecType} with {@link Values}' MySQL conversions.
 */
public abstract class BlockBuilder {
    protected int positionCount;

    /** A builder for the given executor type, sized for {@code expectedPositions}. */
    public static BlockBuilder create(ExecType type, int expectedPositions) {
        int capacity = Math.max(expectedPositions, 8);
        return switch (type) {
            case LONG -> new LongBuilder(capacity);
            case DOUBLE -> new DoubleBuilder(capacity);
            case DECIMAL -> new ObjectBuilder<>(new BigDecimal[capacity], Values::toDecimal, DecimalBlock::new);
            case BIG_INTEGER -> new ObjectBuilder<>(new BigInteger[capacity], BlockBuilder::toBigInteger,
                BigIntegerBlock::new);
            case STRING -> new ObjectBuilder<>(new String[capacity], Values::toText, StringBlock::new);
            case BYTES -> new ObjectBuilder<>(new byte[capacity][], Values::toBytes, BytesBlock::new);
        };
    }

    public final int positionCount() {
        return positionCount;
    }

    /** Appends a value; {@code null} appends SQL NULL. */
    public abstract void append(Object value);

    public final void appendNull() {
        append(null);
    }

    /** Appends the value at {@code position} of {@code block}. */
    public void appendFrom(Block block, int position) {
        append(block.get(position));
    }

    public abstract Block build();

    private static BigInteger toBigInteger(Object v) {
        if (v instanceof BigInteger bi) {
            return bi;
        }
        return Values.toDecimal(v).toBigInteger();
    }

    private static final class LongBuilder extends BlockBuilder {
        private long[] values;
        private boolean[] nulls;

        LongBuilder(int capacity) {
            values = new long[capacity];
        }

        @Override
        public void append(Object value) {
            if (positionCount == values.length) {
                values = Arrays.copyOf(values, positionCount * 2);
                if (nulls != null) {
                    nulls = Arrays.copyOf(nulls, positionCount * 2);
                }
            }
            if (value == null) {
                if (nulls == null) {
                    nulls = new boolean[values.length];
                }
                nulls[positionCount] = true;
            } else {
                values[positionCount] = Values.toLong(value);
            }
            positionCount++;
        }

        @Override
        public Block build() {
            return new LongBlock(positionCount, values, nulls);
        }
    }

    private static final class DoubleBuilder extends BlockBuilder {
        private double[] values;
        private boolean[] nulls;

        DoubleBuilder(int capacity) {
            values = new double[capacity];
        }

        @Override
        public void append(Object value) {
            if (positionCount == values.length) {
                values = Arrays.copyOf(values, positionCount * 2);
                if (nulls != null) {
                    nulls = Arrays.copyOf(nulls, positionCount * 2);
                }
            }
            if (value == null) {
                if (nulls == null) {
                    nulls = new boolean[values.length];
                }
                nulls[positionCount] = true;
            } else {
                values[positionCount] = Values.toDouble(value);
            }
            positionCount++;
        }

        @Override
        public Block build() {
            return new DoubleBlock(positionCount, values, nulls);
        }
    }

    /** Converts an arbitrary value to the element type. */
    private interface Converter<T> {
        T convert(Object value);
    }

    /** Makes the block from the filled array. */
    private interface BlockFactory<T> {
        Block create(int positionCount, T[] values);
    }

    private static final class ObjectBuilder<T> extends BlockBuilder {
        private T[] values;
        private final Converter<T> converter;
        private final BlockFactory<T> factory;

        ObjectBuilder(T[] values, Converter<T> converter, BlockFactory<T> factory) {
            this.values = values;
            this.converter = converter;
            this.factory = factory;
        }

        @Override
        public void append(Object value) {
            if (positionCount == values.length) {
                values = Arrays.copyOf(values, positionCount * 2);
            }
            values[positionCount++] = value == null ? null : converter.convert(value);
        }

        @Override
        public Block build() {
            return factory.create(positionCount, values);
        }
    }
}
