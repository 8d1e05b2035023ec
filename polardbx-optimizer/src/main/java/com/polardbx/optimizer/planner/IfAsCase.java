package com.polardbx.optimizer.planner;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;

/**
 * {@code IF(c, x, y)} rewritten as {@code CASE WHEN c THEN x ELSE y END}, which MySQL defines alike. Calcite's IF
 * demands that x and y have one type family, so {@code IF(c, datetime_col, date_col)} or {@code IF(c, s, 1)} failed
 * validation; CASE takes MySQL's common type of its results (and Calcite converts IF to CASE anyway). In place;
 * stateless.
 */
final class IfAsCase {
    private IfAsCase() {
    }

    /** Rewrites every IF call below {@code node} in place; returns {@code node}, or its CASE when it is an IF. */
    static SqlNode rewrite(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, rewrite(list.get(i)));
            }
            return list;
        }
        if (!(node instanceof SqlCall call)) {
            return node;
        }
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode operand = call.operand(i);
            SqlNode rewritten = rewrite(operand);
            if (rewritten != operand) {
                call.setOperand(i, rewritten);
            }
        }
        if (call.getOperator().getName().equalsIgnoreCase("IF") && call.operandCount() == 3
            && !(call instanceof SqlCase)) {
            return new SqlCase(call.getParserPosition(), null, SqlNodeList.of(call.operand(0)),
                SqlNodeList.of(call.operand(1)), call.operand(2));
        }
        return call;
    }
}
