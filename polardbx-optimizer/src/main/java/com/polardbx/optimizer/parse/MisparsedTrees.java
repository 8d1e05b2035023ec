package com.polardbx.optimizer.parse;

import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.statement.SQLDeleteStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLJoinTableSource;
import com.alibaba.druid.sql.ast.statement.SQLShowColumnsStatement;
import com.alibaba.druid.sql.ast.statement.SQLTableSource;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.alibaba.druid.sql.ast.statement.SQLWithSubqueryClause;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;

/**
 * Finds what Druid builds from text MySQL rejects: a call without a name ({@code id (())}, {@code CAST(n AS CHAR)
 * (IF, 1)}: an empty parenthesized expression), a WITH entry without a query ({@code WITH c AS ()}), and an UPDATE
 * or DELETE whose target is not a table name ({@code DELETE FROM FROM t}, {@code DELETE FROM t IN (1, 2)},
 * {@code DELETE FROM 99}), SHOW COLUMNS without a table. Every later step would trip over them; MySQL answers 1064. Stateless.
 */
final class MisparsedTrees {
    private MisparsedTrees() {
    }

    /** Whether {@code statement} was built from text MySQL would not accept. */
    static boolean has(SQLStatement statement) {
        if (statement instanceof SQLDeleteStatement delete && (!names(delete.getTableSource())
            || delete.getFrom() != null && !names(delete.getFrom()))) {
            return true;
        }
        if (statement instanceof SQLUpdateStatement update && !names(update.getTableSource())) {
            return true;
        }
        if (statement instanceof SQLShowColumnsStatement show && show.getTable() == null) {
            return true; // SHOW COLUMNS without FROM
        }
        boolean[] found = {false};
        statement.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLMethodInvokeExpr call) {
                if (call.getMethodName() == null || call.getMethodName().isEmpty()) {
                    found[0] = true;
                }
                return !found[0];
            }

            @Override
            public boolean visit(SQLWithSubqueryClause.Entry entry) {
                if (entry.getSubQuery() == null && entry.getReturningStatement() == null) {
                    found[0] = true;
                }
                return !found[0];
            }
        });
        return found[0];
    }

    /** Whether every table of a DML target (a table, or tables joined) is named by a name. */
    private static boolean names(SQLTableSource source) {
        if (source == null) {
            return true;
        }
        if (source instanceof SQLJoinTableSource join) {
            return names(join.getLeft()) && names(join.getRight());
        }
        return !(source instanceof SQLExprTableSource table) || table.getExpr() == null
            || table.getExpr() instanceof SQLName;
    }
}
