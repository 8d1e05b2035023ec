package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.executor.gsi.GlobalIndexMaintenance;
import com.polardbx.executor.gsi.KeyTuple;
import com.polardbx.executor.gsi.StoredRow;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.plan.PlanExecutor.WriteCount;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.InsertRouter.RoutedInsert;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.optimizer.parse.MySqlParser;
import com.polardbx.optimizer.route.TableNames.TableRef;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;

/**
 * INSERT ... ON DUPLICATE KEY UPDATE into a table with global indexes when a new row collides through a UNIQUE
 * global index (with a row already there, or with an earlier row of the same statement). The rows are then taken
 * one at a time, as MySQL takes them: a row whose primary key exists goes to its DN as written (the DN updates that
 * row); a row colliding through a UNIQUE global index updates the row it collides with, by that row's primary key,
 * with the statement's assignments ({@code VALUES(col)} being the new row's value); any other row is inserted. The
 * indexes follow each write. Affected rows count 1 per insert, 2 per changed row, 0 per unchanged one.
 */
final class IndexedUpsert {
    private final ServerContext context;
    private final TableMeta table;
    private final IndexedWrites writes;
    private final List<SQLExpr> assignments;
    private final String duplicateTail;
    private final List<String> updated;
    private final boolean fromSelect;
    private final List<SQLWarning> warnings = new ArrayList<>();

    IndexedUpsert(ServerContext context, TableMeta table, IndexedWrites writes, List<SQLExpr> assignments,
                  String duplicateTail, List<String> updated, boolean fromSelect) {
        this.context = context;
        this.table = table;
        this.writes = writes;
        this.assignments = assignments;
        this.duplicateTail = duplicateTail;
        this.updated = updated;
        this.fromSelect = fromSelect;
    }

    /** The warnings the DNs raised, in order. */
    List<SQLWarning> warnings() {
        return warnings;
    }

    /**
     * Whether the assignments change a primary or partition key column: the updated row may then move, so every
     * duplicate (by primary key too) is updated by the CN, which knows where the row goes.
     */
    static boolean movesRows(TableMeta table, List<String> updated) {
        List<String> keys = new ArrayList<>(table.primaryKey().map(IndexDef::columns).orElse(List.of()));
        keys.addAll(table.partitionInfo().columns());
        return updated.stream().anyMatch(c -> keys.stream().anyMatch(TableNames.unquote(c)::equalsIgnoreCase));
    }

    /** Writes {@code rows} (routed: constants, AUTO_INCREMENT filled in) one by one, in the caller's statement. */
    WriteCounts run(List<String> columns, List<List<SQLExpr>> rows, ConnectionProvider connections) {
        WriteCounts counts = new WriteCounts(WriteCounts.Kind.INSERT_ON_DUPLICATE_UPDATE);
        boolean moves = movesRows(table, updated);
        for (List<SQLExpr> row : rows) {
            KeyTuple key = writes.insertKeys(columns, List.of(row)).get(0);
            List<StoredRow> colliding = new ArrayList<>();
            // InnoDB checks the primary key first: a row with the same key is the one updated
            Collection<StoredRow> samePrimaryKey = writes.read(List.of(key), connections).values();
            String conflict = !samePrimaryKey.isEmpty() ? null
                : writes.uniqueConflicts(columns, List.of(row), connections, false, colliding).get(0);
            if (moves && !samePrimaryKey.isEmpty()) {
                colliding.add(samePrimaryKey.iterator().next());
                conflict = "primary key";
            }
            if (conflict == null) {
                // a row that may move is only ever updated above, where the CN knows where it goes
                RoutedInsert one = context.insertRouter().route(table, "INSERT", columns, List.of(row),
                    moves ? null : duplicateTail, moves ? List.of() : updated, fromSelect);
                writes.around(List.of(key), connections, () -> {
                    one.statements().forEach(s -> counts.add(write(s.target().dnId(), s.sql(), connections), 0));
                    return null;
                });
            } else {
                updateFound(colliding.get(0), columns, row, counts, connections);
            }
        }
        return counts;
    }

    /**
     * Applies the assignments to the row a new row collided with: by its primary key on its shard, or, when they
     * move it, as an UPDATE of its partition key, reading it again where its new primary key puts it.
     */
    private void updateFound(StoredRow other, List<String> columns, List<SQLExpr> row, WriteCounts counts,
                             ConnectionProvider connections) {
        List<String> keyColumns = writes.primaryKeyColumns();
        List<String> partitionColumns = table.partitionInfo().columns();
        List<SQLUpdateSetItem> items = new ArrayList<>();
        for (SQLExpr a : assignments) {
            SQLBinaryOpExpr assign = (SQLBinaryOpExpr) a.clone();
            SQLUpdateSetItem item = new SQLUpdateSetItem();
            item.setColumn(assign.getLeft());
            item.setValue(withNewValues(assign.getRight(), columns, row));
            items.add(item);
        }
        String sets = String.join(", ", items.stream().map(SQLUtils::toMySqlString).toList());
        String where = inKey(keyColumns, other);
        List<PartitionDef> partitions = context.insertRouter().partitionsOf(table, partitionColumns,
            GlobalIndexMaintenance.routingValues(other, partitionColumns));
        KeyTuple oldKey = writes.keyOf(other);
        long changed;
        if (movesRows(table, items.stream().map(i -> InsertRouter.assignedColumn(i.getColumn())).toList())) {
            List<SQLExpr> newKey = IndexedWrites.newKey(keyColumns, items, table.name(), false);
            List<KeyTuple> keys = new ArrayList<>(List.of(oldKey));
            KeyTuple moved = newKey == null ? null : newKeyOf(newKey, partitions.get(0), where, connections);
            if (moved != null) {
                keys.add(moved);
            }
            SQLUpdateStatement update = (SQLUpdateStatement) MySqlParser.parseOne("UPDATE "
                + SqlLiterals.identifier(table.schema()) + "." + SqlLiterals.identifier(table.name()) + " AS "
                + SqlLiterals.identifier(table.name()) + " SET " + sets + " WHERE " + where);
            List<TableRef> refs = TableNames.resolve(update, table.schema(), context.meta());
            changed = writes.aroundUpdate(keys, connections, () -> new PartitionKeyUpdate(context).execute(update,
                refs.get(0), partitions, connections, QueryContext.unlimited("upsert-" + System.nanoTime()))
                .changed());
        } else {
            changed = writes.aroundUpdate(List.of(oldKey), connections, () -> {
                long affected = 0;
                for (PartitionDef p : partitions) {
                    affected += write(p.dnId(), "UPDATE " + SqlLiterals.identifier(p.physicalDb()) + "."
                        + SqlLiterals.identifier(p.physicalTable()) + " AS " + SqlLiterals.identifier(table.name())
                        + " SET " + sets + " WHERE " + where, connections).affected();
                }
                return affected;
            });
        }
        // as MySQL counts a duplicate: 2 when the row changed, 0 when it stayed as it was
        counts.add(new WriteCount(2 * changed, "", autoIncrementOf(other)), 0);
    }

    /** The primary key the assignments give the found row, evaluated on it where it is; null if it is gone. */
    private KeyTuple newKeyOf(List<SQLExpr> newKey, PartitionDef p, String where, ConnectionProvider connections) {
        String sql = "SELECT " + String.join(", ", newKey.stream().map(SQLUtils::toMySqlString).toList()) + " FROM "
            + SqlLiterals.identifier(p.physicalDb()) + "." + SqlLiterals.identifier(p.physicalTable()) + " AS "
            + SqlLiterals.identifier(table.name()) + " WHERE " + where;
        try (Statement st = connections.acquire(p.dnId()).createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Object> values = new ArrayList<>();
            if (rs.next()) {
                for (int i = 1; i <= newKey.size(); i++) {
                    values.add(rs.getObject(i));
                }
            }
            return values.isEmpty() ? null : writes.keyOfValues(values);
        } catch (SQLException e) {
            throw SqlError.fromDataNode(p.dnId(), e);
        }
    }

    /** The assignment's expression with each {@code VALUES(col)} replaced by the new row's value of col. */
    private static SQLExpr withNewValues(SQLExpr expr, List<String> columns, List<SQLExpr> row) {
        List<SQLMethodInvokeExpr> calls = new ArrayList<>();
        expr.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLMethodInvokeExpr call) {
                if ((call.getMethodName().equalsIgnoreCase("values") || call.getMethodName().equalsIgnoreCase("value"))
                    && call.getArguments().size() == 1) {
                    calls.add(call);
                    return false;
                }
                return true;
            }
        });
        SQLExpr root = expr;
        for (SQLMethodInvokeExpr call : calls) {
            String column = TableNames.unquote(InsertRouter.assignedColumn(call.getArguments().get(0)));
            SQLExpr value = null;
            for (int i = 0; i < columns.size(); i++) {
                if (TableNames.unquote(columns.get(i)).equalsIgnoreCase(column)) {
                    value = row.get(i).clone();
                }
            }
            if (value == null) { // a column the INSERT does not name: its default
                value = new SQLMethodInvokeExpr("DEFAULT", null,
                    new com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr(SqlLiterals.identifier(column)));
            }
            if (call == root) {
                root = value;
            } else {
                SQLUtils.replaceInParent(call, value);
            }
        }
        return root;
    }

    private String inKey(List<String> keyColumns, StoredRow row) {
        List<String> literals = writes.keyOf(row).literals();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < keyColumns.size(); i++) {
            terms.add(SqlLiterals.identifier(table.name()) + "." + SqlLiterals.identifier(keyColumns.get(i)) + " = "
                + literals.get(i));
        }
        return String.join(" AND ", terms);
    }

    /** The AUTO_INCREMENT value of the updated row, which MySQL reports as the statement's insert id; 0 if none. */
    private long autoIncrementOf(StoredRow row) {
        for (ColumnDef c : table.columns()) {
            if (c.autoIncrement()) {
                try {
                    byte[] v = row.value(c.name());
                    return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
                } catch (RuntimeException notStored) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private WriteCount write(String dnId, String sql, ConnectionProvider connections) {
        return PlanExecutor.write(new ShardQuery(dnId, sql), connections, warnings::add);
    }

}
