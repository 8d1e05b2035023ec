package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * Keeps {@code expr [NOT] IN (...)} over a list that mixes numbers and quoted strings away from Calcite's range
 * logic, which compared the two kinds of values with each other and failed (a ClassCastException, 1105 to the
 * client). MySQL compares each value by its own rules (and advises against such lists); the DNs do, so the predicate
 * becomes {@link #OPERATOR}, a call Calcite does not look into, printed back as the same IN for the DN. Stateless.
 */
final class MixedInLists {
    /** {@code POLARDBX_MIXED_IN(expr, v1, v2, ...)}, printed as {@code (expr) IN (v1, v2, ...)}. */
    static final SqlFunction OPERATOR = new SqlFunction("POLARDBX_MIXED_IN", SqlKind.OTHER_FUNCTION,
        ReturnTypes.BOOLEAN_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM) {
        /** Typed here: the operator is in no operator table (no name lookup), and no client can spell it. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                validator.deriveType(scope, operand);
            }
            RelDataTypeFactory types = validator.getTypeFactory();
            return types.createTypeWithNullability(types.createSqlType(SqlTypeName.BOOLEAN), true);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            SqlWriter.Frame whole = writer.startList("(", ")");
            SqlWriter.Frame left = writer.startList("(", ")");
            call.operand(0).unparse(writer, 0, 0);
            writer.endList(left);
            writer.keyword("IN");
            SqlWriter.Frame values = writer.startList("(", ")");
            for (int i = 1; i < call.operandCount(); i++) {
                writer.sep(",");
                call.operand(i).unparse(writer, 0, 0);
            }
            writer.endList(values);
            writer.endList(whole);
        }
    };

    private MixedInLists() {
    }

    /** The tree with each IN list of mixed literals replaced; the same tree when there is none. */
    static SqlNode rewrite(SqlNode parsed) {
        SqlNode out = parsed.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN) && call.operandCount() == 2
                    && call.operand(1) instanceof SqlNodeList list && mixed(list)) {
                    SqlNode left = call.operand(0).accept(this);
                    List<SqlNode> operands = new ArrayList<>(list.size() + 1);
                    operands.add(left == null ? call.operand(0) : left);
                    operands.addAll(list.getList());
                    SqlCall in = new SqlBasicCall(OPERATOR, operands, call.getParserPosition());
                    return call.getKind() == SqlKind.IN ? in : SqlStdOperatorTable.NOT.createCall(
                        call.getParserPosition(), in);
                }
                return super.visit(call);
            }
        });
        return out == null ? parsed : out;
    }

    /** Literals only, numbers and strings both among them. */
    private static boolean mixed(SqlNodeList list) {
        boolean numbers = false;
        boolean strings = false;
        for (SqlNode value : list) {
            if (value instanceof SqlNumericLiteral) {
                numbers = true;
            } else if (value instanceof SqlCharStringLiteral) {
                strings = true;
            } else {
                return false;
            }
        }
        return numbers && strings;
    }

    /** The convertlet of {@link #OPERATOR}: the same call over the converted operands. */
    static RexNode convert(SqlRexContext cx, SqlCall call) {
        List<RexNode> operands = new ArrayList<>(call.operandCount());
        for (SqlNode operand : call.getOperandList()) {
            operands.add(cx.convertExpression(operand));
        }
        // the type the validator derived (nullable boolean), which the converted row type must keep
        return cx.getRexBuilder().makeCall(cx.getValidator().getValidatedNodeType(call), OPERATOR, operands);
    }
}
