package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import com.polardbx.executor.expression.ArithmeticFunctions.NumericClass;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * ABS, ROUND, TRUNCATE, FLOOR, CEIL with MySQL's rounding (half away from zero for exact values, half-even for
 * doubles), SIGN, and the DOUBLE functions (POW, SQRT, EXP, LN, LOG, PI, DEGREES, RADIANS): NULL outside their
 * domain, error 1690 on overflow.
 */
final class MathFunctions {
    private MathFunctions() {
    }

    static RowExpression abs(RowExpression arg, String text) {
        RowExpression[] args = {arg};
        return switch (ArithmeticFunctions.classOf(arg.type())) {
            case DOUBLE -> new StrictCall(ColumnType.DOUBLE, args, v -> Math.abs(Values.toDouble(v[0])));
            case DECIMAL -> new StrictCall(arg.type(), args, v -> Values.toDecimal(v[0]).abs());
            case INTEGER -> arg.type().unsigned() ? new StrictCall(arg.type(), args, v -> v[0])
                : new StrictCall(ColumnType.BIGINT, args, v -> {
                    long x = Values.toLong(v[0]);
                    if (x == Long.MIN_VALUE) {
                        throw ArithmeticFunctions.outOfRange(text);
                    }
                    return Math.abs(x);
                });
        };
    }

    /** ROUND(x [, d]); the result scale is d when d is a constant, as in MySQL. */
    static RowExpression round(RowExpression[] args) {
        RowExpression x = args[0];
        Integer constantDigits = null;
        if (args.length == 1) {
            constantDigits = 0;
        } else if (args[1] instanceof Constant c && c.value() != null) {
            constantDigits = (int) Math.max(-65, Math.min(65, Values.toLong(c.value())));
        }
        NumericClass cls = ArithmeticFunctions.classOf(x.type());
        ColumnType type = switch (cls) {
            case DOUBLE -> ColumnType.DOUBLE;
            case INTEGER -> x.type().unsigned() ? ColumnType.BIGINT_UNSIGNED : ColumnType.BIGINT;
            // MySQL: ROUND(1.55, 3) is 1.550, the constant's digits (up to 30)
            case DECIMAL -> ColumnType.decimal(constantDigits == null ? x.type().scale()
                : Math.max(0, Math.min(constantDigits, 30)));
        };
        return new StrictCall(type, args, v -> {
            int d = v.length > 1 ? (int) Math.max(-65, Math.min(65, Values.toLong(v[1]))) : 0;
            if (cls == NumericClass.DOUBLE) {
                double value = Values.toDouble(v[0]);
                double factor = Math.pow(10, d);
                return Math.rint(value * factor) / factor;
            }
            BigDecimal rounded = Values.toDecimal(v[0]).setScale(d, RoundingMode.HALF_UP);
            return d < 0 ? rounded.setScale(0, RoundingMode.UNNECESSARY) : rounded;
        });
    }

    /** FLOOR (ceiling = false) or CEIL: BIGINT for exact values, DOUBLE for approximate ones. */
    static RowExpression floorOrCeil(RowExpression arg, boolean ceiling, String text) {
        RowExpression[] args = {arg};
        RoundingMode mode = ceiling ? RoundingMode.CEILING : RoundingMode.FLOOR;
        return switch (ArithmeticFunctions.classOf(arg.type())) {
            case DOUBLE -> new StrictCall(ColumnType.DOUBLE, args,
                v -> ceiling ? Math.ceil(Values.toDouble(v[0])) : Math.floor(Values.toDouble(v[0])));
            case INTEGER -> new StrictCall(arg.type(), args, v -> v[0]);
            case DECIMAL -> new StrictCall(ColumnType.BIGINT, args, v -> {
                try {
                    return Values.toDecimal(v[0]).setScale(0, mode).longValueExact();
                } catch (ArithmeticException e) {
                    throw ArithmeticFunctions.outOfRange(text);
                }
            });
        };
    }

    /**
     * TRUNCATE(x, d): towards zero at d digits after the point (before it when negative), keeping x's kind; a DECIMAL
     * result has scale d when d is a constant, as in MySQL.
     */
    static RowExpression truncate(RowExpression[] args) {
        NumericClass cls = ArithmeticFunctions.classOf(args[0].type());
        int scale = args[1] instanceof Constant c && c.value() != null
            ? (int) Math.max(0, Math.min(Values.toLong(c.value()), 30)) : args[0].type().scale();
        ColumnType type = cls == NumericClass.DECIMAL ? ColumnType.decimal(scale)
            : cls == NumericClass.DOUBLE ? ColumnType.DOUBLE
            : args[0].type().unsigned() ? ColumnType.BIGINT_UNSIGNED : ColumnType.BIGINT;
        return new StrictCall(type, args, v -> {
            int d = (int) Math.max(-65, Math.min(65, Values.toLong(v[1])));
            if (cls == NumericClass.DOUBLE) {
                double x = Values.toDouble(v[0]);
                double factor = Math.pow(10, d);
                double scaled = x * factor;
                return Double.isInfinite(scaled) ? x : (x < 0 ? Math.ceil(scaled) : Math.floor(scaled)) / factor;
            }
            BigDecimal t = Values.toDecimal(v[0]).setScale(d, RoundingMode.DOWN);
            return d < 0 || cls == NumericClass.INTEGER ? t.setScale(0, RoundingMode.UNNECESSARY) : t;
        });
    }

    static RowExpression sign(RowExpression arg) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {arg}, v -> (long) (ArithmeticFunctions
            .classOf(arg.type()) == NumericClass.DOUBLE ? Math.signum(Values.toDouble(v[0]))
            : Values.toDecimal(v[0]).signum()));
    }

    /** A DOUBLE function of the arguments; NaN (outside the domain) is NULL, infinity is error 1690. */
    static RowExpression real(RowExpression[] args, String text, java.util.function.ToDoubleFunction<double[]> f) {
        return new StrictCall(ColumnType.DOUBLE, args, v -> {
            double[] x = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                x[i] = Values.toDouble(v[i]);
            }
            double r = f.applyAsDouble(x);
            return Double.isNaN(r) ? null : ArithmeticFunctions.finite(r, text);
        });
    }

    /** LN, LOG, LOG10, LOG2: NULL for arguments <= 0 (MySQL), not -infinity. */
    static double log(double x, double base) {
        return x <= 0 || base <= 0 || base == 1 ? Double.NaN : Math.log(x) / Math.log(base);
    }
}
