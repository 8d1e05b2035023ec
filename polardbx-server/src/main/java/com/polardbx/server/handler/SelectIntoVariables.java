package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLListExpr;
import com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.expr.MySqlOutFileExpr;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.server.session.SessionState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code SELECT ... INTO @a, @b}: the query runs like any SELECT (without its INTO), and its one row goes into the
 * session's user variables; the client gets an OK, as from MariaDB. No row: warning 1329 and the variables keep
 * their values; more than one: 1172 after the first row is assigned (MariaDB's order); a column count other than
 * the variables': 1222 before anything runs; a name without {@code @} (a stored-program variable): 1327.
 */
final class SelectIntoVariables {
    private SelectIntoVariables() {
    }

    /** Whether the statement's outer query selects into variables (not into a file, which is refused elsewhere). */
    static boolean applies(SQLSelectStatement select) {
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        return block != null && block.getInto() != null && !(block.getInto().getExpr() instanceof MySqlOutFileExpr);
    }

    /** @param run runs a SELECT (statement, text) and returns its rows */
    static StatementResult run(SQLSelectStatement select, SessionState state,
                               BiFunction<SQLSelectStatement, String, RowCursor> run) {
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        SQLExprTableSource into = block.getInto();
        List<String> names = names(into.getExpr());
        if (names.size() != block.getSelectList().size()) {
            throw new SqlError(ErrorCode.ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT);
        }
        block.setInto((SQLExprTableSource) null);
        try (RowCursor rows = run.apply(select, SQLUtils.toMySqlString(select))) {
            Object[] first = rows.next();
            if (first == null) {
                state.warnings().add(new SessionState.Warning("Warning", ErrorCode.ER_SP_FETCH_NO_DATA.errno(),
                    ErrorCode.ER_SP_FETCH_NO_DATA.format()));
                return new StatementResult.Ok(0, 0, 1, null);
            }
            for (int i = 0; i < names.size(); i++) {
                state.setUserVariable(names.get(i), first[i]);
            }
            if (rows.next() != null) {
                throw new SqlError(ErrorCode.ER_TOO_MANY_ROWS);
            }
            return StatementResult.Ok.of(1);
        } finally {
            block.setInto(into);
        }
    }

    private static List<String> names(SQLExpr target) {
        List<SQLExpr> items = target instanceof SQLListExpr list ? list.getItems() : List.of(target);
        List<String> names = new ArrayList<>();
        for (SQLExpr item : items) {
            String text = item instanceof SQLVariantRefExpr ref ? ref.getName() : SQLUtils.toMySqlString(item);
            if (!text.startsWith("@") || text.startsWith("@@")) {
                throw new SqlError(ErrorCode.ER_SP_UNDECLARED_VAR, text);
            }
            names.add(com.polardbx.optimizer.route.TableNames.unquote(text.substring(1)));
        }
        return names;
    }
}
