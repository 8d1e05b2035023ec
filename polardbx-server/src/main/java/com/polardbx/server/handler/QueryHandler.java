package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelectItem;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlExplainStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.planner.ColumnSources;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.optimizer.route.TableNames.TableRef;
import com.polardbx.server.ServerContext;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.QueryConnections;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.session.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;

/**
 * SELECT: answered in the CN when it names no table and only CN state, sent whole to one DN when every table it
 * reads lives there, otherwise planned by the optimizer and run by the executor.
 */
public final class QueryHandler {
    private final ServerContext context;
    private final SessionState state;
    private final Transactions transactions;
    private final SessionExpressions expressions;
    private final AccessCheck access;
    private volatile QueryContext running;
    /**
     * The connections a read through a global index looked the keys up on; the primary is read on the same ones, so
     * both see one snapshot (taken by the next {@link #read}).
     */
    private QueryConnections indexSnapshot;
    /** Set while {@link #selectForClient} runs: the rows of the statement go to the client as they come. */
    private boolean resultToClient;

    public QueryHandler(ServerContext context, SessionState state, Transactions transactions, AccessCheck access) {
        this.access = access;
        this.context = context;
        this.state = state;
        this.transactions = transactions;
        this.expressions = new SessionExpressions(context, state);
    }

    /**
     * A client's SELECT: like {@link #select}, and its result is written to the client before anything else runs on
     * the session's DN connections, so shard rows may be streamed to it (one round trip per shard query inside a
     * transaction instead of a server-side cursor's three).
     */
    public StatementResult selectForClient(SQLSelectStatement select, String text) {
        if (SelectIntoVariables.applies(select)) {
            return SelectIntoVariables.run(select, state, this::selectRows);
        }
        resultToClient = true;
        try {
            return select(select, text);
        } finally {
            resultToClient = false;
        }
    }

    public StatementResult select(SQLSelectStatement select, String text) {
        String sql = text;
        com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSelectQueryBlock calc = CalcFoundRows.block(select);
        if (calc != null) {
            long found = count(CalcFoundRows.countQuery(select));
            calc.setCalcFoundRows(false);
            StatementResult rows = select(select, CalcFoundRows.withoutKeyword(sql));
            state.calculatedFoundRows(found);
            return rows;
        }
        List<SQLExprTableSource> perfSchema = PerformanceSchemaQueries.sources(select, state.database());
        if (!perfSchema.isEmpty()) {
            List<String> labels = SessionExpressions.labels(sql, select.getSelect().getQueryBlock());
            expressions.substitute(select);
            return rows(PerformanceSchemaQueries.run(context, access, select, perfSchema, tableSources(select),
                labels, newQuery()));
        }
        List<SQLExprTableSource> infoSchema = InformationSchemaQueries.sources(select, state.database());
        if (!infoSchema.isEmpty()) {
            int[] sources = {0};
            select.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
                @Override
                public boolean visit(SQLExprTableSource x) {
                    sources[0]++;
                    return true;
                }
            });
            List<String> labels = SessionExpressions.labels(sql, select.getSelect().getQueryBlock());
            expressions.substitute(select); // DATABASE(), @@vars: the GMS node must see the session's values
            return rows(InformationSchemaQueries.run(context, state, access, select, infoSchema, sources[0], labels,
                newQuery()));
        }
        List<TableRef> refs = TableNames.resolve(select, state.database(), context.meta());
        for (TableRef ref : refs) {
            if (!ref.coveredByView()) {
                access.requireTable(Privilege.SELECT, ref.table().schema(), ref.table().name());
            }
        }
        if (refs.isEmpty()) {
            requireOnlyKnownSources(select);
            return expressions.tableless(select, sql, this::runOnAnyDataNode);
        }
        // the client's column labels come from its own text; a planned query has them from its (cached) plan, and
        // working them out may parse the text with Calcite once more, so only the routes without a plan do it
        String labelled = sql;
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        sql = expressions.forDataNodes(select, sql); // @@port, CURRENT_USER(), ... are the CN's, not the DN's
        java.util.regex.Matcher lock = LOCK_CLAUSE.matcher(sql);
        boolean locking = lock.find();
        String throughIndex = throughGlobalIndex(select, refs, locking ? lock.group(1) : null);
        if (covering != null) {
            CoveringRead read = covering;
            covering = null;
            List<String> labels = SessionExpressions.labels(labelled, block);
            QueryContext query = newQuery();
            return read(false, false, query, c -> PlanExecutor.runShards(List.of(new ShardQuery(read.dnId(),
                read.sql())), c, query, labels, read.logicalNames()));
        }
        if (throughIndex != null) {
            sql = throughIndex;
            lock = LOCK_CLAUSE.matcher(sql);
            locking = lock.find();
        }
        try {
            return routed(select, refs, sql, labelled, block, lock, locking);
        } finally {
            if (indexSnapshot != null) { // planning failed before the read took the index lookup's snapshot
                indexSnapshot.abandon();
                indexSnapshot = null;
            }
        }
    }

    /** The single-shard or planned read of a SELECT over resolved tables. */
    private StatementResult routed(SQLSelectStatement select, List<TableRef> refs, String sql, String labelled,
                                   SQLSelectQueryBlock block, java.util.regex.Matcher lock, boolean locking) {
        Map<TableRef, PartitionDef> single = singleShardRoute(select, refs);
        QueryContext query = newQuery();
        if (single != null) {
            String physical = TableNames.physicalSql(select, refs, single::get, true);
            String dn = single.values().iterator().next().dnId();
            List<String> labels = SessionExpressions.labels(labelled, block);
            List<ColumnSources.Source> widths = computedWidths(block);
            return read(false, locking, query, c -> PlanExecutor.runShards(List.of(new ShardQuery(dn, physical)), c, query,
                labels, logicalNames(refs)), widths);
        }
        QueryPlanner.QueryPlan plan;
        try {
            // Calcite has no locking clause: plan without it, append it to every pushed-down SELECT
            plan = context.planner().planCached(state.database(), locking ? sql.substring(0, lock.start()) : sql,
                onlyFullGroupBy(), query::isCancelled);
        } catch (SqlError e) {
            if (e.errno() != ErrorCode.ER_NOT_SUPPORTED_YET.errno() || !isShardConcatenable(select, refs)) {
                query.close(); // nothing ran yet: give back the query's memory reservation
                throw e;
            }
            return concatenateShards(select, refs.get(0), SessionExpressions.labels(labelled, block), query,
                locking);
        }
        if (locking) {
            query.withLockClause(lock.group(1).replaceAll("\\s+", " "));
        }
        query.withParameters(plan.parameters());
        return read(true, locking, query, c -> SourcedColumns.apply(
            PlanExecutor.run(plan.root(), plan.columnLabels(), c, query), plan.columnSources(), context.meta()),
            plan.columnSources());
    }

    /**
     * For a single-shard query selecting expressions, the lengths MariaDB gives them, from a plan of the query
     * without its WHERE, ORDER BY, LIMIT and locking (widths do not depend on them, and point queries then share
     * one): the driver the CN reads the DN through reports their precision instead. Null when it selects only
     * columns or the optimizer cannot plan it.
     */
    private List<ColumnSources.Source> computedWidths(SQLSelectQueryBlock block) {
        if (block == null || block.getSelectList().stream().allMatch(item -> item.getExpr()
            instanceof com.alibaba.druid.sql.ast.SQLName
            || item.getExpr() instanceof com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr)) {
            return null;
        }
        try {
            SQLSelectQueryBlock shape = block.clone();
            shape.setWhere(null);
            shape.setOrderBy(null);
            shape.setLimit(null);
            if (shape instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSelectQueryBlock mysql) {
                mysql.setForUpdate(false);
                mysql.setLockInShareMode(false);
            }
            return context.planner().columnSources(state.database(), SQLUtils.toMySqlString(shape));
        } catch (RuntimeException e) {
            return null; // the DN runs what the optimizer cannot plan; its lengths stay the driver's
        }
    }

    /**
     * A query reading tables with global indexes: index hints naming them are taken out (the DNs don't know them),
     * and a one-table query goes the way the optimizer's {@link com.polardbx.optimizer.route.AccessPathChooser}
     * finds cheapest: as written to the primary's shards; to the one index shard holding its keys when the index
     * covers it (the covering read is left in {@link #covering}); or by the matching primary keys read from the
     * index, then the primary by those keys ({@code AND (pk) IN (...)}, which prunes to their shards). Returns the
     * statement's new text, or null when nothing changed.
     */
    private String throughGlobalIndex(SQLSelectStatement select, List<TableRef> refs, String lockClause) {
        boolean changed = false;
        // each source's index hints, taken out of the text (the DNs' tables lack the global indexes they may name)
        Map<SQLExprTableSource, com.polardbx.optimizer.route.GlobalIndexAccess.Hints> hinted =
            new java.util.IdentityHashMap<>();
        for (TableRef ref : refs) {
            SQLExprTableSource s = ref.source();
            if (!ref.table().globalIndexes().isEmpty() && s != null && s.getHints() != null
                && !s.getHints().isEmpty()) {
                int before = s.getHints().size();
                hinted.put(s, com.polardbx.optimizer.route.GlobalIndexAccess.takeHints(s, ref.table()));
                changed |= s.getHints().size() != before;
            }
        }
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        if (refs.size() != 1 || block == null || !(block.getFrom() instanceof SQLExprTableSource from)
            || from != refs.get(0).source() || refs.get(0).table().globalIndexes().isEmpty()) {
            return changed ? com.alibaba.druid.sql.SQLUtils.toMySqlString(select) : null;
        }
        TableMeta table = refs.get(0).table();
        com.polardbx.optimizer.route.GlobalIndexAccess.Hints hints = hinted.getOrDefault(from,
            new com.polardbx.optimizer.route.GlobalIndexAccess.Hints());
        com.polardbx.optimizer.route.AccessPath access = accessPaths().choose(select, table, from, hints,
            lockClause != null).chosen();
        if (access.kind() == com.polardbx.optimizer.route.AccessPath.Kind.PRIMARY) {
            return changed ? com.alibaba.druid.sql.SQLUtils.toMySqlString(select) : null;
        }
        com.polardbx.optimizer.route.GlobalIndexAccess.Choice choice = access.choice();
        if (access.kind() == com.polardbx.optimizer.route.AccessPath.Kind.COVERING) {
            // the index stores every column read and its keys live on one shard: that shard answers alone
            PartitionDef coveringShard = access.indexShard();
            expandStars(block, table); // the index table's columns are in another order than the table's
            TableRef indexRef = new TableRef(from, choice.index().table());
            covering = new CoveringRead(coveringShard.dnId(), TableNames.physicalSql(select, List.of(indexRef),
                r -> coveringShard, true), Map.of(coveringShard.physicalTable(), table.name(),
                coveringShard.physicalDb(), table.schema()));
            return com.alibaba.druid.sql.SQLUtils.toMySqlString(select);
        }
        com.polardbx.executor.gsi.GlobalIndexMaintenance index =
            new com.polardbx.executor.gsi.GlobalIndexMaintenance(table, context.insertRouter());
        // one snapshot over every DN for both reads (outside a transaction too), so the keys found and the rows read
        // belong to the same moment
        QueryConnections connections = transactions.forRead(true, lockClause != null);
        List<com.polardbx.executor.gsi.StoredRow> rows;
        try {
            rows = index.lookup(choice.index(), choice.tuples(), connections, lockClause);
        } catch (RuntimeException | Error e) {
            connections.abandon();
            throw e;
        }
        indexSnapshot = connections;
        List<String> pk = index.primaryKey();
        String qualifier = from.getAlias() != null ? from.getAlias() : table.name();
        List<String> columns = pk.stream().map(c -> "`" + qualifier.replace("`", "``") + "`.`"
            + c.replace("`", "``") + "`").toList();
        // literals the partition pruner reads, so the primary read goes to the keys' shards only
        String restriction;
        if (rows.isEmpty()) {
            restriction = "1 = 0";
        } else {
            List<String> tuples = new ArrayList<>();
            for (com.polardbx.executor.gsi.StoredRow r : rows) {
                List<String> values = com.polardbx.executor.gsi.GlobalIndexMaintenance.routingValues(r, pk).stream()
                    .map(com.polardbx.optimizer.route.Literals::sql).toList();
                tuples.add(values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")");
            }
            String lhs = columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
            restriction = lhs + " IN (" + String.join(", ", tuples) + ")";
        }
        SQLExpr extra = com.alibaba.druid.sql.SQLUtils.toMySqlExpr(restriction);
        block.setWhere(com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr.and(block.getWhere(), extra));
        return com.alibaba.druid.sql.SQLUtils.toMySqlString(select);
    }

    /** A read the index table answers alone: its one shard, the SQL for it, and the names clients must see. */
    private record CoveringRead(String dnId, String sql, Map<String, String> logicalNames) {
    }

    /** Set by {@link #throughGlobalIndex} when a covering index shard answers the statement alone. */
    private CoveringRead covering;

    /** {@code *} and {@code t.*} in the select list become the table's columns, in the table's order. */
    private static void expandStars(SQLSelectQueryBlock block, TableMeta table) {
        List<SQLSelectItem> items = new ArrayList<>();
        for (SQLSelectItem item : block.getSelectList()) {
            SQLExpr e = item.getExpr();
            String owner = e instanceof com.alibaba.druid.sql.ast.expr.SQLPropertyExpr p && "*".equals(p.getName())
                ? p.getOwnerName() : null;
            if (e instanceof com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr || owner != null) {
                for (com.polardbx.gms.meta.ColumnDef c : table.columns()) {
                    SQLExpr column = owner == null ? new com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr(
                        "`" + c.name() + "`") : new com.alibaba.druid.sql.ast.expr.SQLPropertyExpr(owner,
                        "`" + c.name() + "`");
                    items.add(new SQLSelectItem(column));
                }
            } else {
                items.add(item);
            }
        }
        block.getSelectList().clear();
        items.forEach(block::addSelectItem);
    }

    /** The optimizer's choice between the primary and its global indexes, from the CN's statistics. */
    private com.polardbx.optimizer.route.AccessPathChooser accessPaths() {
        return new com.polardbx.optimizer.route.AccessPathChooser(context.wherePruner(), context.statistics());
    }

    /**
     * A query that names no table the CN resolved runs on a DN as printed: it may hold only sources that read no
     * table (DUAL, derived tables, VALUES, WITH, table functions such as JSON_TABLE), never a kind of table
     * reference the CN would not have looked at.
     */
    private static int tableSources(SQLSelectStatement select) {
        int[] sources = {0};
        select.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource x) {
                sources[0]++;
                return true;
            }
        });
        return sources[0];
    }

    private static void requireOnlyKnownSources(SQLSelectStatement select) {
        select.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public void preVisit(com.alibaba.druid.sql.ast.SQLObject x) {
                if (x instanceof com.alibaba.druid.sql.ast.statement.SQLTableSource
                    && !(x instanceof SQLExprTableSource
                    || x instanceof com.alibaba.druid.sql.ast.statement.SQLSubqueryTableSource
                    || x instanceof com.alibaba.druid.sql.ast.statement.SQLJoinTableSource
                    || x instanceof com.alibaba.druid.sql.ast.statement.SQLUnionQueryTableSource
                    || x instanceof com.alibaba.druid.sql.ast.statement.SQLValuesTableSource
                    || x instanceof com.alibaba.druid.sql.ast.statement.SQLWithSubqueryClause.Entry)) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "this kind of table reference");
                }
            }
        });
    }

    /** The single number a {@code SELECT COUNT(*) ...} query returns. */
    private long count(String countQuery) {
        SQLSelectStatement statement = (SQLSelectStatement) com.polardbx.optimizer.parse.MySqlParser.parseOne(countQuery);
        StatementResult result = select(statement, countQuery);
        try (RowCursor cursor = ((StatementResult.Rows) result).cursor()) {
            Object[] row = cursor.next();
            return row == null || row[0] == null ? 0 : ((Number) row[0]).longValue();
        }
    }

    /** A trailing locking clause: FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE (with NOWAIT / SKIP LOCKED). */
    private static final java.util.regex.Pattern LOCK_CLAUSE = java.util.regex.Pattern.compile(
        "(?is)\\s((FOR\\s+UPDATE|FOR\\s+SHARE|LOCK\\s+IN\\s+SHARE\\s+MODE)(\\s+(NOWAIT|SKIP\\s+LOCKED))?)\\s*;?\\s*$");

    /**
     * Runs a read on the connections {@link Transactions#forRead} gives, closing them and the query's context (its
     * memory and spill files) with the cursor.
     */
    private StatementResult read(boolean severalShards, boolean locking, QueryContext query,
                                 java.util.function.Function<com.polardbx.executor.scan.ConnectionProvider,
                                     RowCursor> work) {
        return read(severalShards, locking, query, work, null);
    }

    /** The same, giving the computed columns the lengths and decimals {@code sources} derived (null: none). */
    private StatementResult read(boolean severalShards, boolean locking, QueryContext query,
                                 java.util.function.Function<com.polardbx.executor.scan.ConnectionProvider,
                                     RowCursor> work, List<ColumnSources.Source> sources) {
        QueryConnections connections = indexSnapshot;
        indexSnapshot = null;
        try {
            if (connections == null) {
                connections = transactions.forRead(severalShards, locking);
            }
            if (resultToClient) {
                connections = connections.streamingToClient();
            }
        } catch (RuntimeException | Error e) {
            query.close();
            throw e;
        }
        try {
            RowCursor cursor = SourcedColumns.widths(ResultMetadata.asMariaDbSends(work.apply(connections),
                context.meta()), sources);
            return rows(connections.closedWith(cursor, query::close));
        } catch (RuntimeException | Error e) {
            // the query first (cancels its DN statements, frees memory), then connections that may be mid-stream
            try {
                query.close();
            } finally {
                connections.abandon();
            }
            throw e;
        }
    }

    /**
     * A one-table query with no aggregation, window, WITH, DISTINCT, ORDER BY or LIMIT returns the union of what each shard
     * returns, so it can run as text on every partition even when the optimizer can't parse it (MySQL syntax Calcite
     * lacks, such as {@code DIV}, {@code <=>} or reserved words as column names).
     */
    private static boolean isShardConcatenable(SQLSelectStatement select, List<TableRef> refs) {
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        if (refs.size() != 1 || block == null || !(block.getFrom() instanceof SQLExprTableSource)
            || select.getSelect().getWithSubQuery() != null
            || block.getGroupBy() != null || block.getOrderBy() != null || block.getLimit() != null
            || block.getDistionOption() != 0 || select.getSelect().getOrderBy() != null) {
            return false;
        }
        boolean[] aggregate = {false};
        block.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLAggregateExpr x) {
                aggregate[0] = true;
                return false;
            }

            @Override
            public boolean visit(com.alibaba.druid.sql.ast.SQLOver x) {
                aggregate[0] = true; // a window function: each shard would see only its own rows
                return false;
            }
        });
        return !aggregate[0];
    }

    private StatementResult concatenateShards(SQLSelectStatement select, TableRef ref, List<String> labels,
                                              QueryContext query, boolean locking) {
        List<ShardQuery> queries = new ArrayList<>();
        for (PartitionDef p : prunedBySimpleWhere(select, ref)) {
            queries.add(new ShardQuery(p.dnId(), TableNames.physicalSql(select, List.of(ref), r -> p, true)));
        }
        return read(queries.size() > 1, locking, query,
            c -> PlanExecutor.runShards(queries, c, query, labels, logicalNames(List.of(ref))));
    }

    /** Runs a SELECT and returns its rows as values, for INSERT ... SELECT. */
    public RowCursor selectRows(SQLSelectStatement select, String sql) {
        StatementResult r = select(select, sql);
        return ((StatementResult.Rows) r).cursor();
    }

    public StatementResult explain(MySqlExplainStatement explain, String sql) {
        String inner = sql.replaceFirst("(?is)^\\s*(explain|desc|describe)\\s+", "");
        if (explain.getStatement() == null) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "EXPLAIN of this statement");
        }
        for (TableRef ref : TableNames.resolve(explain.getStatement(), state.database(), context.meta())) {
            if (!ref.coveredByView()) {
                access.requireTable(Privilege.SELECT, ref.table().schema(), ref.table().name());
            }
        }
        List<Object[]> rows = new ArrayList<>();
        boolean indexed = TableNames.resolve(explain.getStatement(), state.database(), context.meta()).stream()
            .anyMatch(r -> !r.table().globalIndexes().isEmpty());
        String indexPlan = explainGlobalIndex(explain);
        if (indexPlan != null) {
            for (String line : indexPlan.split("\n")) {
                rows.add(new Object[] {line});
            }
        }
        if (indexed) {
            inner = com.alibaba.druid.sql.SQLUtils.toMySqlString(explain.getStatement()); // index hints taken out
        }
        QueryPlanner.QueryPlan plan = context.planner().plan(state.database(), inner, onlyFullGroupBy());
        String text = RelOptUtil.toString(plan.root());
        for (String line : text.split("\n")) {
            rows.add(new Object[] {line});
        }
        for (String line : com.polardbx.optimizer.plan.CnOperators.describe(plan.root())) {
            rows.add(new Object[] {line});
        }
        if (access.hasGlobal(Privilege.PROCESS)) { // physical names are for operators, not every client
            for (String line : PhysicalSqlListing.of(plan.root())) {
                rows.add(new Object[] {line});
            }
        }
        return StatementResult.ofRows(List.of(ColumnMeta.computed("LOGICAL EXECUTIONPLAN", MysqlType.VAR_STRING)),
            rows);
    }

    /** The index lookup a SELECT would start with (as {@link #throughGlobalIndex} chooses it), or null. */
    private String explainGlobalIndex(MySqlExplainStatement explain) {
        if (!(explain.getStatement() instanceof SQLSelectStatement select)) {
            return null;
        }
        List<TableRef> refs = TableNames.resolve(select, state.database(), context.meta());
        com.polardbx.optimizer.route.GlobalIndexAccess.Hints hints = new com.polardbx.optimizer.route.GlobalIndexAccess
            .Hints();
        for (TableRef ref : refs) {
            if (!ref.table().globalIndexes().isEmpty() && ref.source() != null && ref.source().getHints() != null) {
                hints = com.polardbx.optimizer.route.GlobalIndexAccess.takeHints(ref.source(), ref.table());
            }
        }
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        if (refs.size() != 1 || block == null || block.getFrom() != refs.get(0).source()) {
            return null;
        }
        TableMeta table = refs.get(0).table();
        if (table.globalIndexes().isEmpty()) {
            return null;
        }
        List<String> lines = accessPaths().choose(select, table, refs.get(0).source(), hints,
            LOCK_CLAUSE.matcher(com.alibaba.druid.sql.SQLUtils.toMySqlString(select)).find()).explain(table);
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    /**
     * {@code EXPLAIN ANALYZE SELECT ...}: runs the query (rows are counted, not sent) and shows the plan with, per
     * operator, the rows it produced and the time spent pulling them, inputs included. Views show the SQL sent to
     * each of their shards.
     */
    public StatementResult explainAnalyze(String sql) {
        TableNames.resolve((SQLSelectStatement) com.polardbx.optimizer.parse.MySqlParser.parseOne(sql),
            state.database(), context.meta()).forEach(ref ->
            access.requireTable(Privilege.SELECT, ref.table().schema(), ref.table().name()));
        QueryPlanner.QueryPlan plan = context.planner().plan(state.database(), sql, onlyFullGroupBy());
        QueryContext query = newQuery().collectOperatorStats();
        long start = System.nanoTime();
        long rows = 0;
        StatementResult result = read(true, false, query,
            c -> PlanExecutor.run(plan.root(), plan.columnLabels(), c, query));
        try (RowCursor cursor = ((StatementResult.Rows) result).cursor()) {
            while (cursor.next() != null) {
                rows++;
            }
        }
        long totalMicros = (System.nanoTime() - start) / 1_000;
        String[] lines = RelOptUtil.toString(plan.root()).split("\n");
        List<org.apache.calcite.rel.RelNode> preorder = new ArrayList<>();
        new org.apache.calcite.rel.RelVisitor() {
            @Override
            public void visit(org.apache.calcite.rel.RelNode node, int ordinal, org.apache.calcite.rel.RelNode parent) {
                preorder.add(node);
                super.visit(node, ordinal, parent);
            }
        }.go(plan.root());
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            QueryContext.OperatorStats s = i < preorder.size() ? query.operatorStats().get(preorder.get(i)) : null;
            out.add(new Object[] {lines[i] + (s == null ? "" : String.format(java.util.Locale.ROOT,
                "  (actual rows=%d chunks=%d time=%.3f ms)", s.rows.get(), s.chunks.get(), s.nanos.get() / 1e6))});
        }
        out.add(new Object[] {String.format(java.util.Locale.ROOT, "Total: %d rows in %.3f ms, spilled %d bytes", rows,
            totalMicros / 1e3, query.spilledBytes())});
        return StatementResult.ofRows(List.of(ColumnMeta.computed("EXPLAIN ANALYZE", MysqlType.VAR_STRING)), out);
    }

    public void cancelRunning() {
        QueryContext q = running;
        if (q != null) {
            q.cancel();
        }
    }

    private QueryContext newQuery() {
        Object limit = state.variable(com.polardbx.executor.memory.QueryMemoryLimit.SESSION_VARIABLE);
        QueryContext q = QueryContext.create("q" + state.connectionId() + "-" + System.nanoTime(),
            limit instanceof Long bytes ? bytes : com.polardbx.executor.memory.QueryMemoryLimit.serverDefault())
            .withDataNodeWork(state.dataNodeWork());
        Object degree = state.variable(com.polardbx.executor.operator.QueryParallelism.SESSION_VARIABLE);
        q.withParallelism(degree instanceof Long d ? d.intValue()
            : com.polardbx.executor.operator.QueryParallelism.serverDefault());
        Object rounds = state.variable("max_recursive_iterations");
        if (rounds instanceof Long n) {
            q.withMaxRecursiveIterations(n); // SET keeps it in MariaDB's range
        }
        Object parallelJoin = state.variable(com.polardbx.executor.operator.QueryParallelism.JOIN_SESSION_VARIABLE);
        q.withParallelJoin(parallelJoin instanceof Long on ? on != 0
            : com.polardbx.executor.operator.QueryParallelism.joinServerDefault());
        running = q;
        return q;
    }

    private StatementResult rows(RowCursor cursor) {
        return StatementResult.Rows.of(cursor);
    }

    private RowCursor runOnAnyDataNode(String sql, List<String> labels) {
        String dn = context.dataNodes().dataNodeIds().get(0);
        return PlanExecutor.runShards(List.of(new ShardQuery(dn, sql)), transactions.forRead(), newQuery(), labels,
            Map.of());
    }

    private static Map<String, String> logicalNames(List<TableRef> refs) {
        Map<String, String> names = new HashMap<>();
        for (TableRef ref : refs) {
            for (PartitionDef p : ref.table().partitions()) {
                names.put(p.physicalTable(), ref.table().name());
                names.put(p.physicalDb(), ref.table().schema());
            }
        }
        return names;
    }

    /**
     * When every table reference can be served by one partition on one DN (single and broadcast tables, and a
     * partitioned table pinned by its WHERE clause), returns the partition for each; otherwise null.
     */
    private Map<TableRef, PartitionDef> singleShardRoute(SQLSelectStatement select, List<TableRef> refs) {
        Map<TableRef, PartitionDef> chosen = new java.util.IdentityHashMap<>(); // records hash deeply: use identity
        String dn = null;
        for (TableRef ref : refs) {
            if (ref.table().kind() == TableKind.SINGLE) {
                PartitionDef p = ref.table().partitions().get(0);
                if (dn != null && !dn.equals(p.dnId())) {
                    return null;
                }
                dn = p.dnId();
                chosen.put(ref, p);
            }
        }
        for (TableRef ref : refs) {
            if (ref.table().kind() == TableKind.PARTITIONED) {
                List<PartitionDef> parts = prunedBySimpleWhere(select, ref);
                if (parts.size() != 1 || dn != null && !dn.equals(parts.get(0).dnId())) {
                    return null;
                }
                dn = parts.get(0).dnId();
                chosen.put(ref, parts.get(0));
            }
        }
        for (TableRef ref : refs) {
            if (ref.table().kind() == TableKind.BROADCAST) {
                String target = dn;
                PartitionDef p = ref.table().partitions().stream()
                    .filter(d -> target == null || d.dnId().equals(target)).findFirst().orElse(null);
                if (p == null) {
                    return null;
                }
                dn = p.dnId();
                chosen.put(ref, p);
            }
        }
        return chosen;
    }

    /** Pruning from the WHERE of a one-table query block; anything more complex reads all partitions. */
    private List<PartitionDef> prunedBySimpleWhere(SQLSelectStatement select, TableRef ref) {
        SQLSelectQueryBlock block = select.getSelect().getQueryBlock();
        if (block == null || !(block.getFrom() instanceof SQLExprTableSource from) || from != ref.source()) {
            return ref.table().partitions();
        }
        SQLExpr where = block.getWhere();
        return context.wherePruner().prune(ref.table(), from.getAlias(), where);
    }

    /** Whether the session's sql_mode refuses columns an aggregating query neither groups nor aggregates. */
    private boolean onlyFullGroupBy() {
        Object mode = state.variable("sql_mode");
        return mode != null && mode.toString().toUpperCase(java.util.Locale.ROOT).contains("ONLY_FULL_GROUP_BY");
    }

    static boolean hasAlias(SQLSelectItem item) {
        return item.getAlias() != null;
    }
}
