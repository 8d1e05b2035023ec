package com.polardbx.server.session;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLLimit;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLBooleanExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumberExpr;
import com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr;
import com.alibaba.druid.sql.ast.statement.SQLDeleteStatement;
import com.alibaba.druid.sql.ast.statement.SQLInsertStatement;
import com.alibaba.druid.sql.ast.statement.SQLReplaceStatement;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.SqlError;
import com.polardbx.optimizer.parse.MySqlParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A prepared statement parsed once: executions put the bound values into the AST in place of the {@code ?} markers,
 * run it, and put the markers back, so the statement text is not parsed again for every execution. Confined to the
 * session's thread.
 */
final class PreparedTemplate {
    private final String sql;
    private final int parameterCount;
    private final SQLStatement statement;
    private final List<SQLVariantRefExpr> markers;
    /** Which markers are a LIMIT row count or offset: they take integers only. */
    private final boolean[] inLimit;

    private PreparedTemplate(String sql, int parameterCount, SQLStatement statement, List<SQLVariantRefExpr> markers) {
        this.sql = sql;
        this.parameterCount = parameterCount;
        this.statement = statement;
        this.markers = markers;
        this.inLimit = new boolean[markers.size()];
        for (int i = 0; i < inLimit.length; i++) {
            inLimit[i] = markers.get(i).getParent() instanceof SQLLimit;
        }
    }

    /** A template for a query or DML statement, or one holding only the text for anything else. */
    static PreparedTemplate of(String sql, int parameterCount) {
        SQLStatement parsed;
        try {
            parsed = MySqlParser.parseOne(sql);
        } catch (SqlError e) {
            if (PrepareSyntax.reportedAtPrepare(sql)) {
                throw e; // MySQL reports a statement's syntax error when it is prepared
            }
            return new PreparedTemplate(sql, parameterCount, null, List.of()); // reported when executed, as text
        } catch (RuntimeException e) {
            return new PreparedTemplate(sql, parameterCount, null, List.of());
        }
        if (!(parsed instanceof SQLSelectStatement || parsed instanceof SQLInsertStatement
            || parsed instanceof SQLReplaceStatement || parsed instanceof SQLUpdateStatement
            || parsed instanceof SQLDeleteStatement)) {
            return new PreparedTemplate(sql, parameterCount, null, List.of());
        }
        List<SQLVariantRefExpr> found = new ArrayList<>();
        parsed.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLVariantRefExpr x) {
                if ("?".equals(x.getName())) {
                    found.add(x);
                }
                return false;
            }
        });
        found.sort(Comparator.comparingInt(SQLVariantRefExpr::getIndex));
        boolean usable = found.size() == parameterCount && found.stream().allMatch(m -> m.getParent() != null);
        return new PreparedTemplate(sql, parameterCount, usable ? parsed : null, usable ? found : List.of());
    }

    String sql() {
        return sql;
    }

    int parameterCount() {
        return parameterCount;
    }

    /** Whether parameter {@code i} is a LIMIT row count or offset. */
    boolean inLimit(int i) {
        return i < inLimit.length && inLimit[i];
    }

    /**
     * Values that let a query run at prepare time only to learn its result columns: NULL for every parameter but a
     * LIMIT, where NULL is a syntax error, and 0 rows are enough.
     */
    Object[] metadataValues(int parameterCount) {
        Object[] values = new Object[parameterCount];
        for (int i = 0; i < inLimit.length && i < parameterCount; i++) {
            values[i] = inLimit[i] ? (Object) 0L : null;
        }
        return values;
    }

    /**
     * Runs {@code work} with the values bound into the AST (or, for a text-only template, into the text). The
     * callback also gets the bound text, for paths that re-parse it (the cross-shard planner).
     */
    <T> T withValues(Object[] values, java.util.function.BiFunction<SQLStatement, String, T> work,
                     Function<String, T> textOnly) {
        Object[] converted = values.clone();
        for (int i = 0; i < inLimit.length && i < converted.length; i++) {
            if (inLimit[i]) {
                converted[i] = LimitParameter.value(converted[i]);
            }
        }
        String bound = Placeholders.bind(sql, converted);
        if (statement == null) {
            return textOnly.apply(bound);
        }
        List<SQLExpr> literals = new ArrayList<>(markers.size());
        for (int i = 0; i < markers.size(); i++) {
            SQLExpr literal = literal(converted[i]);
            SQLUtils.replaceInParent(markers.get(i), literal);
            literals.add(literal);
        }
        try {
            return work.apply(statement, bound);
        } finally {
            for (int i = 0; i < literals.size(); i++) {
                SQLUtils.replaceInParent(literals.get(i), markers.get(i));
            }
        }
    }

    private static SQLExpr literal(Object v) {
        if (v == null) {
            return new SQLNullExpr();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return new SQLIntegerExpr(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return new SQLIntegerExpr(b);
        }
        if (v instanceof BigDecimal d) {
            return new SQLNumberExpr(d);
        }
        if (v instanceof Double || v instanceof Float) {
            String text = Placeholders.literal(v);
            return text.equals("NULL") ? new SQLNullExpr() : new SQLNumberExpr(text.toCharArray());
        }
        if (v instanceof Boolean b) {
            return new SQLBooleanExpr(b);
        }
        if (v instanceof byte[] bytes && bytes.length == 0) {
            return new EmptyBinaryLiteral();
        }
        if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return new SQLHexExpr(hex.toString());
        }
        return new SQLCharExpr(v.toString());
    }
}
