package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.ast.statement.SQLSetStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSetTransactionStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.optimizer.parse.MySqlParser;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.Literals;
import java.util.List;
import java.util.Map;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.session.Transactions;
import com.polardbx.server.variable.SystemVariables;
import java.util.Locale;

/** SET statements: system variables (session and global), user variables, NAMES, and transaction characteristics. */
public final class SetHandler {
    private final ServerContext context;
    private final SessionState state;
    private final Transactions transactions;
    private final SessionExpressions expressions;

    private final QueryHandler queries;

    public SetHandler(ServerContext context, SessionState state, Transactions transactions, QueryHandler queries) {
        this.queries = queries;
        this.expressions = new SessionExpressions(context, state);
        this.context = context;
        this.state = state;
        this.transactions = transactions;
    }

    public StatementResult set(SQLSetStatement set) {
        for (SQLAssignItem item : set.getItems()) {
            assign(item.getTarget(), item.getValue());
        }
        return StatementResult.Ok.EMPTY;
    }

    private void assign(SQLExpr target, SQLExpr valueExpr) {
        String name = target instanceof SQLVariantRefExpr ref ? ref.getName()
            : target instanceof SQLPropertyExpr prop && prop.getOwner() != null
                ? SQLUtils.toMySqlString(prop.getOwner()) + "." + prop.getName() // @@session.sql_mode
            : target.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("names") || lower.equals("character set") || lower.equals("charset")) {
            Object literal = Literals.value(valueExpr);
            String text = literal instanceof String str ? str : valueExpr.toString();
            String charset = text.replace("'", "").split("\\s+")[0];
            state.variables().put("character_set_client", charset);
            state.variables().put("character_set_connection", charset);
            state.variables().put("character_set_results", charset);
            return;
        }
        boolean global = target instanceof SQLVariantRefExpr ref && ref.isGlobal() || lower.startsWith("@@global.")
            || lower.startsWith("global.");
        if (lower.startsWith("@") && !lower.startsWith("@@")) {
            state.setUserVariable(name.substring(1), value(valueExpr));
            return;
        }
        String var = SystemVariables.normalize(name.replaceFirst("(?i)^@@", "")
            .replaceFirst("(?i)^(session|global|local)\\.", ""));
        if (valueExpr instanceof com.alibaba.druid.sql.ast.expr.SQLDefaultExpr
            || valueExpr instanceof SQLIdentifierExpr word && word.getName().equalsIgnoreCase("DEFAULT")) {
            valueExpr = null; // SET var = DEFAULT: the global value
        }
        Object v = valueExpr == null ? null : valueExpr instanceof SQLIdentifierExpr id ? id.getName()
            : value(valueExpr);
        if (global) {
            new SessionAdmin(context, state).requireSetGlobal();
            context.variables().setGlobal(var, v);
            return;
        }
        if (!state.variables().containsKey(var)) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE, var);
        }
        if (context.variables().isGlobalOnly(var)) {
            throw new SqlError(ErrorCode.ER_GLOBAL_VARIABLE, var);
        }
        Object coerced = valueExpr == null ? context.variables().global(var)
            : context.variables().checked(var,
                SystemVariables.bounded(var, SystemVariables.coerce(var, state.variables().get(var), v)));
        if (var.equals("autocommit")) {
            boolean on = ((Long) coerced) != 0;
            if (on && !state.autocommit()) {
                transactions.implicitCommit(); // MySQL commits the open transaction when autocommit is switched on
            }
        }
        if (var.equals("transaction_isolation") || var.equals("tx_isolation")) {
            String level = String.valueOf(coerced).toUpperCase(Locale.ROOT).replace(' ', '-');
            state.variables().put("transaction_isolation", level);
            state.variables().put("tx_isolation", level);
            return;
        }
        state.variables().put(var, coerced);
    }

    /**
     * The value of a SET right-hand side: literals directly; expressions such as
     * {@code CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')} (which drivers send) are computed by a DN with the
     * session's values substituted.
     */
    private Object value(SQLExpr expr) {
        Object v = Literals.value(expr);
        if (v != Literals.NOT_CONSTANT) {
            return v;
        }
        SQLSelectStatement select = (SQLSelectStatement) MySqlParser.parseOne(
            "SELECT " + SQLUtils.toMySqlString(expr));
        Object session = expressions.value(select.getSelect().getQueryBlock().getSelectList().get(0).getExpr());
        if (session != SessionExpressions.NOT_SESSION_VALUE) {
            return session;
        }
        if (readsTables(select)) {
            // a subquery: resolved and privilege-checked like any SELECT, never sent to a DN as typed
            String text = SQLUtils.toMySqlString(select);
            try (RowCursor cursor = queries.selectRows(select, text)) {
                Object[] row = cursor.next();
                return row == null ? null : row[0];
            }
        }
        expressions.substitute(select);
        String dn = context.dataNodes().dataNodeIds().get(0);
        try (RowCursor cursor = PlanExecutor.runShards(List.of(new ShardQuery(dn, SQLUtils.toMySqlString(select))),
            transactions.forRead(), null, null, Map.of())) {
            Object[] row = cursor.next();
            return row == null ? null : row[0];
        }
    }

    private static boolean readsTables(SQLSelectStatement select) {
        boolean[] reads = {false};
        select.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.ast.statement.SQLExprTableSource source) {
                reads[0] = true;
                return false;
            }
        });
        return reads[0];
    }

    /**
     * {@code SET [GLOBAL | SESSION] TRANSACTION ...}: without a scope only the next transaction gets the
     * characteristics, as in MySQL; inside a transaction that is refused with 1568.
     */
    public StatementResult setTransaction(MySqlSetTransactionStatement tx, String sql) {
        boolean global = Boolean.TRUE.equals(tx.getGlobal());
        boolean session = Boolean.TRUE.equals(tx.getSession())
            || sql.matches("(?is)^\\s*SET\\s+(SESSION|LOCAL)\\b.*");
        if (!global && !session && transactions.active()) {
            throw new SqlError(ErrorCode.ER_CANT_CHANGE_TX_CHARACTERISTICS);
        }
        if (global) {
            new SessionAdmin(context, state).requireSetGlobal();
        }
        String level = tx.getIsolationLevel();
        if (level != null) {
            String normalized = level.toUpperCase(Locale.ROOT).trim().replace(' ', '-');
            if (global) {
                context.variables().setGlobal("transaction_isolation", normalized);
                context.variables().setGlobal("tx_isolation", normalized);
            } else if (session) {
                state.variables().put("transaction_isolation", normalized);
                state.variables().put("tx_isolation", normalized);
            } else {
                state.nextIsolation = normalized;
            }
        }
        if (tx.getAccessModel() != null) {
            long readOnly = tx.getAccessModel().toUpperCase(Locale.ROOT).contains("ONLY") ? 1L : 0L;
            if (global) {
                context.variables().setGlobal("transaction_read_only", readOnly);
                context.variables().setGlobal("tx_read_only", readOnly);
            } else if (session) {
                state.variables().put("transaction_read_only", readOnly);
                state.variables().put("tx_read_only", readOnly);
            } else {
                state.nextReadOnly = readOnly != 0;
            }
        }
        return StatementResult.Ok.EMPTY;
    }
}
