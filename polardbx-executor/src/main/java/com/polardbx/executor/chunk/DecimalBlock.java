package com.polardbx.executor.chunk;

import java.math.BigDecimal;

/** A block of DECIMAL values. */
public final class DecimalBlock extends ObjectBlock<BigDecimal> {
    /** Wraps the array without copying; {@code null} elements are SQL NULL. */
    public DecimalBlock(int positionCount, BigDecimal[] values) {
        super(positionCount, values);
    }

    @Override
    Block create(int positionCount, BigDecimal[] values) {
        return new DecimalBlock(positionCount, values);
    }

    @Override
    public ExecType execType() {
        return ExecType.DECIMAL;
    }

    @Override
    long valueSize(BigDecimal value) {
        return 32L + value.unscaledValue().bitLength() / 8;
    }
}
