package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLLimit;
import com.alibaba.druid.sql.ast.SQLObject;
import com.alibaba.druid.sql.ast.SQLOrderBy;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLDeleteStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLJoinTableSource;
import com.alibaba.druid.sql.ast.statement.SQLTableSource;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlDeleteStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an UPDATE or DELETE, single- or multi-table, that say which rows it changes: the table references
 * rows are read from, the WHERE, ORDER BY and LIMIT, and for a multi-table DELETE the names of its target tables.
 */
final class UpdateDeleteShape {
    final SQLStatement statement;
    final boolean isUpdate;
    /** Multi-table syntax: UPDATE with several table references, DELETE with FROM/USING after its targets. */
    final boolean multiTable;
    /** The table references the rows come from. */
    final SQLTableSource from;
    /** The tables {@link #from} names directly (not inside subqueries or derived tables). */
    final List<SQLExprTableSource> fromTables = new ArrayList<>();
    /** Multi-table DELETE: the tables it deletes from, as written (names or aliases of {@link #from}'s tables). */
    final List<SQLExprTableSource> deleteTargets = new ArrayList<>();
    final SQLExpr where;
    final SQLOrderBy orderBy;
    final SQLLimit limit;
    final List<SQLUpdateSetItem> items;

    private UpdateDeleteShape(SQLStatement statement, boolean isUpdate, boolean multiTable, SQLTableSource from,
                              SQLExpr where, SQLOrderBy orderBy, SQLLimit limit, List<SQLUpdateSetItem> items) {
        this.statement = statement;
        this.isUpdate = isUpdate;
        this.multiTable = multiTable;
        this.from = from;
        this.where = where;
        this.orderBy = orderBy;
        this.limit = limit;
        this.items = items;
        collectTables(from, fromTables);
    }

    static UpdateDeleteShape of(SQLStatement statement) {
        if (statement instanceof SQLUpdateStatement u) {
            SQLTableSource from = u.getTableSource();
            return new UpdateDeleteShape(u, true, !(from instanceof SQLExprTableSource), from, u.getWhere(),
                u.getOrderBy(), u instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlUpdateStatement m
                    ? m.getLimit() : null, u.getItems());
        }
        SQLDeleteStatement d = (SQLDeleteStatement) statement;
        MySqlDeleteStatement my = d instanceof MySqlDeleteStatement m ? m : null;
        SQLTableSource source = d.getFrom() != null ? d.getFrom() : d.getUsing();
        boolean multi = source != null;
        UpdateDeleteShape shape = new UpdateDeleteShape(d, false, multi, multi ? source : d.getTableSource(),
            d.getWhere(), my == null ? null : my.getOrderBy(), my == null ? null : my.getLimit(), List.of());
        if (multi) {
            collectTables(d.getTableSource(), shape.deleteTargets);
        }
        return shape;
    }

    /** MariaDB's own refusals of the multi-table forms. */
    void checkSyntax() {
        if (!multiTable || orderBy == null && limit == null) {
            return;
        }
        if (!isUpdate) {
            throw new SqlError(ErrorCode.ER_PARSE, "check the manual that corresponds to your MariaDB server version "
                + "for the right syntax to use near '" + (orderBy != null ? "ORDER BY" : "LIMIT") + "'");
        }
        // MariaDB runs them (ORDER BY / LIMIT over the join's rows); MySQL answers 1221
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "multi-table UPDATE with ORDER BY or LIMIT");
    }

    /** The parts that name tables to read (a multi-table DELETE's target list names aliases, not tables). */
    List<SQLObject> readParts() {
        List<SQLObject> parts = new ArrayList<>();
        parts.add(from);
        if (where != null) {
            parts.add(where);
        }
        if (orderBy != null) {
            parts.add(orderBy);
        }
        for (SQLUpdateSetItem item : items) {
            parts.add(item.getValue());
        }
        return parts;
    }

    private static void collectTables(SQLTableSource source, List<SQLExprTableSource> out) {
        if (source instanceof SQLExprTableSource t) {
            out.add(t);
        } else if (source instanceof SQLJoinTableSource j) {
            collectTables(j.getLeft(), out);
            collectTables(j.getRight(), out);
        }
    }
}
