package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.executor.scan.ConnectionProviders;
import com.polardbx.gms.store.InformationSchemaViews;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.SessionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Queries on {@code information_schema}: SCHEMATA, TABLES, COLUMNS and STATISTICS describe logical objects and run
 * against the GMS views ({@link InformationSchemaViews}); the other tables describe the server (ENGINES, COLLATIONS,
 * CHARACTER_SETS, ...) and are answered by a data node.
 */
final class InformationSchemaQueries {
    static final String SCHEMA = "information_schema";

    private InformationSchemaQueries() {
    }

    /** The information_schema table sources of a statement; empty when it reads none. */
    static List<SQLExprTableSource> sources(SQLStatement statement, String currentDb) {
        List<SQLExprTableSource> out = new ArrayList<>();
        statement.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                String schema = source.getSchema() == null ? currentDb : TableNames.unquote(source.getSchema());
                if (SCHEMA.equals(schema) && source.getTableName() != null) {
                    out.add(source);
                }
                return true;
            }
        });
        return out;
    }

    static RowCursor run(ServerContext context, SessionState viewer, SQLStatement statement,
                         List<SQLExprTableSource> sources, int tableSourceCount, List<String> labels,
                         QueryContext query) {
        if (sources.size() != tableSourceCount) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "joining information_schema with data tables");
        }
        boolean logical = sources.stream()
            .anyMatch(s -> InformationSchemaViews.TABLES.contains(TableNames.unquote(s.getTableName())));
        if (!logical) {
            String dn = context.dataNodes().dataNodeIds().get(0);
            return PlanExecutor.runShards(List.of(new ShardQuery(dn, withCnProcessList(context, viewer, statement, sources))),
                pooled(context), query, labels, Map.of());
        }
        for (SQLExprTableSource s : sources) {
            String table = TableNames.unquote(s.getTableName());
            if (!InformationSchemaViews.TABLES.contains(table)) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "information_schema." + table
                    + " together with the logical tables SCHEMATA/TABLES/COLUMNS/STATISTICS");
            }
            if (s.getAlias() == null) {
                s.setAlias("`" + s.getTableName().replace("`", "") + "`");
            }
            s.setExpr(TableNames.qualifiedName(InformationSchemaViews.DATABASE, table.toUpperCase(java.util.Locale.ROOT)));
        }
        return PlanExecutor.runShards(List.of(new ShardQuery("gms", SQLUtils.toMySqlString(statement))),
            metaDb(context), query, labels, Map.of(InformationSchemaViews.DATABASE, SCHEMA));
    }

    /** A name no statement can contain, replaced by the CN's process list after the statement is printed. */
    private static final String PROCESS_LIST_PLACEHOLDER = "__polardbx_cn_processlist__";

    /**
     * The statement's SQL for a data node, with PROCESSLIST read from this CN's sessions instead of the DN's own
     * (which would list the CN's pooled connections, not its clients).
     */
    private static String withCnProcessList(ServerContext context, SessionState viewer, SQLStatement statement,
                                            List<SQLExprTableSource> sources) {
        boolean reads = false;
        for (SQLExprTableSource s : sources) {
            if ("PROCESSLIST".equalsIgnoreCase(TableNames.unquote(s.getTableName()))) {
                if (s.getAlias() == null) {
                    s.setAlias("`" + s.getTableName().replace("`", "") + "`");
                }
                s.setExpr(PROCESS_LIST_PLACEHOLDER);
                reads = true;
            }
        }
        String sql = SQLUtils.toMySqlString(statement);
        return reads ? sql.replace(PROCESS_LIST_PLACEHOLDER, ProcessListRows.derivedTable(ProcessListRows.of(context, viewer)))
            : sql;
    }

    private static ConnectionProvider metaDb(ServerContext context) {
        return ConnectionProviders.closing(id -> context.meta().metaDb().connection());
    }

    private static ConnectionProvider pooled(ServerContext context) {
        return ConnectionProviders.closing(context.dataNodes()::getConnection);
    }
}
