package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.statement.SQLDropUserStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLGrantStatement;
import com.alibaba.druid.sql.ast.statement.SQLPrivilegeItem;
import com.alibaba.druid.sql.ast.statement.SQLRevokeStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.expr.MySqlUserName;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateUserStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlKillStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.session.SqlSession;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Accounts and privileges (CREATE/DROP USER, GRANT, REVOKE), and KILL. */
public final class AccountHandler {
    private final ServerContext context;
    private final SessionState state;

    public AccountHandler(ServerContext context, SessionState state) {
        this.context = context;
        this.state = state;
    }

    public static boolean handles(SQLStatement s) {
        return s instanceof MySqlCreateUserStatement || s instanceof SQLDropUserStatement
            || s instanceof SQLGrantStatement || s instanceof SQLRevokeStatement;
    }

    public StatementResult execute(SQLStatement statement) {
        return execute(statement, null);
    }

    /**
     * Runs the statement; {@code listed}, when not null, are the privileges a GRANT or REVOKE names
     * ({@link GrantPrivilegeList}), used instead of those Druid read.
     */
    public StatementResult execute(SQLStatement statement, Set<Privilege> listed) {
        requireGrantOption();
        if (statement instanceof MySqlCreateUserStatement create) {
            StatementResult.Ok result = StatementResult.Ok.EMPTY;
            for (MySqlCreateUserStatement.UserSpecification spec : create.getUsers()) {
                String[] account = account(spec.getUser());
                String password = spec.getPassword() == null ? "" : unquote(spec.getPassword().toString());
                if (create.isIfNotExists() && context.users().account(account[0], account[1]).isPresent()) {
                    result = StatementResult.Ok.noted(ErrorCode.ER_USER_CREATE_EXISTS, account[0], account[1]);
                    continue;
                }
                context.users().createUser(account[0], account[1], password);
            }
            return result;
        }
        if (statement instanceof SQLDropUserStatement drop) {
            StatementResult.Ok result = StatementResult.Ok.EMPTY;
            for (SQLExpr user : drop.getUsers()) {
                String[] account = account(user);
                if (drop.isIfExists() && context.users().account(account[0], account[1]).isEmpty()) {
                    result = StatementResult.Ok.noted(ErrorCode.ER_USER_DROP_EXISTS, account[0], account[1]);
                    continue;
                }
                context.users().dropUser(account[0], account[1]);
            }
            return result;
        }
        if (statement instanceof SQLGrantStatement grant) {
            String[] scope = scope(grant.getResource());
            for (SQLExpr user : grant.getUsers()) {
                String[] account = account(user);
                context.users().grant(account[0], account[1],
                    listed != null ? listed : privileges(grant.getPrivileges()), scope[0], scope[1],
                    grant.getWithGrantOption());
            }
            return StatementResult.Ok.EMPTY;
        }
        SQLRevokeStatement revoke = (SQLRevokeStatement) statement;
        String[] scope = scope(revoke.getResource());
        for (SQLExpr user : revoke.getUsers()) {
            String[] account = account(user);
            context.users().revoke(account[0], account[1],
                listed != null ? listed : privileges(revoke.getPrivileges()), scope[0], scope[1], false);
        }
        return StatementResult.Ok.EMPTY;
    }

    public StatementResult kill(MySqlKillStatement kill) {
        SQLExpr target = kill.getThreadIds().get(0);
        long id = target instanceof SQLIntegerExpr i ? i.getNumber().longValue() : Long.parseLong(target.toString());
        SqlSession session = new SessionAdmin(context, state).killable(id);
        session.cancel();
        if (kill.getType() != MySqlKillStatement.Type.QUERY) {
            session.killConnection();
        }
        return StatementResult.Ok.EMPTY;
    }

    /** 1044 unless the account has some privilege on the database. */
    public void checkDatabaseAccess(String db) {
        if (!context.users().anyPrivilegeOn(state.user(), state.accountHost(), db)) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), db);
        }
    }

    private void requireGrantOption() {
        if (!context.users().allowed(state.user(), state.accountHost(), Privilege.ALL, "*", "*")) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "CREATE USER");
        }
    }

    private static Set<Privilege> privileges(java.util.List<SQLPrivilegeItem> items) {
        Set<Privilege> out = EnumSet.noneOf(Privilege.class);
        for (SQLPrivilegeItem item : items) {
            out.add(Privilege.fromSql(item.getAction().toString()));
        }
        return out;
    }

    /** {db, table} of a GRANT target such as {@code d.*} or {@code *.*}. */
    private static String[] scope(com.alibaba.druid.sql.ast.SQLObject resource) {
        String text = resource instanceof SQLExprTableSource ts ? ts.getExpr().toString() : String.valueOf(resource);
        String[] parts = text.replace("`", "").split("\\.", 2);
        if (parts.length == 1) {
            return new String[] {"*", parts[0].toLowerCase(Locale.ROOT)};
        }
        return new String[] {parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT)};
    }

    private static String[] account(SQLExpr user) {
        if (user instanceof MySqlUserName name) {
            return new String[] {unquote(name.getUserName()), name.getHost() == null ? "%" : unquote(name.getHost())};
        }
        if (user instanceof SQLIdentifierExpr id) {
            return new String[] {unquote(id.getName()), "%"};
        }
        String text = user.toString();
        int at = text.indexOf('@');
        return at < 0 ? new String[] {unquote(text), "%"}
            : new String[] {unquote(text.substring(0, at)), unquote(text.substring(at + 1))};
    }

    private static String unquote(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '"' || t.charAt(0) == '`')) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }
}
