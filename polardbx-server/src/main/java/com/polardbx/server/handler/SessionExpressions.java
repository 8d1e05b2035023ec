package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOperator;
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
        if (block != null && block.getFrom() == null) {
            assignLeftToRight(block, runOnDataNode);
        }
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

    /**
     * {@code SELECT @a := expr, ...} without tables: MySQL evaluates the items left to right, each seeing the
     * variables as the items before it left them. So, item by item, CN-only values become literals, and an assignment
     * computes its value (on a DN unless the CN knows it), stores it in the session and becomes that literal.
     */
    private void assignLeftToRight(SQLSelectQueryBlock block,
                                   BiFunction<String, List<String>, RowCursor> runOnDataNode) {
        if (block.getSelectList().stream().noneMatch(item -> isUserAssignment(item.getExpr()))) {
            return;
        }
        for (SQLSelectItem item : block.getSelectList()) {
            SQLExpr expr = item.getExpr();
            if (!isUserAssignment(expr)) {
                substitute(expr);
                continue;
            }
            SQLBinaryOpExpr assignment = (SQLBinaryOpExpr) expr;
            SQLSelectStatement value = (SQLSelectStatement) com.polardbx.optimizer.parse.MySqlParser.parseOne(
                "SELECT " + SQLUtils.toMySqlString(assignment.getRight()));
            SQLExpr right = value.getSelect().getQueryBlock().getSelectList().get(0).getExpr();
            Object v = com.polardbx.optimizer.route.Literals.value(right);
            if (v == com.polardbx.optimizer.route.Literals.NOT_CONSTANT) {
                v = value(right);
            }
            if (v == NOT_SESSION) {
                substitute(value);
                try (RowCursor cursor = runOnDataNode.apply(SQLUtils.toMySqlString(value), List.of("v"))) {
                    Object[] row = cursor.next();
                    v = row == null ? null : row[0];
                }
            }
            state.setUserVariable(((SQLVariantRefExpr) assignment.getLeft()).getName().substring(1), v);
            item.setExpr(literal(v));
        }
    }

    private static boolean isUserAssignment(SQLExpr expr) {
        return expr instanceof SQLBinaryOpExpr op && op.getOperator() == SQLBinaryOperator.Assignment
            && op.getLeft() instanceof SQLVariantRefExpr ref && ref.getName().startsWith("@")
            && !ref.getName().startsWith("@@");
    }

    /** Replaces CN-only values by literals in place; true when it replaced any. */
    boolean substitute(com.alibaba.druid.sql.ast.SQLObject statement) {
        List<SQLExpr[]> replacements = replacements(statement);
        for (SQLExpr[] r : replacements) {
            SQLUtils.replaceInParent(r[0], r[1]);
        }
        return !replacements.isEmpty();
    }

    /**
     * The text of a query for the data nodes and the optimizer: {@code sql} itself when it uses no CN-only value,
     * else the query printed with them as literals, so that a DN never answers {@code @@port}, {@code @@datadir},
     * {@code CURRENT_USER()} or {@code LOAD_FILE()} about itself. Items that were replaced keep their label as alias.
     */
    String forDataNodes(SQLSelectStatement select, String sql) {
        List<SQLExpr[]> replacements = replacements(select);
        if (replacements.isEmpty()) {
            return sql;
        }
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        if (block != null) {
            List<String> labels = labels(sql, block);
            for (int i = 0; labels != null && i < block.getSelectList().size(); i++) {
                SQLSelectItem item = block.getSelectList().get(i);
                for (SQLExpr[] r : replacements) {
                    if (item.getExpr() == r[0] && item.getAlias() == null) {
                        item.setAlias("`" + labels.get(i).replace("`", "``") + "`");
                    }
                }
            }
        }
        for (SQLExpr[] r : replacements) {
            SQLUtils.replaceInParent(r[0], r[1]);
        }
        return SQLUtils.toMySqlString(select);
    }

    private List<SQLExpr[]> replacements(com.alibaba.druid.sql.ast.SQLObject statement) {
        List<SQLExpr[]> replacements = new ArrayList<>();
        statement.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSelectQueryBlock x) {
                return visitBlock(x);
            }

            @Override
            public boolean visit(SQLSelectQueryBlock x) {
                return visitBlock(x);
            }

            /** Everything but the INTO @var target, which is assigned, not read. */
            private boolean visitBlock(SQLSelectQueryBlock x) {
                if (x.getInto() == null) {
                    return true;
                }
                com.alibaba.druid.sql.ast.statement.SQLExprTableSource into = x.getInto();
                x.setInto((com.alibaba.druid.sql.ast.statement.SQLExprTableSource) null);
                try {
                    x.accept(this);
                } finally {
                    x.setInto(into);
                }
                return false;
            }

            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr x) {
                if (x.getOperator() == com.alibaba.druid.sql.ast.expr.SQLBinaryOperator.Assignment) {
                    x.getRight().accept(this); // @v := expr assigns @v: only the value is read
                    return false;
                }
                return true;
            }

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

            @Override
            public boolean visit(SQLIdentifierExpr x) {
                Object v = value(x);
                if (v != NOT_SESSION) {
                    replacements.add(new SQLExpr[] {x, literal(v)});
                }
                return false;
            }
        });
        return replacements;
    }

    private static SQLExpr literal(Object v) {
        if (v == null) {
            return new SQLNullExpr();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            return new SQLIntegerExpr((Number) v);
        }
        if (v instanceof BigDecimal d) {
            return new com.alibaba.druid.sql.ast.expr.SQLNumberExpr(d);
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
            if (ref.isGlobal() && !name.startsWith("@")) {
                return context.variables().global(name); // Druid reads @@global.x as a global reference named x
            }
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
        if (expr instanceof SQLMethodInvokeExpr call && call.getOwner() == null && call.getArguments().size() == 1
            && call.getMethodName() != null && (call.getMethodName().equalsIgnoreCase("statement_digest")
            || call.getMethodName().equalsIgnoreCase("statement_digest_text"))) {
            return statementDigest(call);
        }
        if (expr instanceof SQLMethodInvokeExpr call && call.getOwner() == null && call.getArguments().size() == 1
            && call.getMethodName() != null && call.getMethodName().equalsIgnoreCase("load_file")) {
            // the CN has no file a client may read (secure_file_priv is NULL): MySQL answers NULL then
            return null;
        }
        if (expr instanceof SQLMethodInvokeExpr call && call.getArguments().isEmpty() && call.getOwner() == null
            && call.getMethodName() != null) { // Druid leaves the name null for some malformed calls
            String fn = call.getMethodName().toLowerCase(Locale.ROOT);
            return switch (fn) {
                case "database", "schema" -> state.database();
                // a session may report another version (mysqlbinlog's: SqlSession.clientAttributes)
                case "version" -> state.variables().getOrDefault("version", context.variables().global("version"));
                case "connection_id" -> state.connectionId();
                case "last_insert_id" -> state.lastInsertIdValue();
                case "found_rows" -> state.lastFoundRows();
                case "row_count" -> state.lastRowCount();
                case "user", "session_user", "system_user" -> state.user() + "@" + state.clientHost();
                case "current_user" -> state.user() + "@" + state.accountHost();
                default -> NOT_SESSION;
            };
        }
        if (expr instanceof SQLMethodInvokeExpr call && call.getArguments().size() == 1 && call.getOwner() == null
            && call.getMethodName().equalsIgnoreCase("last_insert_id")
            && call.getArguments().get(0) instanceof SQLIntegerExpr n && n.getNumber().longValue() >= 0) {
            // LAST_INSERT_ID(n) returns n and makes it the value later LAST_INSERT_ID() calls return
            state.setLastInsertId(n.getNumber().longValue());
            return n.getNumber().longValue();
        }
        if (expr instanceof SQLIdentifierExpr id && id.getName().equalsIgnoreCase("current_user")) {
            return state.user() + "@" + state.accountHost();
        }
        return NOT_SESSION;
    }

    /**
     * MySQL 8's STATEMENT_DIGEST(s) and STATEMENT_DIGEST_TEXT(s), which MariaDB lacks: computed by the CN when the
     * argument is a literal or a variable; NULL for NULL, as MySQL.
     */
    private Object statementDigest(SQLMethodInvokeExpr call) {
        SQLExpr arg = call.getArguments().get(0);
        Object text = arg instanceof SQLVariantRefExpr || arg instanceof SQLPropertyExpr ? value(arg)
            : com.polardbx.optimizer.route.Literals.value(arg);
        if (text == NOT_SESSION || text == com.polardbx.optimizer.route.Literals.NOT_CONSTANT) {
            return NOT_SESSION;
        }
        if (text == null) {
            return null;
        }
        String sql = text instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
            : String.valueOf(text);
        return call.getMethodName().equalsIgnoreCase("statement_digest_text")
            ? com.polardbx.common.digest.DigestText.of(sql)
            : com.polardbx.common.digest.StatementDigest.of(sql).hash();
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
                out.add(introducedValue(fromCalcite != null && fromCalcite.size() == items.size() ? fromCalcite.get(i)
                    : originalText(sql, SQLUtils.toMySqlString(e), i, items.size())));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern INTRODUCED = java.util.regex.Pattern.compile(
        "(?s)_[A-Za-z0-9]+\\s*(['\"]).*\\1");

    /** MySQL labels {@code _binary'abc'} by its value, {@code abc}, like any other string literal. */
    private static String introducedValue(String label) {
        if (label == null || !INTRODUCED.matcher(label).matches()) {
            return label;
        }
        int open = label.indexOf(label.charAt(label.length() - 1));
        String token = label.substring(open);
        return com.polardbx.common.sql.RawByteLiterals.value(token);
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

    /**
     * Like {@link #originalText(String, String)}; when the rendering is not in the text (the parser rewrote the
     * expression), the client's own text of select item {@code index}, as MySQL labels it.
     */
    private static String originalText(String sql, String rendered, int index, int itemCount) {
        if (sql.toLowerCase(Locale.ROOT).contains(rendered.toLowerCase(Locale.ROOT))) {
            return originalText(sql, rendered);
        }
        List<String> texts = SelectListText.items(sql);
        return texts != null && texts.size() == itemCount ? texts.get(index) : rendered;
    }

}
