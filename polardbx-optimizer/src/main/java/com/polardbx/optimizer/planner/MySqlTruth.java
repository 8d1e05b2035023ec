package com.polardbx.optimizer.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * MySQL lets any value be a condition ({@code WHERE s}, {@code CASE WHEN n THEN}, {@code HAVING SUM(x)}): it is true
 * when it is a number other than 0, a string converting to one. Calcite's validator wants BOOLEANs there, so before
 * validation every such condition that is not already a predicate is wrapped in {@code MYSQL_TRUTH(x)}, which the
 * conversion to relational expressions replaces by {@code x <> 0} ({@code CAST(x AS DOUBLE) <> 0} for a string) or
 * by x itself when it is BOOLEAN after all. Stateless.
 */
final class MySqlTruth {
    static final SqlFunction FUNCTION = new SqlFunction("MYSQL_TRUTH", SqlKind.OTHER_FUNCTION,
        ReturnTypes.BOOLEAN.andThen(SqlTypeTransforms.TO_NULLABLE), InferTypes.BOOLEAN, OperandTypes.ANY,
        SqlFunctionCategory.SYSTEM);

    private MySqlTruth() {
    }

    /** Wraps the non-predicate conditions of WHERE, HAVING, JOIN ... ON and CASE WHEN, in place. */
    static void wrapConditions(SqlNode query) {
        if (query == null) {
            return;
        }
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    select.setWhere(wrap(select.getWhere()));
                    select.setHaving(wrap(select.getHaving()));
                } else if (call instanceof SqlJoin join
                    && join.getConditionType() == org.apache.calcite.sql.JoinConditionType.ON) {
                    join.setOperand(5, wrap(join.getCondition()));
                } else if (call instanceof SqlCase sqlCase) {
                    SqlNodeList whens = sqlCase.getWhenOperands();
                    // a simple CASE x WHEN v compares values: only the searched CASE WHEN has conditions
                    if (sqlCase.getValueOperand() == null) {
                        for (int i = 0; i < whens.size(); i++) {
                            whens.set(i, wrap(whens.get(i)));
                        }
                    }
                }
                return super.visit(call);
            }
        });
    }

    private static SqlNode wrap(SqlNode condition) {
        if (condition == null || isPredicate(condition)) {
            return condition;
        }
        return FUNCTION.createCall(condition.getParserPosition(), condition);
    }

    /** Whether the node is surely BOOLEAN already (a comparison, a logical operator, a boolean literal...). */
    private static boolean isPredicate(SqlNode node) {
        if (node instanceof SqlLiteral literal) {
            return literal.getTypeName() == SqlTypeName.BOOLEAN || literal.getTypeName() == SqlTypeName.NULL;
        }
        if (!(node instanceof SqlBasicCall call)) {
            return node instanceof SqlCall c && c.getOperator() == FUNCTION;
        }
        SqlKind kind = call.getKind();
        return kind.belongsTo(SqlKind.COMPARISON) || kind == SqlKind.AND || kind == SqlKind.OR
            || kind == SqlKind.NOT || kind == SqlKind.EXISTS || kind == SqlKind.LIKE || kind == SqlKind.SIMILAR
            || kind == SqlKind.BETWEEN || kind == SqlKind.IN || kind == SqlKind.NOT_IN || kind == SqlKind.SOME
            || kind == SqlKind.ALL || isTest(kind)
            || call.getOperator() == FUNCTION;
    }

    private static boolean isTest(SqlKind kind) {
        return java.util.EnumSet.of(SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_NOT_TRUE,
            SqlKind.IS_FALSE, SqlKind.IS_NOT_FALSE, SqlKind.IS_UNKNOWN,
            SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM).contains(kind);
    }

    /** {@code x <> 0} for a number, {@code CAST(x AS DOUBLE) <> 0} for a string, x for a BOOLEAN. */
    static RexNode toRex(RexBuilder rex, RexNode x) {
        RelDataType type = x.getType();
        if (SqlTypeUtil.isBoolean(type)) {
            return x;
        }
        RexNode number = x;
        if (!SqlTypeUtil.isNumeric(type)) {
            RelDataType dbl = rex.getTypeFactory().createTypeWithNullability(
                rex.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), type.isNullable());
            number = rex.makeCast(dbl, x, false, false);
        }
        return rex.makeCall(SqlStdOperatorTable.NOT_EQUALS, number, rex.makeExactLiteral(java.math.BigDecimal.ZERO));
    }
}
