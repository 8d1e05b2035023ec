package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * Plans {@code column [NOT] IN (n1, n2, ...)} over many numeric literals in one step instead of one per value.
 *
 * <p>Calcite converts an IN list value by value (a full {@code column = n} conversion each, identifier lookup
 * included), which made a 50,000-value list take seconds to plan. A long list of numbers, or of plain string literals
 * (no introducer, no COLLATE), on a column is replaced, after parsing, by {@link #OPERATOR}, whose conversion builds
 * the SEARCH (a {@code Sarg}) Calcite would have reached by simplifying the OR of equalities: the same predicate,
 * pushed to the DNs as the same IN (and when the values do not fit the column's type, the same OR of equalities,
 * which the DNs compare as MySQL does). Shorter lists, lists mixing numbers and strings and anything but a column on
 * the left keep Calcite's own path. Stateless.
 */
final class LongInLists {
    /** Lists at least this long take the fast path. */
    static final int MIN_VALUES = 64;

    /** {@code POLARDBX_IN_LIST(column, n1, n2, ...)}: true when the column equals one of the numbers. */
    static final SqlFunction OPERATOR = new SqlFunction("POLARDBX_IN_LIST", SqlKind.OTHER_FUNCTION,
        ReturnTypes.BOOLEAN_NULLABLE, InferTypes.FIRST_KNOWN, OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM) {
        /** Typed here: the operator is in no operator table (no name lookup), and no client can spell it. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            RelDataType column = validator.deriveType(scope, call.operand(0));
            for (int i = 1; i < call.operandCount(); i++) {
                validator.deriveType(scope, call.operand(i));
            }
            RelDataTypeFactory types = validator.getTypeFactory();
            return types.createTypeWithNullability(types.createSqlType(SqlTypeName.BOOLEAN), column.isNullable());
        }
    };

    private LongInLists() {
    }

    /** The tree with each long numeric IN list replaced; the same tree when there is none. */
    static SqlNode rewrite(SqlNode parsed) {
        SqlNode out = parsed.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode replaced = replace(call);
                return replaced != null ? replaced : super.visit(call);
            }
        });
        return out == null ? parsed : out;
    }

    private static SqlNode replace(SqlCall call) {
        if ((call.getKind() != SqlKind.IN && call.getKind() != SqlKind.NOT_IN) || call.operandCount() != 2
            || !(call.operand(0) instanceof SqlIdentifier column) || !(call.operand(1) instanceof SqlNodeList list)
            || list.size() < MIN_VALUES) {
            return null;
        }
        List<SqlNode> operands = new ArrayList<>(list.size() + 1);
        operands.add(column);
        boolean numbers = list.get(0) instanceof SqlNumericLiteral;
        for (SqlNode value : list) {
            if (numbers ? !(value instanceof SqlNumericLiteral) : !plainString(value)) {
                return null;
            }
            operands.add(value);
        }
        SqlParserPos pos = call.getParserPosition();
        SqlCall in = new SqlBasicCall(OPERATOR, operands, pos);
        return call.getKind() == SqlKind.IN ? in : SqlStdOperatorTable.NOT.createCall(pos, in);
    }

    /** A string literal that takes the column's charset and collation, as MySQL compares {@code column = 'x'}. */
    private static boolean plainString(SqlNode value) {
        return value instanceof SqlCharStringLiteral literal && literal.getNlsString().getCharsetName() == null
            && literal.getNlsString().getCollation() == null;
    }

    /** The convertlet of {@link #OPERATOR}: one SEARCH over all values (an OR of equalities if they don't fit one). */
    static RexNode convert(SqlRexContext cx, SqlCall call) {
        RexBuilder rex = cx.getRexBuilder();
        RexNode column = cx.convertExpression(call.operand(0));
        List<RexNode> values = new ArrayList<>(call.operandCount() - 1);
        for (int i = 1; i < call.operandCount(); i++) {
            values.add(cx.convertExpression(call.operand(i)));
        }
        return rex.makeIn(column, values);
    }
}
