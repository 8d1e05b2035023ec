package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProviders;
import com.polardbx.gms.user.Privilege;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.polardbx.server.observe.DigestSummaries;
import com.polardbx.server.session.AccessCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Queries on {@code performance_schema}: the CN answers {@code events_statements_summary_by_digest} from its own
 * statement digests ({@link DigestSummaries}), needing SELECT on it as in MySQL; every other table is 1146, so the
 * DNs' own performance_schema (their internals, the CN's pooled connections) stays out of reach. The rows are
 * written as a derived table that a DN evaluates, so any WHERE, ORDER BY, LIMIT or aggregate works as on MySQL.
 */
public final class PerformanceSchemaQueries {
    static final String SCHEMA = "performance_schema";
    static final String DIGEST_TABLE = "events_statements_summary_by_digest";
    private static final String PLACEHOLDER_PREFIX = "__polardbx_cn_ps_";

    private PerformanceSchemaQueries() {
    }

    private static final java.util.regex.Pattern TRUNCATE = java.util.regex.Pattern.compile(
        "(?is)^\\s*TRUNCATE\\s+(?:TABLE\\s+)?`?performance_schema`?\\s*\\.\\s*`?([A-Za-z0-9_$]+)`?\\s*;?\\s*$");

    /**
     * {@code TRUNCATE TABLE performance_schema.events_statements_summary_by_digest}: empties this CN's digest rows
     * (DROP on the table needed, as for any TRUNCATE). Returns false when the statement is no TRUNCATE of a
     * performance_schema table.
     */
    public static boolean truncate(ServerContext context, AccessCheck access, String sql) {
        java.util.regex.Matcher m = TRUNCATE.matcher(sql);
        if (!m.matches()) {
            return false;
        }
        String table = m.group(1);
        if (!table.equalsIgnoreCase(DIGEST_TABLE)) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, SCHEMA, table);
        }
        access.requireTable(Privilege.DROP, SCHEMA, DIGEST_TABLE);
        context.observers().truncateDigests();
        return true;
    }

    /** The performance_schema table sources of a statement; empty when it reads none. */
    static List<SQLExprTableSource> sources(SQLStatement statement, String currentDb) {
        return TableNames.sourcesIn(statement, currentDb, SCHEMA);
    }

    /** 1146 for a table the CN does not answer; 1142 without SELECT on it. */
    static void check(AccessCheck access, String table) {
        if (!table.equalsIgnoreCase(DIGEST_TABLE)) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, SCHEMA, table);
        }
        access.requireTable(Privilege.SELECT, SCHEMA, DIGEST_TABLE);
    }

    static RowCursor run(ServerContext context, AccessCheck access, SQLStatement statement,
                         List<SQLExprTableSource> sources, int tableSourceCount, List<String> labels,
                         QueryContext query) {
        for (SQLExprTableSource s : sources) {
            check(access, TableNames.unquote(s.getTableName()));
        }
        if (sources.size() != tableSourceCount) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "joining performance_schema with other tables");
        }
        String rows = DerivedTables.of(DigestSummaries.COLUMNS, context.observers().digests().rows());
        Map<String, String> derived = new HashMap<>();
        for (SQLExprTableSource s : sources) {
            String placeholder = PLACEHOLDER_PREFIX + derived.size() + "__";
            if (s.getAlias() == null) {
                s.setAlias("`" + TableNames.unquote(s.getTableName()).toLowerCase(Locale.ROOT) + "`");
            }
            s.setExpr(placeholder);
            derived.put(placeholder, rows);
        }
        String sql = SQLUtils.toMySqlString(statement);
        for (Map.Entry<String, String> e : derived.entrySet()) {
            sql = sql.replace(e.getKey(), e.getValue());
        }
        String dn = context.dataNodes().dataNodeIds().get(0);
        return PlanExecutor.runShards(List.of(new ShardQuery(dn, sql)),
            ConnectionProviders.closing(context.dataNodes()::getConnection), query, labels, Map.of());
    }
}
