package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumberExpr;
import com.alibaba.druid.sql.ast.statement.SQLDeleteStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLInsertStatement;
import com.alibaba.druid.sql.ast.statement.SQLReplaceStatement;
import com.alibaba.druid.sql.ast.statement.SQLSelect;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlInsertStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.InsertRouter.RoutedInsert;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.optimizer.route.TableNames.TableRef;
import com.polardbx.server.ServerContext;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.session.Transactions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * INSERT / REPLACE / UPDATE / DELETE: routed to the partitions they touch and run there; statements touching
 * several DNs (and every broadcast write) run in one distributed transaction so they apply everywhere or nowhere.
 */
public final class DmlHandler {
    private final ServerContext context;
    private final SessionState state;
    private final Transactions transactions;
    private final QueryHandler queries;
    private final AccessCheck access;
    /** Warning count of the last {@link #run}, for the OK packet. */
    private int lastWarnings;

    public DmlHandler(ServerContext context, SessionState state, Transactions transactions, QueryHandler queries,
                      AccessCheck access) {
        this.access = access;
        this.context = context;
        this.state = state;
        this.transactions = transactions;
        this.queries = queries;
    }

    public StatementResult execute(SQLStatement statement, String sql) {
        if (statement instanceof SQLInsertStatement insert) {
            return insert(insert, insert instanceof MySqlInsertStatement m && m.isIgnore() ? "INSERT IGNORE" : "INSERT",
                insert.getTableSource(), insert.getColumns(), valuesOf(insert.getValuesList()), insert.getQuery(),
                insert instanceof MySqlInsertStatement m2 ? m2.getDuplicateKeyUpdate() : List.of());
        }
        if (statement instanceof SQLReplaceStatement replace) {
            return insert(replace, "REPLACE", replace.getTableSource(), replace.getColumns(),
                valuesOf(replace.getValuesList()), replace.getQuery() == null ? null : replace.getQuery().getSubQuery(),
                List.of());
        }
        if (statement instanceof SQLUpdateStatement update) {
            return updateOrDelete(update, update.getWhere(), updatedColumns(update), true);
        }
        SQLDeleteStatement delete = (SQLDeleteStatement) statement;
        return updateOrDelete(delete, delete.getWhere(), List.of(), false);
    }

    private static List<List<SQLExpr>> valuesOf(List<SQLInsertStatement.ValuesClause> clauses) {
        List<List<SQLExpr>> rows = new ArrayList<>();
        if (clauses != null) {
            for (SQLInsertStatement.ValuesClause c : clauses) {
                rows.add(new ArrayList<>(c.getValues()));
            }
        }
        return rows;
    }

    private StatementResult insert(SQLStatement statement, String verb, SQLExprTableSource target,
                                   List<SQLExpr> columnExprs, List<List<SQLExpr>> rows, SQLSelect query,
                                   List<SQLExpr> duplicateUpdates) {
        List<TableRef> refs = TableNames.resolve(new SQLSelectStatementHolder(target).statement(), state.database(),
            context.meta());
        TableMeta table = refs.get(0).table();
        access.requireTable(Privilege.INSERT, table.schema(), table.name());
        if (verb.equals("REPLACE")) {
            access.requireTable(Privilege.DELETE, table.schema(), table.name());
        }
        List<String> columns = new ArrayList<>();
        for (SQLExpr c : columnExprs) {
            columns.add(InsertRouter.assignedColumn(c));
        }
        List<List<SQLExpr>> values = rows;
        if (query != null) {
            values = materialize(query);
            if (values.isEmpty()) {
                return StatementResult.Ok.EMPTY;
            }
        }
        String duplicateTail = null;
        List<String> updated = new ArrayList<>();
        if (duplicateUpdates != null && !duplicateUpdates.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (SQLExpr e : duplicateUpdates) {
                parts.add(SQLUtils.toMySqlString(e));
                if (e instanceof SQLBinaryOpExpr assign) {
                    updated.add(InsertRouter.assignedColumn(assign.getLeft()));
                }
            }
            duplicateTail = String.join(", ", parts);
        }
        RoutedInsert routed = context.insertRouter().route(table, verb, columns, values, duplicateTail, updated);
        List<ShardQuery> physical = new ArrayList<>();
        routed.statements().forEach(s -> physical.add(new ShardQuery(s.target().dnId(), s.sql())));
        long affected = run(table, physical);
        if (routed.firstGeneratedId() != 0) {
            state.setLastInsertId(routed.firstGeneratedId());
        }
        return new StatementResult.Ok(affected, routed.firstGeneratedId(), lastWarnings, null);
    }

    private List<List<SQLExpr>> materialize(SQLSelect query) {
        SQLSelectStatement select = new SQLSelectStatement(query, com.alibaba.druid.DbType.mysql);
        List<List<SQLExpr>> rows = new ArrayList<>();
        try (RowCursor cursor = queries.selectRows(select, SQLUtils.toMySqlString(select))) {
            for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                List<SQLExpr> exprs = new ArrayList<>();
                for (Object v : row) {
                    exprs.add(literal(v));
                }
                rows.add(exprs);
            }
        }
        return rows;
    }

    /** A SQL literal for a value read from a DN (INSERT ... SELECT, moved rows). */
    static SQLExpr literal(Object v) {
        if (v == null) {
            return new SQLNullExpr();
        }
        if (v instanceof Long l) {
            return new SQLIntegerExpr(l);
        }
        if (v instanceof BigInteger b) {
            return new SQLIntegerExpr(b);
        }
        if (v instanceof BigDecimal d) {
            return new SQLNumberExpr(d);
        }
        if (v instanceof Double || v instanceof Float) {
            return new SQLNumberExpr(new BigDecimal(v.toString()));
        }
        if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                hex.append(String.format("%02X", b));
            }
            return new SQLHexExpr(hex.toString());
        }
        return new SQLCharExpr(v.toString());
    }

    private static List<String> updatedColumns(SQLUpdateStatement update) {
        List<String> out = new ArrayList<>();
        for (SQLUpdateSetItem item : update.getItems()) {
            out.add(InsertRouter.assignedColumn(item.getColumn()));
        }
        return out;
    }

    private StatementResult updateOrDelete(SQLStatement statement, SQLExpr where, List<String> updated,
                                           boolean isUpdate) {
        List<TableRef> refs = TableNames.resolve(statement, state.database(), context.meta());
        if (refs.size() != 1) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "multi-table UPDATE/DELETE across shards");
        }
        TableRef ref = refs.get(0);
        TableMeta table = ref.table();
        access.requireTable(isUpdate ? Privilege.UPDATE : Privilege.DELETE, table.schema(), table.name());
        List<PartitionDef> targets = table.kind() == TableKind.PARTITIONED
            ? context.wherePruner().prune(table, ref.source().getAlias(), where) : table.partitions();
        if (isUpdate && table.kind() == TableKind.PARTITIONED && assignsPartitionKey(table, updated)) {
            if (hasOrderOrLimit(statement)) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "ORDER BY or LIMIT in an UPDATE of a partition key");
            }
            QueryContext query = QueryContext.unlimited("move-" + state.connectionId() + "-" + System.nanoTime());
            return StatementResult.Ok.of(transactions.write(true, connections -> new PartitionKeyUpdate(context)
                .execute((SQLUpdateStatement) statement, ref, targets, connections, query)));
        }
        if (targets.size() > 1 && hasOrderOrLimit(statement)) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "UPDATE/DELETE with ORDER BY or LIMIT across shards");
        }
        List<ShardQuery> physical = new ArrayList<>();
        for (PartitionDef p : targets) {
            physical.add(new ShardQuery(p.dnId(), TableNames.physicalSql(statement, refs, r -> p, isUpdate)));
        }
        long affected = run(table, physical);
        return new StatementResult.Ok(affected, 0, lastWarnings, null);
    }

    private static boolean assignsPartitionKey(TableMeta table, List<String> updated) {
        for (String c : updated) {
            for (String key : table.partitionInfo().columns()) {
                if (key.equalsIgnoreCase(TableNames.unquote(c))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasOrderOrLimit(SQLStatement statement) {
        // Druid prints clauses on separate lines: compare with whitespace collapsed
        String text = SQLUtils.toMySqlString(statement).toUpperCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
        return text.contains(" LIMIT ") || text.contains(" ORDER BY ");
    }

    /**
     * Runs the physical statements; the affected-row count (and the warnings) of a broadcast write are those of one
     * copy. The DNs' warnings become the statement's, for the OK packet and SHOW WARNINGS.
     */
    private long run(TableMeta table, List<ShardQuery> physical) {
        boolean broadcast = table.kind() == TableKind.BROADCAST;
        String countedDn = physical.isEmpty() ? null : physical.get(0).dnId();
        List<SessionState.Warning> warnings = new ArrayList<>();
        long affected = transactions.write(physical.size() > 1, connections -> {
            long sum = 0;
            for (ShardQuery q : physical) {
                boolean counted = !broadcast || q.dnId().equals(countedDn);
                long n = PlanExecutor.update(q, connections, w -> {
                    if (counted) {
                        warnings.add(new SessionState.Warning("Warning", w.getErrorCode(), w.getMessage()));
                    }
                });
                if (counted) {
                    sum += n;
                }
            }
            return sum;
        });
        state.warnings().clear();
        state.warnings().addAll(warnings);
        lastWarnings = warnings.size();
        return affected;
    }

    /** Wraps a table source in a statement so the shared resolver can visit it. */
    private record SQLSelectStatementHolder(SQLExprTableSource source) {
        SQLStatement statement() {
            com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock block =
                new com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock();
            block.setFrom(source.clone());
            return new SQLSelectStatement(new SQLSelect(block), com.alibaba.druid.DbType.mysql);
        }
    }
}
