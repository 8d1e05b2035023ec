package com.polardbx.executor.expression;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * MySQL arithmetic: + - * / DIV MOD and unary minus, with MySQL's result types.
 *
 * <p>Integer op integer stays BIGINT (overflow is error 1690), any DOUBLE or string operand makes it DOUBLE,
 * otherwise DECIMAL. Division of exact values is DECIMAL with the dividend's scale + 4 (div_precision_increment);
 * division and modulo by zero give NULL.
 */
final class ArithmeticFunctions {
    /** MySQL's div_precision_increment default. */
    static final int DIV_PRECISION_INCREMENT = 4;
    private static final int MAX_DECIMAL_SCALE = 30;
    private static final BigInteger UNSIGNED_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** The three numeric evaluation classes of MySQL arithmetic. */
    enum NumericClass { INTEGER, DECIMAL, DOUBLE }

    private ArithmeticFunctions() {
    }

    static NumericClass classOf(ColumnType type) {
        return switch (type.execType()) {
            case LONG, BIG_INTEGER -> NumericClass.INTEGER;
            case DECIMAL -> NumericClass.DECIMAL;
            case DOUBLE, STRING, BYTES -> type.mysqlType() == com.polardbx.common.type.MysqlType.NULL
                ? NumericClass.INTEGER : NumericClass.DOUBLE;
        };
    }

    private static NumericClass common(ColumnType a, ColumnType b) {
        NumericClass ca = classOf(a);
        NumericClass cb = classOf(b);
        if (ca == NumericClass.DOUBLE || cb == NumericClass.DOUBLE) {
            return NumericClass.DOUBLE;
        }
        return ca == NumericClass.DECIMAL || cb == NumericClass.DECIMAL ? NumericClass.DECIMAL : NumericClass.INTEGER;
    }

    static RowExpression plusMinusTimes(char op, RowExpression a, RowExpression b, String text) {
        NumericClass cls = common(a.type(), b.type());
        boolean unsigned = a.type().unsigned() || b.type().unsigned();
        RowExpression[] args = {a, b};
        switch (cls) {
            case DOUBLE:
                return new StrictCall(ColumnType.DOUBLE, args, v -> finite(doubleOp(op, Values.toDouble(v[0]),
                    Values.toDouble(v[1])), text));
            case DECIMAL: {
                int scale = op == '*' ? a.type().scale() + b.type().scale()
                    : Math.max(a.type().scale(), b.type().scale());
                return new StrictCall(ColumnType.decimal(Math.min(scale, MAX_DECIMAL_SCALE)), args,
                    v -> decimalOp(op, Values.toDecimal(v[0]), Values.toDecimal(v[1])));
            }
            default:
                if (unsigned) {
                    return new StrictCall(ColumnType.BIGINT_UNSIGNED, args, v -> unsignedOp(op, v[0], v[1], text));
                }
                return new StrictCall(ColumnType.BIGINT, args, v -> longOp(op, Values.toLong(v[0]),
                    Values.toLong(v[1]), text));
        }
    }

    static RowExpression divide(RowExpression a, RowExpression b, String text) {
        RowExpression[] args = {a, b};
        if (common(a.type(), b.type()) == NumericClass.DOUBLE) {
            return new StrictCall(ColumnType.DOUBLE, args, v -> {
                double d = Values.toDouble(v[1]);
                return d == 0 ? null : finite(Values.toDouble(v[0]) / d, text);
            });
        }
        int scale = Math.min(a.type().scale() + DIV_PRECISION_INCREMENT, MAX_DECIMAL_SCALE);
        // MySQL computes the quotient truncated to whole 9-digit words of fraction and keeps that precision inside
        // the expression (1/3*3 is 0.999999999 shown as 1.0000); the declared scale applies when a value is stored.
        int internalScale = roundUpToWord(a.type().scale() + b.type().scale() + DIV_PRECISION_INCREMENT);
        return new StrictCall(ColumnType.decimal(scale), args, v -> {
            BigDecimal divisor = Values.toDecimal(v[1]);
            if (divisor.signum() == 0) {
                return null;
            }
            return Values.toDecimal(v[0]).divide(divisor, internalScale, RoundingMode.DOWN);
        });
    }

    /** Digits of fraction MySQL's decimal arithmetic keeps: whole words of 9 digits. */
    private static int roundUpToWord(int digits) {
        return (digits + 8) / 9 * 9;
    }

    /** Integer division (DIV): truncates toward zero; NULL when dividing by zero. */
    static RowExpression integerDivide(RowExpression a, RowExpression b, String text) {
        RowExpression[] args = {a, b};
        NumericClass cls = common(a.type(), b.type());
        boolean unsigned = a.type().execType() == ExecType.BIG_INTEGER || b.type().execType() == ExecType.BIG_INTEGER;
        return new StrictCall(ColumnType.BIGINT, args, v -> {
            if (cls == NumericClass.INTEGER && !unsigned) {
                long divisor = Values.toLong(v[1]);
                if (divisor == 0) {
                    return null;
                }
                long dividend = Values.toLong(v[0]);
                if (dividend == Long.MIN_VALUE && divisor == -1) {
                    throw outOfRange(text);
                }
                return dividend / divisor;
            }
            BigDecimal divisor = Values.toDecimal(v[1]);
            if (divisor.signum() == 0) {
                return null;
            }
            BigDecimal q = Values.toDecimal(v[0]).divideToIntegralValue(divisor);
            try {
                return q.longValueExact();
            } catch (ArithmeticException e) {
                throw outOfRange(text);
            }
        });
    }

    /** MOD / %: the result has the sign of the dividend; NULL when dividing by zero. */
    static RowExpression modulo(RowExpression a, RowExpression b) {
        RowExpression[] args = {a, b};
        NumericClass cls = common(a.type(), b.type());
        return switch (cls) {
            case INTEGER -> new StrictCall(ColumnType.BIGINT, args, v -> {
                long divisor = Values.toLong(v[1]);
                return divisor == 0 ? null : Values.toLong(v[0]) % divisor;
            });
            case DECIMAL -> new StrictCall(ColumnType.decimal(Math.max(a.type().scale(), b.type().scale())), args,
                v -> {
                    BigDecimal divisor = Values.toDecimal(v[1]);
                    return divisor.signum() == 0 ? null : Values.toDecimal(v[0]).remainder(divisor);
                });
            case DOUBLE -> new StrictCall(ColumnType.DOUBLE, args, v -> {
                double divisor = Values.toDouble(v[1]);
                return divisor == 0 ? null : Values.toDouble(v[0]) % divisor;
            });
        };
    }

    static RowExpression negate(RowExpression a, String text) {
        RowExpression[] args = {a};
        return switch (classOf(a.type())) {
            case DOUBLE -> new StrictCall(ColumnType.DOUBLE, args, v -> -Values.toDouble(v[0]));
            case DECIMAL -> new StrictCall(a.type(), args, v -> Values.toDecimal(v[0]).negate());
            case INTEGER -> a.type().execType() == ExecType.BIG_INTEGER
                ? new StrictCall(ColumnType.decimal(0), args, v -> Values.toDecimal(v[0]).negate())
                : new StrictCall(ColumnType.BIGINT, args, v -> {
                    try {
                        return Math.negateExact(Values.toLong(v[0]));
                    } catch (ArithmeticException e) {
                        throw outOfRange(text);
                    }
                });
        };
    }

    private static double doubleOp(char op, double a, double b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            default -> a * b;
        };
    }

    private static BigDecimal decimalOp(char op, BigDecimal a, BigDecimal b) {
        return switch (op) {
            case '+' -> a.add(b);
            case '-' -> a.subtract(b);
            default -> a.multiply(b);
        };
    }

    private static long longOp(char op, long a, long b, String text) {
        try {
            return switch (op) {
                case '+' -> Math.addExact(a, b);
                case '-' -> Math.subtractExact(a, b);
                default -> Math.multiplyExact(a, b);
            };
        } catch (ArithmeticException e) {
            throw outOfRange(text);
        }
    }

    private static BigInteger unsignedOp(char op, Object a, Object b, String text) {
        BigInteger x = Values.toDecimal(a).toBigInteger();
        BigInteger y = Values.toDecimal(b).toBigInteger();
        BigInteger r = switch (op) {
            case '+' -> x.add(y);
            case '-' -> x.subtract(y);
            default -> x.multiply(y);
        };
        if (r.signum() < 0 || r.compareTo(UNSIGNED_MAX) > 0) {
            throw new SqlError(ErrorCode.ER_DATA_OUT_OF_RANGE, "BIGINT UNSIGNED", text);
        }
        return r;
    }

    /** MySQL refuses a DOUBLE result that overflows (error 1690) instead of returning infinity. */
    static double finite(double result, String text) {
        if (Double.isInfinite(result) || Double.isNaN(result)) {
            throw new SqlError(ErrorCode.ER_DATA_OUT_OF_RANGE, "DOUBLE", text);
        }
        return result;
    }

    static SqlError outOfRange(String text) {
        return new SqlError(ErrorCode.ER_DATA_OUT_OF_RANGE, "BIGINT", text);
    }
}
