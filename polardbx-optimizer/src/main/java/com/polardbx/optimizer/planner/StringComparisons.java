package com.polardbx.optimizer.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql2rel.SqlRexConvertlet;

/**
 * Converts a comparison of two strings without Calcite's casts to a common type. Calcite casts both sides when
 * their collations differ ({@code a = 'x' COLLATE utf8mb4_bin}), and on MySQL {@code CAST(.. AS CHAR(n))} truncates
 * and drops the explicit collation; MySQL itself compares the strings as they are, under the stronger collation.
 */
final class StringComparisons {
    private StringComparisons() {
    }

    /** A convertlet for {@code call} when it compares two strings, else null. */
    static SqlRexConvertlet of(SqlCall call) {
        if (!call.getKind().belongsTo(SqlKind.BINARY_COMPARISON) || call.operandCount() != 2) {
            return null;
        }
        return (cx, c) -> {
            RelDataType left = cx.getValidator().getValidatedNodeTypeIfKnown(c.operand(0));
            RelDataType right = cx.getValidator().getValidatedNodeTypeIfKnown(c.operand(1));
            if (left == null || right == null || !SqlTypeUtil.inCharFamily(left) || !SqlTypeUtil.inCharFamily(right)
                || left.getCollation() == null || left.getCollation().equals(right.getCollation())) {
                return org.apache.calcite.sql2rel.StandardConvertletTable.INSTANCE.convertCall(cx, c);
            }
            RexNode a = cx.convertExpression(c.operand(0));
            RexNode b = cx.convertExpression(c.operand(1));
            return cx.getRexBuilder().makeCall(c.getOperator(), a, b);
        };
    }
}
