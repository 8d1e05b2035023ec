package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.gsi.GlobalIndexMaintenance;
import com.polardbx.executor.gsi.KeyTuple;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.parse.MySqlParser;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.optimizer.route.TableNames.TableRef;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.Placeholders;
import java.nio.ByteBuffer;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An UPDATE or DELETE whose rows no DN can pick alone (a subquery over another partitioned table, ORDER BY ... LIMIT
 * across shards, a join across shards). The CN first reads the keys of the target rows with one SELECT planned like
 * any query and locking what it reads (FOR UPDATE), then changes those rows by key on their shards. The caller runs
 * both in one distributed transaction, so the statement applies everywhere or nowhere.
 *
 * <p>Single-table UPDATE: the DN evaluates the SET list on each row (MySQL evaluates it left to right, seeing earlier
 * assignments). Multi-table UPDATE: the CN's SELECT computes the new values from the joined row, as MariaDB does
 * (every assignment sees the old values; a row joined several times is updated once, with its first match).
 */
final class KeyedRowsDml {
    /** Keys per physical statement: keeps statements short and IN lists index-friendly. */
    private static final int BATCH = 500;

    private final ServerContext context;
    private final String schema;
    private final UpdateDeleteShape shape;
    private final List<Target> targets;
    /** Whether this statement keeps the global indexes of its targets in step itself (no caller does it around). */
    private boolean maintainIndexes;

    /** A table the statement changes: its reference, the key identifying its rows, and its assignments. */
    private record Target(TableRef ref, String qualifier, List<String> keys, boolean wholeRowKey,
                          List<SQLUpdateSetItem> items) {
        TableMeta table() {
            return ref.table();
        }
    }

    KeyedRowsDml(ServerContext context, String schema, UpdateDeleteShape shape, List<TableRef> refs) {
        this.context = context;
        this.schema = schema;
        this.shape = shape;
        this.targets = targets(shape, refs);
    }

    /**
     * Makes the statement maintain the global indexes of the tables it writes: each target's rows are read by
     * primary key (where they were and, when the key is assigned, where they move to) before and after its write,
     * and the difference applied to the index shards. The caller runs it as one atomic statement.
     */
    KeyedRowsDml maintainingIndexes() {
        this.maintainIndexes = true;
        return this;
    }

    /** The tables the statement writes, for privilege checks. */
    List<TableMeta> targetTables() {
        return targets.stream().map(Target::table).toList();
    }

    WriteCounts execute(ConnectionProvider connections, QueryContext query, Consumer<SQLWarning> warnings) {
        List<Object[]> rows = readTargetRows(connections, query);
        WriteCounts counts = new WriteCounts(shape.isUpdate ? WriteCounts.Kind.UPDATE : WriteCounts.Kind.OTHER);
        // MariaDB skips the table for LIMIT 0 and then sends no "Rows matched" text
        counts.withInfo(!(shape.limit != null && "0".equals(String.valueOf(shape.limit.getRowCount()))));
        int column = 0;
        for (Target t : targets) {
            int keyColumn = column;
            int valueColumn = column + t.keys().size();
            List<SQLExpr> newKey = newKey(t);
            int width = t.keys().size() + (shape.multiTable ? t.items().size() : newKey != null ? newKey.size() : 0);
            if (indexed(t)) {
                IndexedWrites writes = new IndexedWrites(context, schema, t.table());
                List<KeyTuple> keys = indexKeys(t, writes, rows, keyColumn, valueColumn);
                java.util.function.Supplier<Object> writeTarget = () -> {
                    write(t, rows, keyColumn, valueColumn, connections, query, counts, warnings);
                    return null;
                };
                if (shape.isUpdate) {
                    writes.aroundUpdate(keys, connections, writeTarget);
                } else {
                    writes.around(keys, connections, writeTarget);
                }
            } else {
                write(t, rows, keyColumn, valueColumn, connections, query, counts, warnings);
            }
            column += width;
        }
        return counts;
    }

    private boolean indexed(Target t) {
        return maintainIndexes && GlobalIndexMaintenance.needed(t.table());
    }

    /**
     * Single-table UPDATE of an indexed table assigning its primary key: the new key's expressions, read with the
     * target rows (a multi-table UPDATE reads every new value anyway). Null otherwise.
     */
    private List<SQLExpr> newKey(Target t) {
        if (!indexed(t) || !shape.isUpdate || shape.multiTable) {
            return null;
        }
        List<String> pk = t.table().primaryKey().map(IndexDef::columns).orElse(List.of());
        return IndexedWrites.newKey(pk, t.items(), t.qualifier(), false);
    }

    /** The primary keys a target's rows have before its write and after it (they differ when the key is assigned). */
    private List<KeyTuple> indexKeys(Target t, IndexedWrites writes, List<Object[]> rows, int keyColumn,
                                     int valueColumn) {
        List<String> pk = t.table().primaryKey().map(IndexDef::columns).orElseThrow();
        boolean newKeyRead = newKey(t) != null;
        int[] assignedAt = new int[pk.size()];
        Arrays.fill(assignedAt, -1);
        if (shape.multiTable && shape.isUpdate) {
            for (int i = 0; i < t.items().size(); i++) {
                String column = TableNames.unquote(InsertRouter.assignedColumn(t.items().get(i).getColumn()));
                for (int k = 0; k < pk.size(); k++) {
                    if (pk.get(k).equalsIgnoreCase(column)) {
                        assignedAt[k] = valueColumn + i;
                    }
                }
            }
        }
        boolean moves = newKeyRead || Arrays.stream(assignedAt).anyMatch(i -> i >= 0);
        List<KeyTuple> keys = new ArrayList<>();
        for (Object[] row : rows) {
            Object[] key = Arrays.copyOfRange(row, keyColumn, keyColumn + pk.size());
            if (Arrays.stream(key).allMatch(v -> v == null)) {
                continue; // the NULL side of an outer join
            }
            keys.add(writes.keyOfValues(Arrays.asList(key)));
            if (moves) {
                Object[] moved = key.clone();
                for (int k = 0; k < pk.size(); k++) {
                    if (newKeyRead) {
                        moved[k] = row[valueColumn + k];
                    } else if (assignedAt[k] >= 0) {
                        moved[k] = row[assignedAt[k]];
                    }
                }
                keys.add(writes.keyOfValues(Arrays.asList(moved)));
            }
        }
        return keys;
    }

    // ---- which tables, which keys

    private static List<Target> targets(UpdateDeleteShape shape, List<TableRef> refs) {
        List<TableRef> fromRefs = new ArrayList<>();
        for (TableRef r : refs) {
            // by identity: Druid's equals() finds the same table named again in a subquery equal
            if (shape.fromTables.stream().anyMatch(s -> s == r.source())) {
                fromRefs.add(r);
            }
        }
        Map<TableRef, List<SQLUpdateSetItem>> chosen = new java.util.IdentityHashMap<>();
        List<TableRef> order = new ArrayList<>();
        if (!shape.multiTable) {
            chosen.put(fromRefs.get(0), shape.items);
            order.add(fromRefs.get(0));
        } else if (shape.isUpdate) {
            for (SQLUpdateSetItem item : shape.items) {
                TableRef owner = owner(item.getColumn(), fromRefs);
                if (!chosen.containsKey(owner)) {
                    order.add(owner);
                }
                chosen.computeIfAbsent(owner, k -> new ArrayList<>()).add(item);
            }
        } else {
            for (SQLExprTableSource named : shape.deleteTargets) {
                String name = TableNames.unquote(named.getTableName());
                TableRef ref = fromRefs.stream().filter(r -> qualifier(r).equals(name)).findFirst()
                    .orElseThrow(() -> new SqlError(ErrorCode.ER_UNKNOWN_TABLE, name, "MULTI DELETE"));
                if (chosen.putIfAbsent(ref, List.of()) == null) {
                    order.add(ref);
                }
                for (TableRef r : refs) {
                    if (fromRefs.stream().noneMatch(f -> f == r) && sameTable(r.table(), ref.table())) {
                        throw new SqlError(ErrorCode.ER_UPDATE_TABLE_USED, ref.table().name(), "DELETE");
                    }
                }
            }
        }
        List<Target> out = new ArrayList<>();
        for (TableRef ref : order) {
            List<SQLUpdateSetItem> items = chosen.get(ref);
            TableMeta table = ref.table();
            IndexDef pk = table.primaryKey().orElse(null);
            List<String> keys = new ArrayList<>();
            if (pk == null) {
                if (shape.multiTable) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                        "multi-table UPDATE/DELETE across shards of a table without a primary key");
                }
                table.columns().forEach(c -> keys.add(c.name()));
            } else {
                pk.columns().forEach(c -> keys.add(columnName(table, c)));
                if (table.kind() == TableKind.PARTITIONED) {
                    for (String c : table.partitionInfo().columns()) {
                        if (keys.stream().noneMatch(k -> k.equalsIgnoreCase(c))) {
                            keys.add(columnName(table, c));
                        }
                    }
                }
            }
            out.add(new Target(ref, qualifier(ref), keys, pk == null, items));
        }
        return out;
    }

    private static boolean sameTable(TableMeta a, TableMeta b) {
        return a.schema().equalsIgnoreCase(b.schema()) && a.name().equalsIgnoreCase(b.name());
    }

    /** The table of the FROM list a SET column belongs to: by its qualifier, or the only table with that column. */
    private static TableRef owner(SQLExpr column, List<TableRef> fromRefs) {
        if (column instanceof SQLPropertyExpr p) {
            String owner = TableNames.unquote(p.getOwnerName());
            return fromRefs.stream().filter(r -> qualifier(r).equals(owner)).findFirst().orElseThrow(
                () -> new SqlError(ErrorCode.ER_BAD_FIELD, SQLUtils.toMySqlString(column), "field list"));
        }
        String name = column instanceof SQLIdentifierExpr id ? TableNames.unquote(id.getName())
            : SQLUtils.toMySqlString(column);
        List<TableRef> having = fromRefs.stream().filter(r -> r.table().column(name).isPresent()).toList();
        if (having.isEmpty()) {
            throw new SqlError(ErrorCode.ER_BAD_FIELD, name, "field list");
        }
        if (having.size() > 1) {
            throw new SqlError(ErrorCode.ER_NON_UNIQ, name, "field list");
        }
        return having.get(0);
    }

    /** The name a table reference goes by in the statement: its alias, else its table name. */
    private static String qualifier(TableRef ref) {
        String alias = ref.source().getAlias();
        return TableNames.unquote(alias != null ? alias : ref.source().getTableName());
    }

    private static String columnName(TableMeta table, String name) {
        return table.column(name).map(ColumnDef::name).orElse(name);
    }

    // ---- reading the target rows

    /** {@code SELECT <keys of each target>[, <new values>] FROM ... WHERE ... [ORDER BY ...] [LIMIT ...]}. */
    String readSql() {
        List<String> columns = new ArrayList<>();
        for (Target t : targets) {
            for (String k : t.keys()) {
                columns.add(quote(t.qualifier()) + "." + quote(k));
            }
            if (shape.multiTable) {
                for (SQLUpdateSetItem item : t.items()) {
                    columns.add(SQLUtils.toMySqlString(item.getValue()));
                }
            } else if (newKey(t) != null) {
                newKey(t).forEach(e -> columns.add(SQLUtils.toMySqlString(e)));
            }
        }
        StringBuilder sb = new StringBuilder("SELECT ").append(String.join(", ", columns)).append(" FROM ")
            .append(SQLUtils.toMySqlString(shape.from));
        if (shape.where != null) {
            sb.append(" WHERE ").append(SQLUtils.toMySqlString(shape.where));
        }
        if (shape.limit != null) {
            // rows tied on the ORDER BY (or all rows, without one) are taken in key order, as InnoDB scans them
            List<String> order = new ArrayList<>();
            if (shape.orderBy != null) {
                order.add(SQLUtils.toMySqlString(shape.orderBy).replaceFirst("(?is)^\\s*ORDER\\s+BY\\s+", ""));
            }
            for (String k : targets.get(0).keys()) {
                order.add(quote(targets.get(0).qualifier()) + "." + quote(k));
            }
            sb.append(" ORDER BY ").append(String.join(", ", order));
            sb.append(' ').append(SQLUtils.toMySqlString(shape.limit));
        }
        return sb.toString();
    }

    private List<Object[]> readTargetRows(ConnectionProvider connections, QueryContext query) {
        QueryPlanner.QueryPlan plan = context.planner().plan(schema, readSql());
        query.withLockClause("FOR UPDATE");
        query.withParameters(plan.parameters());
        List<Object[]> rows = new ArrayList<>();
        // read everything before writing: the branch connections can't take a write while a cursor is open
        try (RowCursor cursor = PlanExecutor.run(plan.root(), null, connections, query)) {
            for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                rows.add(row.clone());
            }
        } finally {
            query.withLockClause(null);
        }
        return rows;
    }

    // ---- writing them

    private void write(Target t, List<Object[]> rows, int keyColumn, int valueColumn, ConnectionProvider connections,
                       QueryContext query, WriteCounts counts, Consumer<SQLWarning> warnings) {
        // one entry per target row (a join may return it several times: the first wins), grouped by new values
        Map<List<Object>, Object[]> keyRows = new LinkedHashMap<>();
        Map<List<Object>, Integer> copies = new LinkedHashMap<>();
        Map<List<Object>, List<Object>> valuesOf = new LinkedHashMap<>();
        for (Object[] row : rows) {
            Object[] key = Arrays.copyOfRange(row, keyColumn, keyColumn + t.keys().size());
            if (Arrays.stream(key).allMatch(v -> v == null) && shape.multiTable) {
                continue; // the NULL side of an outer join: no row of this table
            }
            List<Object> identity = identity(key);
            copies.merge(identity, 1, Integer::sum);
            if (keyRows.putIfAbsent(identity, key) == null && shape.multiTable && shape.isUpdate) {
                valuesOf.put(identity, Arrays.asList(Arrays.copyOfRange(row, valueColumn,
                    valueColumn + t.items().size())));
            }
        }
        if (keyRows.isEmpty()) {
            return;
        }
        Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
        keyRows.forEach((identity, key) -> groups.computeIfAbsent(
            valuesOf.getOrDefault(identity, List.of()), v -> new ArrayList<>()).add(key));
        for (Map.Entry<List<Object>, List<Object[]>> g : groups.entrySet()) {
            String setList = shape.isUpdate ? setList(t, g.getKey()) : null;
            if (shape.isUpdate && assignsPartitionKey(t)) {
                move(t, setList, g.getValue(), connections, query, counts);
                continue;
            }
            Map<PartitionDef, List<Object[]>> byPartition = byPartition(t, g.getValue());
            PartitionDef counted = byPartition.keySet().iterator().next();
            for (Map.Entry<PartitionDef, List<Object[]>> e : byPartition.entrySet()) {
                boolean isCounted = t.table().kind() != TableKind.BROADCAST
                    || e.getKey().dnId().equals(counted.dnId());
                for (String sql : statements(t, e.getKey(), setList, e.getValue(), copies)) {
                    List<SQLWarning> raised = new ArrayList<>();
                    PlanExecutor.WriteCount w = PlanExecutor.write(new ShardQuery(e.getKey().dnId(), sql),
                        connections, raised::add);
                    if (isCounted) {
                        counts.add(w, 0);
                        raised.forEach(warnings);
                    }
                }
            }
        }
    }

    /** Values equal exactly when they identify the same row ({@code byte[]} compares by content). */
    private static List<Object> identity(Object[] key) {
        List<Object> out = new ArrayList<>(key.length);
        for (Object v : key) {
            out.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
        }
        return out;
    }

    /** The SET list of the physical statements: as written (single table), or the CN's values (multi-table). */
    private String setList(Target t, List<Object> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.items().size(); i++) {
            SQLUpdateSetItem item = t.items().get(i);
            if (shape.multiTable) {
                String column = TableNames.unquote(InsertRouter.assignedColumn(item.getColumn()));
                parts.add(quote(columnName(t.table(), column)) + " = " + Placeholders.literal(values.get(i)));
            } else {
                parts.add(SQLUtils.toMySqlString(item));
            }
        }
        return String.join(", ", parts);
    }

    private boolean assignsPartitionKey(Target t) {
        if (t.table().kind() != TableKind.PARTITIONED) {
            return false;
        }
        for (SQLUpdateSetItem item : t.items()) {
            String column = TableNames.unquote(InsertRouter.assignedColumn(item.getColumn()));
            if (t.table().partitionInfo().columns().stream().anyMatch(column::equalsIgnoreCase)) {
                return true;
            }
        }
        return false;
    }

    private Map<PartitionDef, List<Object[]>> byPartition(Target t, List<Object[]> keys) {
        Map<PartitionDef, List<Object[]>> out = new LinkedHashMap<>();
        for (Object[] key : keys) {
            List<SQLExpr> literals = new ArrayList<>();
            for (Object v : key) {
                literals.add(DmlHandler.literal(v));
            }
            for (PartitionDef p : context.insertRouter().partitionsOf(t.table(), t.keys(), literals)) {
                out.computeIfAbsent(p, k -> new ArrayList<>()).add(key);
            }
        }
        return out;
    }

    /** The physical UPDATEs / DELETEs of one partition. */
    private List<String> statements(Target t, PartitionDef p, String setList, List<Object[]> keys,
                                    Map<List<Object>, Integer> copies) {
        String table = quote(p.physicalDb()) + "." + quote(p.physicalTable());
        // single-table UPDATE keeps the table's name or alias: its SET list and ORDER BY may use it
        boolean aliased = shape.isUpdate && !shape.multiTable;
        String head = shape.isUpdate
            ? "UPDATE " + table + (aliased ? " AS " + quote(t.qualifier()) : "") + " SET " + setList + " WHERE "
            : "DELETE FROM " + table + " WHERE ";
        // rows are changed in the statement's order, so that unique keys see the same intermediate states
        String order = aliased && shape.orderBy != null ? " " + SQLUtils.toMySqlString(shape.orderBy) : "";
        String prefix = aliased ? quote(t.qualifier()) + "." : "";
        List<String> out = new ArrayList<>();
        if (t.wholeRowKey()) {
            // no primary key: identical rows are told apart only by how many of them the statement changes
            for (Object[] row : keys) {
                List<String> terms = new ArrayList<>();
                for (int i = 0; i < row.length; i++) {
                    terms.add(prefix + quote(t.keys().get(i)) + " <=> " + Placeholders.literal(row[i]));
                }
                out.add(head + String.join(" AND ", terms) + order + " LIMIT " + copies.get(identity(row)));
            }
            return out;
        }
        List<String> columns = t.keys().stream().map(k -> prefix + quote(k)).toList();
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> tuples = new ArrayList<>();
            for (Object[] key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                List<String> values = Arrays.stream(key).map(Placeholders::literal).toList();
                tuples.add(values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")");
            }
            String lhs = columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
            out.add(head + lhs + " IN (" + String.join(", ", tuples) + ")" + order);
        }
        return out;
    }

    /** Rows whose partition key changes: deleted where they are and inserted where they now belong. */
    private void move(Target t, String setList, List<Object[]> keys, ConnectionProvider connections,
                      QueryContext query, WriteCounts counts) {
        TableMeta table = t.table();
        String name = quote(table.schema()) + "." + quote(table.name());
        List<String> columns = t.keys().stream().map(k -> quote(t.qualifier()) + "." + quote(k)).toList();
        List<String> tuples = new ArrayList<>();
        for (Object[] key : keys) {
            List<String> values = Arrays.stream(key).map(Placeholders::literal).toList();
            tuples.add("(" + String.join(", ", values) + ")");
        }
        String sql = "UPDATE " + name + " AS " + quote(t.qualifier()) + " SET " + setList + " WHERE ("
            + String.join(", ", columns) + ") IN (" + String.join(", ", tuples) + ")";
        SQLUpdateStatement update = (SQLUpdateStatement) MySqlParser.parseOne(sql);
        List<TableRef> refs = TableNames.resolve(update, schema, context.meta());
        List<PartitionDef> partitions = new ArrayList<>(byPartition(t, keys).keySet());
        PartitionKeyUpdate.Counts moved = new PartitionKeyUpdate(context)
            .execute(update, refs.get(0), partitions, connections, query);
        counts.addCounted(moved.matched(), moved.changed());
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
