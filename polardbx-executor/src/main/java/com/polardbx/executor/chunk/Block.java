package com.polardbx.executor.chunk;

/**
 * An immutable column of values for the positions of one {@link Chunk}.
 *
 * <p>{@link #get} returns the value as the Java type of the block's {@link ExecType} ({@code Long}, {@code BigInteger},
 * {@code Double}, {@code BigDecimal}, {@code String}, {@code byte[]}) or {@code null}. Blocks are safe to read from
 * several threads.
 */
public interface Block {
    int positionCount();

    boolean isNull(int position);

    /** The value at the position, or {@code null}. */
    Object get(int position);

    /** The representation of this block's values. */
    ExecType execType();

    /** Approximate retained size, for memory accounting. */
    long sizeInBytes();

    /** A new block of the same type holding the values at {@code positions[0 .. length)}, in that order. */
    Block copyPositions(int[] positions, int length);
}
