package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
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
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries on {@code information_schema}: SCHEMATA, TABLES, COLUMNS and STATISTICS describe logical objects and run
 * against the GMS views ({@link InformationSchemaViews}), filtered by the user's privileges; tables that describe the
 * server's SQL (ENGINES, COLLATIONS, CHARACTER_SETS, ...) are answered by a data node; PROCESSLIST and the variables
 * by the CN; all others (privileges, partitions, files, InnoDB internals) would describe a DN and are empty.
 */
final class InformationSchemaQueries {
    static final String SCHEMA = "information_schema";

    private InformationSchemaQueries() {
    }

    /** The information_schema table sources of a statement; empty when it reads none. */
    static List<SQLExprTableSource> sources(SQLStatement statement, String currentDb) {
        return TableNames.sourcesIn(statement, currentDb, SCHEMA);
    }

    static RowCursor run(ServerContext context, SessionState state, AccessCheck access, SQLStatement statement,
                         List<SQLExprTableSource> sources, int tableSourceCount, List<String> labels,
                         QueryContext query) {
        if (sources.size() != tableSourceCount) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "joining information_schema with data tables");
        }
        boolean logical = sources.stream()
            .anyMatch(s -> InformationSchemaViews.TABLES.contains(TableNames.unquote(s.getTableName())));
        if (!logical) {
            String dn = context.dataNodes().dataNodeIds().get(0);
            return PlanExecutor.runShards(List.of(new ShardQuery(dn, forDataNode(context, state, access, statement, sources))),
                pooled(context), query, labels, Map.of());
        }
        Map<String, String> filtered = new HashMap<>();
        for (SQLExprTableSource s : sources) {
            String table = TableNames.unquote(s.getTableName());
            if (!InformationSchemaViews.TABLES.contains(table)) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "information_schema." + table
                    + " together with the logical tables SCHEMATA/TABLES/COLUMNS/STATISTICS");
            }
            if (s.getAlias() == null) {
                s.setAlias("`" + s.getTableName().replace("`", "") + "`");
            }
            String view = InformationSchemaViews.DATABASE + "." + table.toUpperCase(java.util.Locale.ROOT);
            boolean schemata = table.equalsIgnoreCase("schemata");
            // REFERENTIAL_CONSTRAINTS names the child's database CONSTRAINT_SCHEMA (it has no TABLE_SCHEMA)
            String schemaColumn = table.equalsIgnoreCase("referential_constraints") ? "CONSTRAINT_SCHEMA"
                : "TABLE_SCHEMA";
            String visible = access.visibleCondition(schemata ? "SCHEMA_NAME" : schemaColumn,
                schemata ? null : "TABLE_NAME");
            if (visible == null) {
                s.setExpr(TableNames.qualifiedName(InformationSchemaViews.DATABASE,
                    table.toUpperCase(java.util.Locale.ROOT)));
            } else {
                // as MySQL, a user sees only the databases and tables it holds some privilege on
                String placeholder = PLACEHOLDER_PREFIX + filtered.size() + "__";
                filtered.put(placeholder, "(SELECT * FROM " + view + " WHERE " + visible + ")");
                s.setExpr(placeholder);
            }
        }
        String sql = SQLUtils.toMySqlString(statement);
        for (Map.Entry<String, String> e : filtered.entrySet()) {
            sql = sql.replace(e.getKey(), e.getValue());
        }
        return PlanExecutor.runShards(List.of(new ShardQuery("gms", sql)),
            metaDb(context), query, labels, Map.of(InformationSchemaViews.DATABASE, SCHEMA));
    }

    /** Names no statement can contain, replaced by derived tables after the statement is printed. */
    private static final String PLACEHOLDER_PREFIX = "__polardbx_cn_is_";
    private static final String PROCESS_LIST_PLACEHOLDER = "__polardbx_cn_processlist__";

    /**
     * information_schema tables a data node may answer itself: they describe the server's SQL (engines, character
     * sets, collations, keywords, functions), nothing of its files, accounts or physical objects.
     */
    private static final java.util.Set<String> SERVER_TABLES = java.util.Set.of("ENGINES", "CHARACTER_SETS",
        "COLLATIONS", "COLLATION_CHARACTER_SET_APPLICABILITY", "SQL_FUNCTIONS", "GLOBAL_STATUS",
        "SESSION_STATUS", "PLUGINS", "ALL_PLUGINS");

    /**
     * The statement's SQL for a data node: PROCESSLIST read from this CN's sessions instead of the DN's own (which
     * would list the CN's pooled connections, not its clients), GLOBAL/SESSION_VARIABLES from the CN's variables,
     * USER_/SCHEMA_/TABLE_PRIVILEGES from the user's own grants, and every other table that would describe the DN
     * (partitions, files, InnoDB internals ...) empty.
     */
    private static String forDataNode(ServerContext context, SessionState state, AccessCheck access,
                                      SQLStatement statement, List<SQLExprTableSource> sources) {
        Map<String, String> derived = new HashMap<>();
        for (SQLExprTableSource s : sources) {
            String table = TableNames.unquote(s.getTableName()).toUpperCase(java.util.Locale.ROOT);
            if (SERVER_TABLES.contains(table)) {
                continue;
            }
            String replacement;
            if (table.equals("PROCESSLIST")) {
                replacement = ProcessListRows.derivedTable(ProcessListRows.of(context, state));
            } else if (table.equals("KEYWORDS")) {
                replacement = ReservedWords.keywordsTable();
            } else if (table.equals("PARTITIONS")) {
                replacement = PartitionRows.derivedTable(context, access);
            } else if (table.equals("GLOBAL_VARIABLES") || table.equals("SESSION_VARIABLES")) {
                replacement = variables(new java.util.TreeMap<>(table.equals("GLOBAL_VARIABLES")
                    ? context.variables().sessionDefaults() : state.variables()));
            } else if (table.endsWith("_PRIVILEGES")) {
                replacement = PrivilegeRows.derivedTable(table, state.user(), state.accountHost(),
                    context.users().grantsOf(state.user(), state.accountHost()));
                replacement = replacement != null ? replacement
                    : "(SELECT * FROM information_schema." + table + " WHERE 0)";
            } else {
                replacement = "(SELECT * FROM information_schema." + table + " WHERE 0)";
            }
            String placeholder = table.equals("PROCESSLIST") ? PROCESS_LIST_PLACEHOLDER
                : PLACEHOLDER_PREFIX + derived.size() + "__";
            if (s.getAlias() == null) {
                s.setAlias("`" + s.getTableName().replace("`", "") + "`");
            }
            s.setExpr(placeholder);
            derived.put(placeholder, replacement);
        }
        String sql = SQLUtils.toMySqlString(statement);
        for (Map.Entry<String, String> e : derived.entrySet()) {
            sql = sql.replace(e.getKey(), e.getValue());
        }
        return sql;
    }

    /** The variables as a derived table with MariaDB's columns (names upper case, values as text). */
    private static String variables(Map<String, Object> values) {
        StringBuilder sql = new StringBuilder("(");
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sql.append(first ? "SELECT " : " UNION ALL SELECT ")
                .append(ProcessListRows.literal(e.getKey().toUpperCase(java.util.Locale.ROOT)))
                .append(first ? " AS VARIABLE_NAME, " : ", ")
                .append(ProcessListRows.literal(e.getValue() == null ? "" : String.valueOf(e.getValue())))
                .append(first ? " AS VARIABLE_VALUE" : "");
            first = false;
        }
        if (first) {
            sql.append("SELECT '' AS VARIABLE_NAME, '' AS VARIABLE_VALUE FROM DUAL WHERE 0");
        }
        return sql.append(')').toString();
    }

    private static ConnectionProvider metaDb(ServerContext context) {
        return ConnectionProviders.closing(id -> context.meta().metaDb().connection());
    }

    private static ConnectionProvider pooled(ServerContext context) {
        return ConnectionProviders.closing(context.dataNodes()::getConnection);
    }
}
