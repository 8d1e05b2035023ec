package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.math.BigInteger;

/** MySQL's bit operators {@code & | ^ << >> ~} on unsigned 64-bit integers, and logical XOR. */
final class BitFunctions {
    private BitFunctions() {
    }

    static RowExpression binary(String op, RowExpression a, RowExpression b) {
        return new StrictCall(ColumnType.BIGINT_UNSIGNED, new RowExpression[] {a, b}, v -> {
            long x = bits(v[0]);
            long y = bits(v[1]);
            long r = switch (op) {
                case "&" -> x & y;
                case "|" -> x | y;
                case "^" -> x ^ y;
                case "<<" -> Long.compareUnsigned(y, 64) >= 0 ? 0 : x << y;
                default -> Long.compareUnsigned(y, 64) >= 0 ? 0 : x >>> y;
            };
            return unsigned(r);
        });
    }

    static RowExpression not(RowExpression a) {
        return new StrictCall(ColumnType.BIGINT_UNSIGNED, new RowExpression[] {a}, v -> unsigned(~bits(v[0])));
    }

    /** BIT_COUNT: the number of one bits of the 64-bit operand. */
    static RowExpression count(RowExpression a) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a}, v -> (long) Long.bitCount(bits(v[0])));
    }

    /** BIT_LENGTH: the length of the (UTF-8) string in bits. */
    static RowExpression length(RowExpression a) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a}, v -> 8L * Values.toBytes(v[0]).length);
    }

    /** a XOR b: NULL if either is NULL, else whether exactly one is true. */
    static RowExpression xor(RowExpression a, RowExpression b) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a, b},
            v -> Truth.of(Truth.isTrue(v[0]) != Truth.isTrue(v[1])));
    }

    /** The operand as 64 bits: numbers round to integers first, negative ones wrap (two's complement). */
    private static long bits(Object v) {
        return v instanceof BigInteger big ? big.longValue() : Values.toLong(v);
    }

    private static BigInteger unsigned(long bits) {
        BigInteger value = BigInteger.valueOf(bits);
        return bits >= 0 ? value : value.add(BigInteger.ONE.shiftLeft(64));
    }
}
