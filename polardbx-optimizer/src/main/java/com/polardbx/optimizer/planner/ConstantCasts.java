package com.polardbx.optimizer.planner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * A CAST of a number literal rewritten so that Calcite's folding gives MySQL's value: Calcite truncates
 * {@code CAST(-0.5 AS SIGNED)} to 0 and writes {@code CAST(-0.5 AS CHAR)} as {@code '-.5'}, MySQL rounds to -1 and
 * writes {@code '-0.5'}. The literal operand becomes the one MySQL's conversion gives ({@code CAST(-1 AS SIGNED)},
 * {@code CAST('-0.5' AS CHAR)}), which Calcite then folds alike. Casts of other operands are left to the DN or the CN
 * executor, which follow MySQL. Stateless.
 */
final class ConstantCasts {
    private static final BigDecimal MAX_SIGNED = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MIN_SIGNED = BigDecimal.valueOf(Long.MIN_VALUE);

    private ConstantCasts() {
    }

    /** {@code node} with each such cast's operand replaced (in place where possible). */
    static SqlNode rewrite(SqlNode node) {
        SqlNode out = node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                if (visited instanceof SqlBasicCall cast && cast.getKind() == SqlKind.CAST
                    && cast.operandCount() == 2 && cast.operand(1) instanceof SqlDataTypeSpec spec) {
                    SqlNode operand = mysqlValue(cast.operand(0), spec);
                    if (operand != null) {
                        cast.setOperand(0, operand);
                    }
                }
                return visited;
            }
        });
        return out == null ? node : out;
    }

    /** The literal MySQL's cast of {@code operand} to {@code spec} gives, as an operand of the same cast; or null. */
    private static SqlNode mysqlValue(SqlNode operand, SqlDataTypeSpec spec) {
        BigDecimal value = numberLiteral(operand);
        if (value == null || !spec.getTypeName().isSimple()) {
            return null;
        }
        boolean exact = isExact(operand);
        if (exact && value.scale() <= 0) {
            return null; // an integer: Calcite's value is MySQL's
        }
        SqlParserPos pos = operand.getParserPosition();
        String type = spec.getTypeName().getSimple().toUpperCase(Locale.ROOT);
        org.apache.calcite.sql.SqlTypeNameSpec name = spec.getTypeNameSpec();
        int precision = name instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic ? basic.getPrecision() : -1;
        int scale = name instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec basic ? basic.getScale() : -1;
        switch (type) {
            case "BIGINT" -> {
                // SIGNED: decimals round half away from zero, doubles to the nearest even; out of range: the bound
                BigDecimal rounded = value.setScale(0, exact ? RoundingMode.HALF_UP : RoundingMode.HALF_EVEN);
                if (spec.toString().toUpperCase(Locale.ROOT).contains("UNSIGNED")) {
                    return rounded.signum() < 0 ? null : SqlLiteral.createExactNumeric(rounded.toPlainString(), pos);
                }
                return SqlLiteral.createExactNumeric(rounded.max(MIN_SIGNED).min(MAX_SIGNED).toPlainString(), pos);
            }
            case "VARCHAR", "CHAR" -> {
                // MySQL writes a decimal as written, with its leading zero; a double in its own shortest form
                return exact && precision < 0 ? SqlLiteral.createCharString(value.toPlainString(), pos) : null;
            }
            case "DECIMAL" -> {
                if (!exact || scale < 0 || value.scale() <= scale) {
                    return null;
                }
                BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
                return precision > 0 && rounded.precision() - rounded.scale() > precision - scale ? null
                    : SqlLiteral.createExactNumeric(rounded.toPlainString(), pos);
            }
            default -> {
                return null;
            }
        }
    }

    /** The value of a number literal, possibly under unary minus signs; null for anything else. */
    private static BigDecimal numberLiteral(SqlNode node) {
        if (node instanceof SqlNumericLiteral literal) {
            return literal.getValueAs(BigDecimal.class);
        }
        if (node instanceof SqlCall call && call.getKind() == SqlKind.MINUS_PREFIX && call.operandCount() == 1) {
            BigDecimal inner = numberLiteral(call.operand(0));
            return inner == null ? null : inner.negate();
        }
        return null;
    }

    private static boolean isExact(SqlNode node) {
        SqlNode n = node;
        while (n instanceof SqlCall call && call.getKind() == SqlKind.MINUS_PREFIX) {
            n = call.operand(0);
        }
        return n instanceof SqlNumericLiteral literal && literal.isExact();
    }
}
