package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * MySQL's {@code FORMAT(x, d[, locale])}: x rounded half away from zero to d decimals (0..38), with {@code ,}
 * between thousands and {@code .} before the decimals (the en_US layout; a locale argument is accepted and ignored,
 * as the DNs default to en_US too).
 */
final class FormatFunction {
    private static final int MAX_DECIMALS = 38;

    private FormatFunction() {
    }

    static RowExpression format(RowExpression[] a) {
        RowExpression[] args = a.length > 2 ? new RowExpression[] {a[0], a[1]} : a;
        return new StrictCall(ColumnType.VARCHAR, args, v -> format(Values.toDecimal(v[0]),
            (int) Math.max(0, Math.min(MAX_DECIMALS, Values.toLong(v[1])))));
    }

    static String format(BigDecimal x, int decimals) {
        String plain = x.setScale(decimals, RoundingMode.HALF_UP).abs().toPlainString();
        int point = plain.indexOf('.');
        String whole = point < 0 ? plain : plain.substring(0, point);
        StringBuilder out = new StringBuilder();
        if (x.setScale(decimals, RoundingMode.HALF_UP).signum() < 0) {
            out.append('-');
        }
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(whole.charAt(i));
        }
        if (point >= 0) {
            out.append(plain, point, plain.length());
        }
        return out.toString();
    }
}
