package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Chunk;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The root of a DECIMAL expression: the value at the declared scale (rounded or padded), as MySQL stores or sends a
 * result ({@code IF(c, 1, 2.50)} gives 1.00). Inside the expression a quotient keeps more digits (see {@code ArithmeticFunctions.divide}), so
 * {@code 1/3*3} is 0.999999999 there and 1.0000 here.
 */
final class DeclaredScale extends RowExpression {
    private final RowExpression inner;

    DeclaredScale(RowExpression inner) {
        super(inner.type());
        this.inner = inner;
    }

    @Override
    public Object evaluate(Chunk chunk, int position) {
        Object v = inner.evaluate(chunk, position);
        if (v instanceof BigDecimal d) {
            return d.scale() == type().scale() ? d : d.setScale(type().scale(), RoundingMode.HALF_UP);
        }
        if (v instanceof Long || v instanceof java.math.BigInteger) { // an integer branch of IF, GREATEST, ...
            return com.polardbx.executor.chunk.Values.toDecimal(v).setScale(type().scale(), RoundingMode.HALF_UP);
        }
        return v;
    }
}
