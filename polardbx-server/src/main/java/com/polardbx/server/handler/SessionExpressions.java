package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.expr.SQLTextLiteralExpr;
import com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr;
import com.alibaba.druid.sql.ast.statement.SQLSelectItem;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.SessionState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Values only the CN knows (system and user variables, DATABASE(), USER(), CONNECTION_ID(), LAST_INSERT_ID(),
 * VERSION()), and SELECTs without tables: answered in the CN when they use only such values, otherwise sent to a DN
 * with those values substituted as literals, so every other function keeps MySQL's own semantics.
 */
final class SessionExpressions {
    private static final Object NOT_SESSION = new Object();
    /** What {@link #value} returns for an expression the CN alone can't compute. */
    static final Object NOT_SESSION_VALUE = NOT_SESSION;

    private final ServerContext context;
    private final SessionState state;

    SessionExpressions(ServerContext context, SessionState state) {
        this.context = context;
        this.state = state;
    }

    StatementResult tableless(SQLSelectStatement select, String sql,
                              BiFunction<String, List<String>, RowCursor> runOnDataNode) {
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        List<String> labels = labels(sql, block);
        if (block != null && block.getFrom() == null && block.getWhere() == null) {
            List<Object> values = new ArrayList<>();
            boolean allSession = true;
            for (SQLSelectItem item : block.getSelectList()) {
                Object v = value(item.getExpr());
                if (v == NOT_SESSION) {
                    allSession = false;
                    break;
                }
                values.add(v);
            }
            if (allSession) {
                List<ColumnMeta> columns = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    columns.add(ColumnMeta.computed(labels.get(i), typeOf(values.get(i))));
                }
                List<Object[]> rows = new ArrayList<>();
                rows.add(values.toArray());
                return StatementResult.ofRows(columns, rows);
            }
        }
        substitute(select);
        return StatementResult.Rows.of(runOnDataNode.apply(SQLUtils.toMySqlString(select), labels));
    }

    /** Replaces CN-only values by literals in place. */
    void substitute(SQLSelectStatement select) {
        List<SQLExpr[]> replacements = new ArrayList<>();
        select.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLVariantRefExpr x) {
                Object v = value(x);
                if (v != NOT_SESSION) {
                    replacements.add(new SQLExpr[] {x, literal(v)});
                }
                return false;
            }

            @Override
            public boolean visit(SQLPropertyExpr x) {
                Object v = value(x);
                if (v != NOT_SESSION) {
                    replacements.add(new SQLExpr[] {x, literal(v)});
                    return false;
                }
                return true;
            }

            @Override
            public boolean visit(SQLMethodInvokeExpr x) {
                Object v = value(x);
                if (v != NOT_SESSION) {
                    replacements.add(new SQLExpr[] {x, literal(v)});
                    return false;
                }
                return true;
            }
        });
        for (SQLExpr[] r : replacements) {
            SQLUtils.replaceInParent(r[0], r[1]);
        }
    }

    private static SQLExpr literal(Object v) {
        if (v == null) {
            return new SQLNullExpr();
        }
        if (v instanceof Long l) {
            return new SQLIntegerExpr(l);
        }
        return new SQLCharExpr(String.valueOf(v));
    }

    /** The value of a CN-only expression, or NOT_SESSION. */
    Object value(SQLExpr expr) {
        if (expr instanceof SQLPropertyExpr prop && prop.getOwner() instanceof SQLVariantRefExpr owner
            && owner.getName().startsWith("@@")) {
            // Druid reads @@session.x / @@global.x as a property x of a variable named @@session / @@global
            String scope = owner.getName().substring(2).toLowerCase(Locale.ROOT);
            String n = prop.getName();
            if (n.equalsIgnoreCase("last_insert_id") || n.equalsIgnoreCase("identity")) {
                return state.lastInsertIdValue();
            }
            return scope.equals("global") ? context.variables().global(n) : state.variable(n);
        }
        if (expr instanceof SQLVariantRefExpr ref) {
            String name = ref.getName();
            if (name.startsWith("@@")) {
                String n = name.substring(2);
                boolean global = ref.isGlobal() || n.toLowerCase(Locale.ROOT).startsWith("global.");
                n = n.replaceFirst("(?i)^(session|global|local)\\.", "");
                if (n.equalsIgnoreCase("last_insert_id") || n.equalsIgnoreCase("identity")) {
                    return state.lastInsertIdValue();
                }
                return global ? context.variables().global(n) : state.variable(n);
            }
            if (name.startsWith("@")) {
                return state.userVariable(name.substring(1));
            }
            return NOT_SESSION;
        }
        if (expr instanceof SQLMethodInvokeExpr call && call.getArguments().isEmpty() && call.getOwner() == null
            && call.getMethodName() != null) { // Druid leaves the name null for some malformed calls
            String fn = call.getMethodName().toLowerCase(Locale.ROOT);
            return switch (fn) {
                case "database", "schema" -> state.database();
                case "version" -> context.variables().global("version");
                case "connection_id" -> state.connectionId();
                case "last_insert_id" -> state.lastInsertIdValue();
                case "found_rows" -> state.lastFoundRows();
                case "row_count" -> state.lastRowCount();
                case "user", "session_user", "system_user" -> state.user() + "@" + state.clientHost();
                case "current_user" -> state.user() + "@" + state.accountHost();
                default -> NOT_SESSION;
            };
        }
        if (expr instanceof SQLIdentifierExpr id && id.getName().equalsIgnoreCase("current_user")) {
            return state.user() + "@" + state.accountHost();
        }
        return NOT_SESSION;
    }

    private static MysqlType typeOf(Object v) {
        if (v == null) {
            return MysqlType.NULL;
        }
        if (v instanceof Long || v instanceof Integer) {
            return MysqlType.LONGLONG;
        }
        if (v instanceof BigDecimal || v instanceof BigInteger) {
            return MysqlType.NEWDECIMAL;
        }
        if (v instanceof Double) {
            return MysqlType.DOUBLE;
        }
        return MysqlType.VAR_STRING;
    }

    /**
     * Labels as MySQL names them: aliases, column names, else the item's text as the user typed it. Calcite's parser
     * (which keeps source positions) is consulted only when an item is an unaliased expression; null when the list
     * has a {@code *} (the DN's own labels are right then).
     */
    static List<String> labels(String sql, SQLSelectQueryBlock block) {
        if (block == null) {
            return QueryPlanner.labels(sql);
        }
        List<SQLSelectItem> items = block.getSelectList();
        List<String> out = new ArrayList<>();
        List<String> fromCalcite = null;
        for (int i = 0; i < items.size(); i++) {
            SQLSelectItem item = items.get(i);
            SQLExpr e = item.getExpr();
            if (item.getAlias() != null) {
                out.add(unquoteAlias(item.getAlias()));
            } else if (e instanceof SQLAllColumnExpr || e instanceof SQLPropertyExpr p && "*".equals(p.getName())) {
                return null;
            } else if (e instanceof SQLIdentifierExpr id) {
                out.add(unquoteAlias(id.getName()));
            } else if (e instanceof SQLPropertyExpr p && !(p.getOwner() instanceof SQLVariantRefExpr)) {
                out.add(unquoteAlias(p.getName()));
            } else if (e instanceof SQLVariantRefExpr v) {
                out.add(originalText(sql, v.getName()));
            } else if (e instanceof SQLTextLiteralExpr text) {
                out.add(text.getText()); // MySQL labels 'a' 'b', "a" and _utf8mb4'a' by their value
            } else {
                if (fromCalcite == null) {
                    fromCalcite = QueryPlanner.labels(sql);
                }
                out.add(fromCalcite != null && fromCalcite.size() == items.size() ? fromCalcite.get(i)
                    : originalText(sql, SQLUtils.toMySqlString(e)));
            }
        }
        return out;
    }

    private static String unquoteAlias(String alias) {
        if (alias.length() >= 2 && (alias.charAt(0) == '`' || alias.charAt(0) == '\'' || alias.charAt(0) == '"')) {
            return alias.substring(1, alias.length() - 1);
        }
        return alias;
    }

    /** Finds Druid's rendering of an expression in the original text, case-insensitively, to keep the user's case. */
    private static String originalText(String sql, String rendered) {
        int at = sql.toLowerCase(Locale.ROOT).indexOf(rendered.toLowerCase(Locale.ROOT));
        return at < 0 ? rendered : sql.substring(at, at + rendered.length());
    }

}
