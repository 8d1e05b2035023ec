package com.polardbx.executor.chunk;

import java.math.BigInteger;

/** A block of BIGINT UNSIGNED values. */
public final class BigIntegerBlock extends ObjectBlock<BigInteger> {
    /** Wraps the array without copying; {@code null} elements are SQL NULL. */
    public BigIntegerBlock(int positionCount, BigInteger[] values) {
        super(positionCount, values);
    }

    @Override
    Block create(int positionCount, BigInteger[] values) {
        return new BigIntegerBlock(positionCount, values);
    }

    @Override
    public ExecType execType() {
        return ExecType.BIG_INTEGER;
    }

    @Override
    long valueSize(BigInteger value) {
        return 24L + value.bitLength() / 8;
    }
}
