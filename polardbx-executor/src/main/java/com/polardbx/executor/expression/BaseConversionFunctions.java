package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.Values;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HexFormat;
import java.util.Locale;

/** CONV, BIN, OCT and HEX: numbers as unsigned 64-bit integers written in another base. */
final class BaseConversionFunctions {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private BaseConversionFunctions() {
    }

    /** CONV(n, from, to): n's leading digits read in base |from|; a negative {@code to} prints signed. */
    static RowExpression conv(RowExpression[] a) {
        return new StrictCall(ColumnType.VARCHAR, a, v -> convert(Values.toText(v[0]), (int) Values.toLong(v[1]),
            (int) Values.toLong(v[2])));
    }

    static RowExpression toBase(RowExpression arg, int base) {
        return new StrictCall(ColumnType.VARCHAR, new RowExpression[] {arg},
            v -> convert(Values.toText(v[0]), 10, base));
    }

    /** HEX: the bytes of a string, or a number rounded to an integer, in upper-case hexadecimal. */
    static RowExpression hex(RowExpression arg) {
        boolean text = arg.type().execType() == ExecType.STRING || arg.type().execType() == ExecType.BYTES;
        return new StrictCall(ColumnType.VARCHAR, new RowExpression[] {arg}, v -> {
            if (text) {
                return HexFormat.of().withUpperCase().formatHex(Values.toBytes(v[0]));
            }
            BigInteger n = Values.toDecimal(v[0]).setScale(0, RoundingMode.HALF_UP).toBigInteger();
            return unsigned(n).toString(16).toUpperCase(Locale.ROOT);
        });
    }

    private static String convert(String text, int from, int to) {
        int fromBase = Math.abs(from);
        int toBase = Math.abs(to);
        if (fromBase < 2 || fromBase > 36 || toBase < 2 || toBase > 36 || text.isEmpty()) {
            return null;
        }
        String s = text.strip();
        boolean negative = s.startsWith("-");
        int i = negative ? 1 : 0;
        BigInteger value = BigInteger.ZERO;
        for (; i < s.length() && Character.digit(s.charAt(i), fromBase) >= 0; i++) {
            value = value.multiply(BigInteger.valueOf(fromBase)).add(BigInteger.valueOf(Character.digit(s.charAt(i),
                fromBase)));
            if (value.compareTo(TWO_64) >= 0) {
                value = TWO_64.subtract(BigInteger.ONE); // saturates like MySQL
            }
        }
        if (negative) {
            value = value.negate();
        }
        BigInteger out = to < 0 ? BigInteger.valueOf(unsigned(value).longValue()) : unsigned(value);
        return out.toString(toBase).toUpperCase(Locale.ROOT);
    }

    /** Two's complement wrap into [0, 2^64). */
    private static BigInteger unsigned(BigInteger n) {
        return n.mod(TWO_64);
    }
}
