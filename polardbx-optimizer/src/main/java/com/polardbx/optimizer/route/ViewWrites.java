package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLAggregateExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOperator;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLDeleteStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLInsertStatement;
import com.alibaba.druid.sql.ast.statement.SQLReplaceStatement;
import com.alibaba.druid.sql.ast.statement.SQLSelect;
import com.alibaba.druid.sql.ast.statement.SQLSelectItem;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLTableSource;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ViewMeta;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.parse.MySqlParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * INSERT, UPDATE and DELETE through a simple view (one table, no aggregate, DISTINCT, GROUP BY, LIMIT or set
 * operation; no CHECK OPTION) become the same write on the view's table, as MySQL's updatable views: view columns
 * turn into the table columns they read, and the view's WHERE joins the statement's.
 */
public final class ViewWrites {
    private ViewWrites() {
    }

    /** The view a single-table write targets, with the statement rewritten onto its table; null when none. */
    public static ViewMeta rewrite(SQLStatement statement, String currentSchema, MetaStore meta) {
        SQLTableSource target = target(statement);
        if (!(target instanceof SQLExprTableSource source) || source.getExpr() == null) {
            return null;
        }
        String schema = source.getSchema() == null ? currentSchema : TableNames.unquote(source.getSchema());
        if (schema == null) {
            return null;
        }
        ViewMeta view = meta.view(schema, TableNames.unquote(source.getTableName())).orElse(null);
        if (view == null) {
            return null;
        }
        boolean insert = statement instanceof SQLInsertStatement || statement instanceof SQLReplaceStatement;
        SQLSelectQueryBlock body = updatableBody(view, insert ? "INSERT" : statement instanceof SQLUpdateStatement
            ? "UPDATE" : "DELETE", insert);
        Map<String, SQLExpr> columns = new HashMap<>();
        List<SQLSelectItem> items = body.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            columns.put(view.columns().get(i).name().toLowerCase(Locale.ROOT), items.get(i).getExpr());
        }
        String alias = source.getAlias() != null ? TableNames.unquote(source.getAlias()) : view.name();
        SQLExprTableSource table = (SQLExprTableSource) body.getFrom().clone();
        if (!view.invokerSecurity()) {
            ViewExpansion.coverByView(table);
        }
        if (statement instanceof SQLUpdateStatement update) {
            for (SQLUpdateSetItem item : update.getItems()) {
                SQLExpr column = columnOf(columns, item.getColumn(), view, false);
                item.setColumn(column.clone());
                substitute(item.getValue(), columns, alias);
            }
            substitute(update.getWhere(), columns, alias);
            update.setWhere(and(update.getWhere(), body.getWhere()));
            update.setTableSource(table);
        } else if (statement instanceof SQLDeleteStatement delete) {
            substitute(delete.getWhere(), columns, alias);
            delete.setWhere(and(delete.getWhere(), body.getWhere()));
            delete.setTableSource(table);
        } else {
            List<SQLExpr> named = statement instanceof SQLInsertStatement i ? i.getColumns()
                : ((SQLReplaceStatement) statement).getColumns();
            if (named.isEmpty()) {
                // every column receives a value: one that is computed makes the view not insertable-into
                if (!items.stream().allMatch(i -> isColumn(i.getExpr()))) {
                    throw new SqlError(ErrorCode.ER_NON_INSERTABLE_TABLE, view.name(), "INSERT");
                }
                view.columns().forEach(c -> named.add(new SQLIdentifierExpr(quote(c.name()))));
            }
            for (int i = 0; i < named.size(); i++) {
                SQLExpr column = columnOf(columns, named.get(i), view, true);
                named.set(i, new SQLIdentifierExpr(quote(plainName(column))));
            }
            if (statement instanceof SQLInsertStatement i) {
                i.setTableSource(table);
            } else {
                ((SQLReplaceStatement) statement).setTableSource(table);
            }
        }
        return view;
    }

    /** Whether UPDATE and DELETE may write through the view (MySQL's IS_UPDATABLE). */
    public static boolean isUpdatable(ViewMeta view) {
        try {
            updatableBody(view, "UPDATE", false);
            return true;
        } catch (SqlError e) {
            return false;
        }
    }

    private static SQLTableSource target(SQLStatement statement) {
        if (statement instanceof SQLUpdateStatement u) {
            return u.getFrom() == null ? u.getTableSource() : null;
        }
        if (statement instanceof SQLDeleteStatement d) {
            return d.getFrom() == null && d.getUsing() == null ? d.getTableSource() : null;
        }
        if (statement instanceof SQLInsertStatement i) {
            return i.getTableSource();
        }
        return statement instanceof SQLReplaceStatement r ? r.getTableSource() : null;
    }

    /** The view's query block when it is updatable; MySQL's 1288/1471 otherwise. */
    private static SQLSelectQueryBlock updatableBody(ViewMeta view, String verb, boolean insert) {
        SQLSelect select = ((SQLSelectStatement) MySqlParser.parseOne(view.definition())).getSelect();
        SQLSelectQueryBlock block = select.getQuery() instanceof SQLSelectQueryBlock b ? b : null;
        boolean simple = block != null && select.getWithSubQuery() == null
            && block.getFrom() instanceof SQLExprTableSource && block.getGroupBy() == null
            && block.getDistionOption() == 0 && block.getLimit() == null && block.getOrderBy() == null
            && "NONE".equals(view.checkOption()) && block.getSelectList().size() == view.columns().size()
            && !hasAggregateOrSubquery(block.getSelectList());
        if (!simple) {
            throw new SqlError(insert ? ErrorCode.ER_NON_INSERTABLE_TABLE : ErrorCode.ER_NON_UPDATABLE_TABLE,
                view.name(), verb);
        }
        return block;
    }

    private static boolean hasAggregateOrSubquery(List<SQLSelectItem> items) {
        boolean[] found = {false};
        for (SQLSelectItem item : items) {
            item.accept(new MySqlASTVisitorAdapter() {
                @Override
                public boolean visit(SQLAggregateExpr x) {
                    found[0] = true;
                    return false;
                }

                @Override
                public boolean visit(SQLSelect x) {
                    found[0] = true;
                    return false;
                }
            });
        }
        return found[0];
    }

    private static boolean isColumn(SQLExpr e) {
        return e instanceof SQLIdentifierExpr || e instanceof SQLPropertyExpr;
    }

    /**
     * The table column behind a view column the statement assigns; for a computed one 1348 (UPDATE) or 1471
     * (INSERT) as MariaDB, 1054 for an unknown one.
     */
    private static SQLExpr columnOf(Map<String, SQLExpr> columns, SQLExpr named, ViewMeta view, boolean insert) {
        String name = named instanceof SQLPropertyExpr p ? p.getName() : named.toString();
        SQLExpr column = columns.get(TableNames.unquote(name).toLowerCase(Locale.ROOT));
        if (column == null) {
            throw new SqlError(ErrorCode.ER_BAD_FIELD, TableNames.unquote(name), "field list");
        }
        if (!isColumn(column)) {
            throw insert ? new SqlError(ErrorCode.ER_NON_INSERTABLE_TABLE, view.name(), "INSERT")
                : new SqlError(ErrorCode.ER_NONUPDATEABLE_COLUMN, TableNames.unquote(name));
        }
        return column;
    }

    private static String plainName(SQLExpr column) {
        return TableNames.unquote(column instanceof SQLPropertyExpr p ? p.getName() : column.toString());
    }

    /** Replaces the view's columns in {@code expr} (bare or qualified by the view's name) with what they read. */
    private static void substitute(SQLExpr expr, Map<String, SQLExpr> columns, String alias) {
        if (expr == null) {
            return;
        }
        Map<SQLExpr, SQLExpr> replacements = new IdentityHashMap<>();
        expr.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLIdentifierExpr x) {
                SQLExpr column = columns.get(TableNames.unquote(x.getName()).toLowerCase(Locale.ROOT));
                if (column != null) {
                    replacements.put(x, column);
                }
                return false;
            }

            @Override
            public boolean visit(SQLPropertyExpr x) {
                if (x.getOwner() instanceof SQLIdentifierExpr owner
                    && TableNames.unquote(owner.getName()).equalsIgnoreCase(alias)) {
                    SQLExpr column = columns.get(TableNames.unquote(x.getName()).toLowerCase(Locale.ROOT));
                    if (column != null) {
                        replacements.put(x, column);
                    }
                }
                return false;
            }
        });
        List<Map.Entry<SQLExpr, SQLExpr>> list = new ArrayList<>(replacements.entrySet());
        for (Map.Entry<SQLExpr, SQLExpr> e : list) {
            SQLExpr copy = e.getValue().clone();
            if (!SQLUtils.replaceInParent(e.getKey(), copy)) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "this expression in a write through a view");
            }
        }
    }

    private static SQLExpr and(SQLExpr a, SQLExpr b) {
        if (b == null) {
            return a;
        }
        if (a == null) {
            return b.clone();
        }
        return new SQLBinaryOpExpr(a, SQLBinaryOperator.BooleanAnd, b.clone());
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
