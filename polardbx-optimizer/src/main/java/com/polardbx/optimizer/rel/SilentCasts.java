package com.polardbx.optimizer.rel;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Casts Calcite adds to give operands a common type, which MySQL evaluates without and which would change what the
 * DN does, left out of shard SQL:
 * <ul>
 * <li>a string cast to a string type at least as long ({@code COALESCE(s, 'n')} becomes {@code CASE .. THEN CAST(s AS
 * CHAR(10))}): on MySQL the cast converts to the connection's collation, so a comparison with a column of another
 * collation fails with 1267 or compares under the wrong one;</li>
 * <li>a number widened to another numeric type in a comparison ({@code 1.25 = CAST(id AS DECIMAL(12, 2))}): MySQL
 * compares an integer with a decimal as decimals itself, and the cast hides the column from the DN's optimizer,
 * whose index lookups give their own answers (MariaDB rounds {@code id = 1.25} to {@code id = 1} on an index).</li>
 * </ul>
 * The value and type the CN plans with stay the same; only the printed text loses the cast. Stateless.
 */
final class SilentCasts {
    private SilentCasts() {
    }

    /** {@code node} with such casts marked so that they print as their operand. */
    static RelNode unprinted(RelNode node, RexBuilder rexBuilder) {
        RexShuttle casts = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                RexCall visited = (RexCall) super.visitCall(call);
                if (visited.getKind() == SqlKind.CAST && isSameString(visited)) {
                    return unprinted(rexBuilder, visited);
                }
                if (!visited.getKind().belongsTo(SqlKind.COMPARISON) || visited.getOperands().size() != 2) {
                    return visited;
                }
                List<RexNode> operands = new ArrayList<>(visited.getOperands());
                boolean changed = false;
                for (int i = 0; i < operands.size(); i++) {
                    if (operands.get(i) instanceof RexCall cast && cast.getKind() == SqlKind.CAST
                        && isWideningNumber(cast)) {
                        operands.set(i, unprinted(rexBuilder, cast));
                        changed = true;
                    }
                }
                return changed ? visited.clone(visited.getType(), operands) : visited;
            }
        };
        return node.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                return super.visit(other).accept(casts);
            }
        });
    }

    private static RexNode unprinted(RexBuilder rexBuilder, RexCall cast) {
        return rexBuilder.makeCall(cast.getType(), Unprinted.INSTANCE, List.of(cast.getOperands().get(0)));
    }

    /** A string to a string type that holds it whole; a CAST the user wrote without a length is kept. */
    private static boolean isSameString(RexCall cast) {
        RelDataType from = cast.getOperands().get(0).getType();
        RelDataType to = cast.getType();
        return SqlTypeUtil.inCharFamily(from) && SqlTypeUtil.inCharFamily(to)
            && from.getPrecision() > 0 && to.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
            && to.getPrecision() >= from.getPrecision();
    }

    /** An integer or decimal to a numeric type holding all its values, or to a floating type. */
    private static boolean isWideningNumber(RexCall cast) {
        RelDataType from = cast.getOperands().get(0).getType();
        RelDataType to = cast.getType();
        if (!SqlTypeUtil.isExactNumeric(from) || !SqlTypeUtil.isNumeric(to)) {
            return false;
        }
        if (SqlTypeUtil.isApproximateNumeric(to)) {
            return to.getSqlTypeName() == SqlTypeName.DOUBLE;
        }
        int fromScale = SqlTypeUtil.isDecimal(from) ? from.getScale() : 0;
        int fromDigits = SqlTypeUtil.isDecimal(from) ? from.getPrecision() - fromScale : integerDigits(from);
        int toScale = SqlTypeUtil.isDecimal(to) ? to.getScale() : 0;
        int toDigits = SqlTypeUtil.isDecimal(to) ? to.getPrecision() - toScale : integerDigits(to);
        return fromDigits > 0 && toDigits >= fromDigits && toScale >= fromScale
            && (SqlTypeUtil.isDecimal(to) || !SqlTypeUtil.isDecimal(from));
    }

    private static int integerDigits(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            default -> -1;
        };
    }

    /** Its operand, typed as the cast it replaces, printed as the bare operand. */
    private static final class Unprinted extends SqlFunction {
        static final Unprinted INSTANCE = new Unprinted();

        private Unprinted() {
            super("UNPRINTED_CAST", SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, OperandTypes.ANY,
                SqlFunctionCategory.SYSTEM);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            call.operand(0).unparse(writer, leftPrec, rightPrec);
        }
    }
}
