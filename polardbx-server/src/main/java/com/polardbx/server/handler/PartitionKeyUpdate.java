package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.parse.MySqlParser;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.optimizer.route.TableNames.TableRef;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.Placeholders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An UPDATE that assigns a partition key column: the rows may have to move to another partition. In one
 * distributed transaction, the matching rows are read with their new values (computed by the DN, locked with FOR
 * UPDATE), deleted by primary key where they are, and inserted where their new key routes them.
 *
 * <p>Assignments are evaluated against the old row, as standard SQL does; MySQL evaluates single-table assignments
 * left to right, which differs only when one assignment reads a column an earlier one changed.
 */
final class PartitionKeyUpdate {
    private final ServerContext context;

    PartitionKeyUpdate(ServerContext context) {
        this.context = context;
    }

    /** Rows found and rows whose values changed (a moved row counts once, as MySQL counts an updated row). */
    record Counts(long matched, long changed) {
    }

    Counts execute(SQLUpdateStatement update, TableRef ref, List<PartitionDef> targets, ConnectionProvider connections,
                 QueryContext query) {
        TableMeta table = ref.table();
        IndexDef pk = table.primaryKey().orElseThrow(() -> new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
            "updating the partition key of a table without a primary key"));
        Map<String, SQLExpr> assigned = new HashMap<>();
        for (SQLUpdateSetItem item : update.getItems()) {
            assigned.put(TableNames.unquote(InsertRouter.assignedColumn(item.getColumn())), item.getValue());
        }
        List<String> columns = table.columns().stream().map(ColumnDef::name).toList();
        SQLSelectStatement select = selectNewRows(update, table, columns, pk, assigned);
        List<TableRef> refs = TableNames.resolve(select, table.schema(), context.meta());
        long changed = 0;
        long matched = 0;
        List<List<SQLExpr>> newRows = new ArrayList<>();
        ReferencedKeyGuard guard = new ReferencedKeyGuard(context.meta(), table);
        for (PartitionDef p : targets) {
            String sql = TableNames.physicalSql(select, refs, r -> p, true);
            List<Object[]> rows = read(new ShardQuery(p.dnId(), sql), connections, query);
            if (rows.isEmpty()) {
                continue;
            }
            if (!guard.isEmpty()) {
                guard.check(p.position(), columns, rows, connections, query);
            }
            List<String> keys = new ArrayList<>();
            matched += rows.size();
            for (Object[] row : rows) {
                Object[] newValues = Arrays.copyOf(row, columns.size());
                Object[] oldValues = Arrays.copyOfRange(row, columns.size(), row.length);
                if (!Arrays.equals(newValues, oldValues)) {
                    changed++;
                }
                List<SQLExpr> exprs = new ArrayList<>();
                for (Object v : newValues) {
                    exprs.add(DmlHandler.literal(v));
                }
                newRows.add(exprs);
                List<String> pkValues = new ArrayList<>();
                for (String key : pk.columns()) {
                    pkValues.add(Placeholders.literal(oldValues[columns.indexOf(column(table, key))]));
                }
                keys.add("(" + String.join(", ", pkValues) + ")");
            }
            String delete = "DELETE FROM `" + p.physicalDb() + "`.`" + p.physicalTable() + "` WHERE ("
                + String.join(", ", pk.columns().stream().map(c -> "`" + c + "`").toList()) + ") IN ("
                + String.join(", ", keys) + ")";
            PlanExecutor.update(new ShardQuery(p.dnId(), guard.delete(delete)), connections);
        }
        if (!newRows.isEmpty()) {
            InsertRouter.RoutedInsert routed = context.insertRouter().route(table, "INSERT", columns, newRows, null,
                null);
            for (InsertRouter.ShardStatement s : routed.statements()) {
                PlanExecutor.update(new ShardQuery(s.target().dnId(), s.sql()), connections);
            }
        }
        return new Counts(matched, changed);
    }

    /** {@code SELECT <new values of every column>, <old values of every column> FROM t WHERE ... FOR UPDATE}. */
    private static SQLSelectStatement selectNewRows(SQLUpdateStatement update, TableMeta table, List<String> columns,
                                                    IndexDef pk, Map<String, SQLExpr> assigned) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (String c : columns) {
            SQLExpr value = assigned.get(c.toLowerCase(java.util.Locale.ROOT));
            sb.append(value == null ? "`" + c + "`" : SQLUtils.toMySqlString(value)).append(", ");
        }
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('`').append(columns.get(i)).append('`');
        }
        sb.append(" FROM `").append(table.schema()).append("`.`").append(table.name()).append('`');
        if (update.getTableSource().getAlias() != null) {
            sb.append(" AS ").append(update.getTableSource().getAlias()); // the SET list may name the alias
        }
        if (update.getWhere() != null) {
            sb.append(" WHERE ").append(SQLUtils.toMySqlString(update.getWhere()));
        }
        sb.append(" FOR UPDATE");
        return (SQLSelectStatement) MySqlParser.parseOne(sb.toString());
    }

    private static String column(TableMeta table, String name) {
        return table.column(name).map(ColumnDef::name).orElse(name);
    }

    private static List<Object[]> read(ShardQuery q, ConnectionProvider connections, QueryContext query) {
        List<Object[]> rows = new ArrayList<>();
        try (RowCursor cursor = PlanExecutor.runShards(List.of(q), connections, query, null, Map.of())) {
            for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                rows.add(row.clone());
            }
        }
        return rows;
    }
}
