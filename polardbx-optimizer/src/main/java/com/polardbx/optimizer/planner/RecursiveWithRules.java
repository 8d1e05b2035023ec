package com.polardbx.optimizer.planner;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * MariaDB's restrictions on the recursive part of a WITH RECURSIVE (standard_compliant_cte=1, its default), checked
 * on the parsed query: the CTE is read once, directly in the FROM clause of a SELECT without aggregates, window
 * functions or GROUP BY, and not as the NULL-filled side of an outer join. A violation is MariaDB's error 4008, not
 * a result MariaDB would never give.
 */
final class RecursiveWithRules {
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "GROUP_CONCAT",
        "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP",
        "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG");

    private RecursiveWithRules() {
    }

    static void check(SqlNode parsed) {
        parsed.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlWith with) {
                    for (SqlNode item : with.withList) {
                        SqlWithItem withItem = (SqlWithItem) item;
                        if (withItem.recursive.booleanValue() && withItem.query instanceof SqlBasicCall union
                            && union.getKind() == SqlKind.UNION) {
                            checkRecursivePart(withItem.name.getSimple(), union.operand(1));
                        }
                    }
                }
                return super.visit(call);
            }
        });
    }

    private static void checkRecursivePart(String name, SqlNode part) {
        if (part instanceof SqlBasicCall union && union.getKind() == SqlKind.UNION) {
            for (SqlNode operand : union.getOperandList()) {
                checkRecursivePart(name, operand);
            }
            return;
        }
        if (!(part instanceof SqlSelect select)) {
            return;
        }
        int direct = fromReferences(name, select.getFrom(), false);
        int nested = 0;
        for (SqlNode clause : new SqlNode[] {select.getSelectList(), select.getWhere(), select.getHaving()}) {
            nested += references(name, clause);
        }
        boolean aggregated = select.getGroup() != null && !select.getGroup().isEmpty()
            || aggregates(select.getSelectList()) || aggregates(select.getHaving());
        if (direct > 1 || nested > 0 || direct > 0 && aggregated) {
            throw violated(name);
        }
    }

    /** References to {@code name} as a table of this FROM clause; throws when one is an outer join's inner side. */
    private static int fromReferences(String name, SqlNode from, boolean nullFilled) {
        if (from == null) {
            return 0;
        }
        if (from instanceof SqlJoin join) {
            JoinType type = join.getJoinType();
            return fromReferences(name, join.getLeft(), nullFilled || type == JoinType.RIGHT || type == JoinType.FULL)
                + fromReferences(name, join.getRight(), nullFilled || type == JoinType.LEFT
                    || type == JoinType.FULL);
        }
        if (from.getKind() == SqlKind.AS) {
            return fromReferences(name, ((SqlBasicCall) from).operand(0), nullFilled);
        }
        if (from instanceof SqlIdentifier id && id.names.size() == 1 && id.getSimple().equalsIgnoreCase(name)) {
            if (nullFilled) {
                throw violated(name);
            }
            return 1;
        }
        return references(name, from); // a derived table
    }

    /** References to {@code name} as a table anywhere under {@code node} (subqueries included). */
    private static int references(String name, SqlNode node) {
        if (node == null) {
            return 0;
        }
        int[] count = {0};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    count[0] += tableNamed(name, select.getFrom());
                }
                return super.visit(call);
            }
        });
        return count[0];
    }

    private static int tableNamed(String name, SqlNode from) {
        if (from instanceof SqlJoin join) {
            return tableNamed(name, join.getLeft()) + tableNamed(name, join.getRight());
        }
        if (from != null && from.getKind() == SqlKind.AS) {
            return tableNamed(name, ((SqlBasicCall) from).operand(0));
        }
        return from instanceof SqlIdentifier id && id.names.size() == 1 && id.getSimple().equalsIgnoreCase(name)
            ? 1 : 0;
    }

    /** Aggregate or window calls of this SELECT's own expressions (not of its subqueries). */
    private static boolean aggregates(SqlNode node) {
        if (node == null) {
            return false;
        }
        boolean[] found = {false};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect) {
                    return null;
                }
                String op = call.getOperator().getName().toUpperCase(Locale.ROOT);
                found[0] |= call.getKind() == SqlKind.OVER || call.getOperator().isAggregator()
                    || AGGREGATES.contains(op);
                return super.visit(call);
            }
        });
        return found[0];
    }

    private static SqlError violated(String name) {
        return new SqlError(ErrorCode.ER_NOT_STANDARD_COMPLIANT_RECURSIVE, name);
    }
}
