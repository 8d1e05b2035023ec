package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.ast.SQLObject;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLJoinTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelect;
import com.alibaba.druid.sql.ast.statement.SQLSelectItem;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLSubqueryTableSource;
import com.alibaba.druid.sql.ast.statement.SQLTableSource;
import com.alibaba.druid.sql.ast.statement.SQLUnionQuery;
import com.alibaba.druid.sql.ast.statement.SQLWithSubqueryClause;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.ViewMeta;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.parse.MySqlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replaces each reference to a logical view with the view's query as a derived table, views inside views included.
 *
 * <p>The CN expands views itself (MySQL's MERGE/TEMPTABLE choice is the optimizer's afterwards): a view over
 * partitioned tables is then planned like any derived table. Table sources that came out of a view with SQL SECURITY
 * DEFINER are marked ({@link #readByDefiner}): the querying user needs SELECT on the view, not on them.
 */
public final class ViewExpansion {
    /** MySQL refuses deeper nesting as recursion; this also stops a cycle made with CREATE OR REPLACE. */
    private static final int MAX_DEPTH = 32;
    private static final String DEFINER_ATTRIBUTE = "polardbx.viewDefiner";

    private ViewExpansion() {
    }

    /**
     * Expands every view the statement names, in place.
     *
     * @param onView called for each view the statement itself names (not those inside other views), to check the
     *               user's SELECT on it
     * @return whether any view was expanded (the statement's text must then be printed again from the tree)
     */
    public static boolean expand(SQLStatement statement, String currentSchema, MetaStore meta,
                                 Consumer<ViewMeta> onView) {
        return expand(statement, currentSchema, meta, onView, 0, false);
    }

    /** Whether the table source was read from inside a view that checks its definer's privileges, not the user's. */
    public static boolean readByDefiner(SQLExprTableSource source) {
        return source.getAttribute(DEFINER_ATTRIBUTE) != null;
    }

    /** Marks a table source as reached through a DEFINER view: the user's privilege on the view covers it. */
    public static void coverByView(SQLExprTableSource source) {
        source.putAttribute(DEFINER_ATTRIBUTE, Boolean.TRUE);
    }

    /** Whether the statement names a view anywhere. */
    public static boolean namesView(SQLObject statement, String currentSchema, MetaStore meta) {
        return !viewSources(statement, currentSchema, meta).isEmpty();
    }

    private static boolean expand(SQLObject node, String currentSchema, MetaStore meta, Consumer<ViewMeta> onView,
                                  int depth, boolean byDefiner) {
        List<Found> found = viewSources(node, currentSchema, meta);
        for (Found f : found) {
            if (depth >= MAX_DEPTH) {
                throw new SqlError(ErrorCode.ER_VIEW_RECURSIVE, f.view.schema(), f.view.name());
            }
            if (onView != null) {
                onView.accept(f.view);
            }
            SQLSelect body = body(f.view);
            boolean definer = byDefiner || !f.view.invokerSecurity();
            expand(body, f.view.schema(), meta, null, depth + 1, definer);
            if (definer) {
                markReadByDefiner(body);
            }
            SQLSubqueryTableSource derived = new SQLSubqueryTableSource(body,
                f.source.getAlias() != null ? f.source.getAlias() : quote(f.view.name()));
            replace(f.source, derived);
        }
        return !found.isEmpty();
    }

    private record Found(SQLExprTableSource source, ViewMeta view) {
    }

    private static List<Found> viewSources(SQLObject node, String currentSchema, MetaStore meta) {
        Set<String> withNames = new HashSet<>();
        node.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLWithSubqueryClause.Entry entry) {
                withNames.add(TableNames.unquote(entry.getAlias()).toLowerCase(Locale.ROOT));
                return true;
            }
        });
        List<Found> found = new ArrayList<>();
        node.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                String name = source.getExpr() == null ? null : TableNames.unquote(source.getTableName());
                if (name == null || source.getSchema() == null
                    && withNames.contains(name.toLowerCase(Locale.ROOT))) {
                    return true;
                }
                String schema = source.getSchema() == null ? currentSchema : TableNames.unquote(source.getSchema());
                if (schema != null) {
                    Optional<ViewMeta> view = meta.view(schema, name);
                    view.ifPresent(v -> found.add(new Found(source, v)));
                }
                return true;
            }
        });
        return found;
    }

    /** The view's query, with its column list (if any) applied as aliases of the outermost select list. */
    private static SQLSelect body(ViewMeta view) {
        SQLSelectStatement parsed = (SQLSelectStatement) MySqlParser.parseOne(view.definition());
        SQLSelect select = parsed.getSelect();
        List<String> names = view.columns().stream().map(ColumnDef::name).toList();
        if (view.columnList().isEmpty()) {
            return select;
        }
        if (hasPlainSelectList(select, names.size())) {
            SQLSelectQueryBlock first = firstBlock(select);
            for (int i = 0; i < names.size(); i++) {
                first.getSelectList().get(i).setAlias(quote(names.get(i)));
            }
            return select;
        }
        // CREATE VIEW wraps such a query in a plain select list (ViewHandler); this is a definition from elsewhere
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "a view column list over SELECT * or a set operation");
    }

    /**
     * Whether the query's outermost select list has {@code columns} items (any number for -1) and no {@code *}: a
     * view's column list can then rename its columns by aliasing those items.
     */
    public static boolean hasPlainSelectList(SQLSelect select, int columns) {
        SQLSelectQueryBlock first = firstBlock(select);
        return first != null && (columns < 0 || first.getSelectList().size() == columns)
            && first.getSelectList().stream().noneMatch(ViewExpansion::isStar);
    }

    private static SQLSelectQueryBlock firstBlock(SQLSelect select) {
        var query = select.getQuery();
        while (query instanceof SQLUnionQuery union) {
            query = union.getLeft();
        }
        return query instanceof SQLSelectQueryBlock block ? block : null;
    }

    private static boolean isStar(SQLSelectItem item) {
        return item.getExpr() instanceof SQLAllColumnExpr
            || item.getExpr() instanceof SQLPropertyExpr p && "*".equals(p.getName());
    }

    private static void markReadByDefiner(SQLObject body) {
        body.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                source.putAttribute(DEFINER_ATTRIBUTE, Boolean.TRUE);
                return true;
            }
        });
    }

    private static void replace(SQLExprTableSource source, SQLTableSource with) {
        SQLObject parent = source.getParent();
        with.setParent(parent);
        if (parent instanceof SQLSelectQueryBlock block && block.getFrom() == source) {
            block.setFrom(with);
        } else if (parent instanceof SQLJoinTableSource join) {
            if (join.getLeft() == source) {
                join.setLeft(with);
            } else {
                join.setRight(with);
            }
        } else if (parent != null && parent.getClass().getSimpleName().contains("Update")) {
            throw new SqlError(ErrorCode.ER_NON_UPDATABLE_TABLE, source.getTableName(), "UPDATE");
        } else if (parent != null && parent.getClass().getSimpleName().contains("Delete")) {
            throw new SqlError(ErrorCode.ER_NON_UPDATABLE_TABLE, source.getTableName(), "DELETE");
        } else if (parent != null && (parent.getClass().getSimpleName().contains("Insert")
            || parent.getClass().getSimpleName().contains("Replace"))) {
            throw new SqlError(ErrorCode.ER_NON_INSERTABLE_TABLE, source.getTableName(), "INSERT");
        } else {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "a view in this position ("
                + (parent == null ? "top level" : parent.getClass().getSimpleName()) + ")");
        }
    }

    /**
     * Qualifies every unqualified table name of a view's query with the view's database, as MySQL stores views, so
     * the view reads the same tables whatever database its user is in. WITH names and DUAL stay as they are.
     */
    public static void qualifyTables(SQLObject query, String schema) {
        Set<String> withNames = new HashSet<>();
        query.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLWithSubqueryClause.Entry entry) {
                withNames.add(TableNames.unquote(entry.getAlias()).toLowerCase(Locale.ROOT));
                return true;
            }
        });
        query.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                if (source.getExpr() instanceof SQLIdentifierExpr id) {
                    String name = TableNames.unquote(id.getName());
                    if (!withNames.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("dual")) {
                        source.setExpr(new SQLPropertyExpr(quote(schema), quote(name)));
                    }
                }
                return true;
            }
        });
    }

    /**
     * The reverse for printing: drops the qualifier of tables in the view's own database, as MariaDB's SHOW CREATE
     * VIEW does, so a dump restored into another database reads that database's tables.
     */
    public static void unqualifyTables(SQLObject query, String schema) {
        query.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                if (source.getExpr() instanceof SQLPropertyExpr p && p.getOwner() instanceof SQLIdentifierExpr
                    && TableNames.unquote(p.getOwnerName()).equalsIgnoreCase(schema)) {
                    source.setExpr(new SQLIdentifierExpr(quote(TableNames.unquote(p.getName()))));
                }
                return true;
            }
        });
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
