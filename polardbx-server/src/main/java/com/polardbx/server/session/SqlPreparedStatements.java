package com.polardbx.server.session;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlExecuteStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlPrepareStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.optimizer.route.Literals;
import com.polardbx.optimizer.route.TableNames;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * SQL-level prepared statements of one session: {@code PREPARE name FROM 'text' | @var}, {@code EXECUTE name
 * [USING @v, ...]} and {@code DEALLOCATE | DROP PREPARE name}, on the same templates as COM_STMT_PREPARE. Confined
 * to the session's thread.
 */
final class SqlPreparedStatements {
    private static final StatementResult.Ok PREPARED = new StatementResult.Ok(0, 0, 0, "Statement prepared");

    private final SessionState state;
    /** Runs a template with bound values, as COM_STMT_EXECUTE does. */
    private final BiFunction<PreparedTemplate, Object[], StatementResult> execute;
    private final Map<String, PreparedTemplate> byName = new HashMap<>();

    SqlPreparedStatements(SessionState state, BiFunction<PreparedTemplate, Object[], StatementResult> execute) {
        this.state = state;
        this.execute = execute;
    }

    StatementResult prepare(MySqlPrepareStatement prepare) {
        String name = name(prepare.getName().getSimpleName());
        String sql = text(prepare.getFrom());
        if (sql.isBlank()) {
            throw new SqlError(ErrorCode.ER_EMPTY_QUERY);
        }
        byName.remove(name); // a failed re-PREPARE leaves no statement of that name, as in MySQL
        byName.put(name, PreparedTemplate.of(sql, Placeholders.count(sql)));
        return PREPARED;
    }

    StatementResult execute(MySqlExecuteStatement statement) {
        String name = name(statement.getStatementName().getSimpleName());
        PreparedTemplate template = byName.get(name);
        if (template == null) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_STMT_HANDLER, name, "EXECUTE");
        }
        List<SQLExpr> using = statement.getParameters();
        if (using.size() != template.parameterCount()) {
            throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "EXECUTE");
        }
        Object[] values = new Object[using.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(using.get(i));
            if (template.inLimit(i) && values[i] instanceof Double d) {
                // a DOUBLE user variable reads as an integer by truncation (a DOUBLE COM_STMT_EXECUTE value rounds)
                values[i] = (long) d.doubleValue();
            }
        }
        return execute.apply(template, values);
    }

    StatementResult deallocate(String rawName) {
        String name = name(rawName);
        if (byName.remove(name) == null) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_STMT_HANDLER, name, "DEALLOCATE PREPARE");
        }
        return StatementResult.Ok.EMPTY;
    }

    void clear() {
        byName.clear();
    }

    private static String name(String raw) {
        return TableNames.unquote(raw).toLowerCase(Locale.ROOT);
    }

    /** The statement text: a string literal or a user variable holding one. */
    private String text(SQLExpr from) {
        if (from instanceof SQLCharExpr c) {
            return c.getText();
        }
        Object v = value(from);
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // MySQL prepares the text "NULL" for an unset variable, a syntax error
        return v == null ? "NULL" : v.toString();
    }

    /** A USING argument: a user variable (NULL when unset) or a literal. */
    private Object value(SQLExpr e) {
        if (e instanceof SQLVariantRefExpr ref && ref.getName().startsWith("@") && !ref.getName().startsWith("@@")) {
            return state.userVariable(TableNames.unquote(ref.getName().substring(1)));
        }
        Object v = Literals.value(e);
        if (v == Literals.NOT_CONSTANT) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "EXECUTE ... USING an expression");
        }
        return v;
    }
}
