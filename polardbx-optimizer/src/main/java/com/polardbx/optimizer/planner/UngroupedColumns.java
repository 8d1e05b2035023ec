package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Litmus;

/**
 * Without ONLY_FULL_GROUP_BY in sql_mode, MySQL lets an aggregating query select (and order by) a column that is
 * neither grouped nor aggregated, and answers with any value of the group; Calcite's validator refuses it ("is not
 * being grouped"). Before such a query is validated again, each such column of the select list and ORDER BY is
 * wrapped in {@code MIN(...)}: a value of the group, as MySQL promises, that every route (DN, partial and final
 * aggregate) computes. MariaDB 10.11 has no ANY_VALUE to send to the DNs instead.
 *
 * <p>A column is left alone when it is inside an aggregate call, a window or a subquery, when it or an enclosing
 * expression is a GROUP BY expression (also by name alone, {@code cor0.col1} for {@code GROUP BY col1}), when its
 * select item is grouped by position or alias, or, in ORDER BY, when it names a select item. Stateless.
 */
final class UngroupedColumns {
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "GROUP_CONCAT",
        "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP",
        "JSON_ARRAYAGG", "JSON_OBJECTAGG", "ANY_VALUE", "LISTAGG");

    private UngroupedColumns() {
    }

    /** Wraps the ungrouped columns of every aggregating SELECT of {@code query}, in place. */
    static void wrap(SqlNode query) {
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select) {
                    wrapSelect(select, orderBy.orderList);
                } else if (call instanceof SqlSelect select) {
                    wrapSelect(select, select.getOrderList());
                }
                return super.visit(call);
            }
        });
    }

    private static void wrapSelect(SqlSelect select, SqlNodeList orderList) {
        if (!aggregating(select) || hasWindow(select.getSelectList()) || orderList != null && hasWindow(orderList)) {
            return;
        }
        List<SqlNode> groupKeys = select.getGroup() == null ? List.of() : select.getGroup().getList();
        SqlNodeList items = select.getSelectList();
        List<String> aliases = new ArrayList<>();
        for (SqlNode item : items) {
            aliases.add(item.getKind() == SqlKind.AS ? name(((SqlCall) item).operand(1)) : null);
        }
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (groupedItem(groupKeys, i, aliases.get(i))) {
                continue;
            }
            if (item.getKind() == SqlKind.AS) {
                SqlCall as = (SqlCall) item;
                as.setOperand(0, wrapExpression(as.operand(0), groupKeys, List.of()));
            } else if (!(item instanceof SqlIdentifier id && id.isStar())) {
                items.set(i, wrapExpression(item, groupKeys, List.of()));
            }
        }
        if (orderList != null) {
            for (int i = 0; i < orderList.size(); i++) {
                orderList.set(i, wrapExpression(orderList.get(i), groupKeys, aliases));
            }
        }
    }

    /** Whether select item {@code i} is grouped by its position or its alias. */
    private static boolean groupedItem(List<SqlNode> groupKeys, int i, String alias) {
        for (SqlNode key : groupKeys) {
            if (key instanceof SqlNumericLiteral n && n.isInteger() && n.intValue(false) == i + 1
                || alias != null && key instanceof SqlIdentifier id && id.isSimple()
                && id.getSimple().equalsIgnoreCase(alias)) {
                return true;
            }
        }
        return false;
    }

    private static SqlNode wrapExpression(SqlNode e, List<SqlNode> groupKeys, List<String> aliases) {
        if (e == null || isGroupKey(e, groupKeys)) {
            return e;
        }
        if (e instanceof SqlIdentifier id) {
            if (id.isStar() || id.isSimple() && aliases.stream().anyMatch(id.getSimple()::equalsIgnoreCase)) {
                return e;
            }
            return SqlStdOperatorTable.MIN.createCall(SqlParserPos.ZERO, e);
        }
        if (e instanceof SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                list.set(i, wrapExpression(list.get(i), groupKeys, aliases));
            }
            return e;
        }
        if (!(e instanceof SqlCall call) || e instanceof SqlSelect || e.getKind().belongsTo(SqlKind.QUERY)
            || isAggregate(call) || e.getKind() == SqlKind.OVER) {
            return e;
        }
        List<SqlNode> operands = call.getOperandList();
        for (int i = 0; i < operands.size(); i++) {
            SqlNode operand = operands.get(i);
            SqlNode wrapped = wrapExpression(operand, groupKeys, aliases);
            if (wrapped != operand) {
                if (!(call instanceof SqlBasicCall)) {
                    return e; // a call of fixed shape: left as it is (Calcite then reports the column)
                }
                call.setOperand(i, wrapped);
            }
        }
        return e;
    }

    private static boolean isGroupKey(SqlNode e, List<SqlNode> groupKeys) {
        for (SqlNode key : groupKeys) {
            if (key.equalsDeep(e, Litmus.IGNORE)) {
                return true;
            }
            if (e instanceof SqlIdentifier id && key instanceof SqlIdentifier k && !id.isStar()
                && last(id).equalsIgnoreCase(last(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean aggregating(SqlSelect select) {
        if (select.getGroup() != null && !select.getGroup().isEmpty() || select.getHaving() != null) {
            return true;
        }
        for (SqlNode item : select.getSelectList()) {
            if (containsAggregate(item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAggregate(SqlNode node) {
        return contains(node, UngroupedColumns::isAggregate, true);
    }

    private static boolean hasWindow(SqlNodeList list) {
        return contains(list, call -> call.getKind() == SqlKind.OVER, false);
    }

    /** Whether a call {@code test} accepts occurs in {@code node}, outside subqueries (and windows if asked). */
    private static boolean contains(SqlNode node, java.util.function.Predicate<SqlCall> test, boolean skipWindows) {
        Boolean found = node.accept(new SqlBasicVisitor<Boolean>() {
            @Override
            public Boolean visit(SqlCall call) {
                if (call instanceof SqlSelect || skipWindows && call.getKind() == SqlKind.OVER) {
                    return false;
                }
                if (test.test(call)) {
                    return true;
                }
                for (SqlNode operand : call.getOperandList()) {
                    if (operand != null && Boolean.TRUE.equals(operand.accept(this))) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Boolean visit(SqlNodeList list) {
                for (SqlNode n : list) {
                    if (n != null && Boolean.TRUE.equals(n.accept(this))) {
                        return true;
                    }
                }
                return false;
            }
        });
        return Boolean.TRUE.equals(found);
    }

    private static boolean isAggregate(SqlCall call) {
        return call.getOperator().isAggregator()
            || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    private static String last(SqlIdentifier id) {
        return id.names.get(id.names.size() - 1);
    }

    private static String name(SqlNode node) {
        return node instanceof SqlIdentifier id ? last(id) : null;
    }
}
