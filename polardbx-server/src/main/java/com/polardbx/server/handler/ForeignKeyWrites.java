package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLDefaultExpr;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.ddl.ForeignKeyPlacement;
import com.polardbx.executor.ddl.ForeignKeyProbe;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.Literals;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.Placeholders;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The foreign keys the CN checks itself (those whose parent rows may be on another DN than the child's, see
 * {@link ForeignKeyPlacement}) around one write to a table, inside the write's atomic statement: a child's new keys
 * must have a parent row (1452), read with a shared lock as InnoDB reads it so that a concurrent parent DELETE waits
 * or is seen; a parent's removed or changed keys apply the key's action to the child rows holding them (1451 for
 * RESTRICT / NO ACTION, a DELETE or UPDATE of the children for CASCADE / SET NULL, run as logical statements so their
 * own keys and global indexes follow).
 *
 * <p>It sits in the server's handler package beside {@link IndexedWrites} because, like global-index maintenance, it
 * is extra work per written row that reads and writes logical tables (plans, cascaded statements) in the statement's
 * transaction; the executor only says which keys are the CN's.
 */
final class ForeignKeyWrites {
    /** InnoDB's limit on nested cascades (FK_MAX_CASCADE_DEL): a 15th level of cascade fails the statement. */
    static final int MAX_CASCADE_DEPTH = 15;
    private static final int BATCH = 500;

    /** One key the CN checks: the child table, the key, and its parent table. */
    private record Key(TableMeta child, ForeignKeyDef def, TableMeta parent) {
        String message() {
            return " (`" + child.schema() + "`.`" + child.name() + "`, " + def.clause(child.schema()) + ")";
        }

        boolean cascades(boolean isUpdate) {
            String action = isUpdate ? def.onUpdate() : def.onDelete();
            return action.equals("CASCADE") || action.equals("SET NULL");
        }
    }

    /** A change of referenced values of the written table: old key values, and new ones for an UPDATE. */
    private record ParentChange(Key key, List<Object[]> oldValues, List<Object[]> newValues) {
    }

    /** What {@link #before} read: children's new key values to check, parents' key values that go away. */
    record Before(Map<Key, List<Object[]>> childValues, List<ParentChange> parentChanges, boolean isUpdate) {
    }

    private final ServerContext context;
    private final String schema;
    private final TableMeta table;
    private final List<Key> asChild;
    private final List<Key> asParent;

    private ForeignKeyWrites(ServerContext context, String schema, TableMeta table, List<Key> asChild,
                             List<Key> asParent) {
        this.context = context;
        this.schema = schema;
        this.table = table;
        this.asChild = asChild;
        this.asParent = asParent;
    }

    /** Cascades nested deeper than InnoDB allows: MariaDB's 1296 "Got error 193" naming the key. */
    private static SqlError depthExceeded(Key k) {
        return new SqlError(ErrorCode.ER_GET_ERRMSG, 193, "`" + k.child().schema() + "`.`" + k.child().name() + "`, "
            + k.def().clause(k.child().schema()), "InnoDB");
    }

    /** The CN-checked keys around writes to {@code table}, or null when it has none (the common case). */
    static ForeignKeyWrites of(ServerContext context, String schema, TableMeta table) {
        if (!context.meta().anyForeignKeys()) {
            return null;
        }
        List<Key> asChild = new ArrayList<>();
        for (ForeignKeyDef k : table.foreignKeys()) {
            TableMeta parent = k.references(table.schema(), table.name()) ? table
                : context.meta().table(k.refSchema(), k.refTable()).orElse(null);
            // a key waiting for its parent points at a missing physical table: the DN refuses its rows
            if (parent != null && !ForeignKeyPlacement.checkedByDataNodes(table, k, parent)) {
                asChild.add(new Key(table, k, parent));
            }
        }
        List<Key> asParent = new ArrayList<>();
        for (TableMeta child : context.meta().referencing(table.schema(), table.name())) {
            for (ForeignKeyDef k : child.foreignKeys()) {
                if (k.references(table.schema(), table.name())
                    && !ForeignKeyPlacement.checkedByDataNodes(child, k, table)) {
                    asParent.add(new Key(child, k, table));
                }
            }
        }
        return asChild.isEmpty() && asParent.isEmpty() ? null
            : new ForeignKeyWrites(context, schema, table, asChild, asParent);
    }

    /** Whether an INSERT (a REPLACE: {@code replace}) has anything to check: a child key, or displaced parents. */
    boolean checksInsert(boolean replace) {
        return !asChild.isEmpty() || replace && !asParent.isEmpty();
    }

    /** Whether an UPDATE assigning {@code updated} (or a DELETE) changes any key the CN checks. */
    boolean touchedBy(boolean isUpdate, List<String> updated) {
        if (!isUpdate) {
            return !asParent.isEmpty();
        }
        return asChild.stream().anyMatch(k -> assigns(updated, k.def().columns()))
            || asParent.stream().anyMatch(k -> assigns(updated, k.def().refColumns()));
    }

    /**
     * An INSERT's ON DUPLICATE KEY UPDATE may assign a child's key only from the row's own values (checked with the
     * row), and may not change a referenced key (its children would need the key's ON UPDATE action).
     */
    void refuseUpsertOf(List<String> updated, List<SQLExpr> assignments) {
        for (SQLExpr e : assignments) {
            if (!(e instanceof com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr assign)) {
                continue;
            }
            String column = TableNames.unquote(InsertRouter.assignedColumn(assign.getLeft()));
            boolean ownValue = assign.getRight() instanceof com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr m
                && m.getMethodName().equalsIgnoreCase("VALUES") && m.getArguments().size() == 1
                && TableNames.unquote(SQLUtils.toMySqlString(m.getArguments().get(0))).equalsIgnoreCase(column);
            if (!ownValue && asChild.stream().anyMatch(k -> assigns(List.of(column), k.def().columns()))
                || asParent.stream().anyMatch(k -> assigns(List.of(column), k.def().refColumns()))) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "ON DUPLICATE KEY UPDATE of a foreign key column"
                    + " the CN checks (`" + column + "`) other than from VALUES(`" + column + "`)");
            }
        }
    }

    /**
     * After an INSERT / REPLACE wrote {@code rows}: each row's non-NULL key values must have a parent row (1452).
     * Checked after the write so a row may reference one written before it by the same statement.
     */
    void checkInserted(List<String> columns, List<List<SQLExpr>> rows, ConnectionProvider connections) {
        for (Key k : asChild) {
            if (!orphans(k, columns, rows, connections).isEmpty()) {
                throw new SqlError(ErrorCode.ER_NO_REFERENCED_ROW_2, k.message());
            }
        }
    }

    /**
     * INSERT IGNORE, before the write: the positions of the rows without a parent, each with its 1452 message (the
     * warning InnoDB gives when IGNORE skips such a row), in row order.
     */
    java.util.SortedMap<Integer, String> orphans(List<String> columns, List<List<SQLExpr>> rows,
                                                 ConnectionProvider connections) {
        java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
        for (Key k : asChild) {
            for (int row : orphans(k, columns, rows, connections)) {
                out.putIfAbsent(row, ErrorCode.ER_NO_REFERENCED_ROW_2.format(k.message()));
            }
        }
        return out;
    }

    private List<Integer> orphans(Key k, List<String> columns, List<List<SQLExpr>> rows,
                                  ConnectionProvider connections) {
        List<List<String>> tuples = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> tuple = new ArrayList<>();
            for (String c : k.def().columns()) {
                String value = valueOf(c, columns, rows.get(r));
                if (value == null) {
                    tuple = null;
                    break;
                }
                tuple.add(value);
            }
            if (tuple != null) {
                tuples.add(tuple);
                positions.add(r);
            }
        }
        return missingParents(k, tuples, connections).stream().map(positions::get).toList();
    }

    /**
     * Before a REPLACE into a parent: the rows it will displace (those sharing a unique key value with a new row),
     * locked, as deleted rows of the parent keys the CN checks. MariaDB replaces a referenced row by DELETE + INSERT,
     * so the key's ON DELETE action applies even when the new row has the same key. Null when the table is no
     * CN-checked parent or no row has constant unique key values.
     */
    Before replaced(List<String> columns, List<List<SQLExpr>> rows, ConnectionProvider connections) {
        if (asParent.isEmpty()) {
            return null;
        }
        List<String> conflicts = new ArrayList<>();
        for (List<SQLExpr> row : rows) {
            for (com.polardbx.gms.meta.IndexDef index : table.indexes()) {
                if (!index.unique()) {
                    continue;
                }
                List<String> equal = new ArrayList<>();
                for (String c : index.columns()) {
                    String value = valueOf(c, columns, row);
                    if (value == null) {
                        equal = null;
                        break;
                    }
                    equal.add(quote(c) + " = " + value);
                }
                if (equal != null) {
                    conflicts.add("(" + String.join(" AND ", equal) + ")");
                }
            }
        }
        if (conflicts.isEmpty()) {
            return null;
        }
        List<String> select = new ArrayList<>();
        asParent.forEach(k -> select.addAll(column(table.name(), k.def().refColumns())));
        List<ParentChange> changes = new ArrayList<>();
        asParent.forEach(k -> changes.add(new ParentChange(k, new ArrayList<>(), new ArrayList<>())));
        String sql = "SELECT " + String.join(", ", select) + " FROM " + quote(table.schema()) + "."
            + quote(table.name()) + " WHERE " + String.join(" OR ", conflicts);
        for (Object[] row : read(sql, connections)) {
            int at = 0;
            for (ParentChange c : changes) {
                int n = c.key().def().refColumns().size();
                Object[] old = Arrays.copyOfRange(row, at, at + n);
                at += n;
                if (!hasNull(old)) {
                    c.oldValues().add(old);
                    c.newValues().add(null);
                }
            }
        }
        return new Before(Map.of(), changes, false);
    }

    /** The SQL text of a column's value in an INSERT row, or null when it is NULL. */
    private String valueOf(String column, List<String> columns, List<SQLExpr> row) {
        int i = indexOf(columns, column);
        SQLExpr e = i >= 0 && i < row.size() ? row.get(i) : null;
        if (e == null && columns.isEmpty()) {
            int position = indexOf(table.columns().stream().map(ColumnDef::name).toList(), column);
            e = position >= 0 && position < row.size() ? row.get(position) : null;
        }
        if (e == null || e instanceof SQLDefaultExpr) {
            ColumnDef def = table.columns().stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
                .orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_FIELD, column, "field list"));
            return def.defaultValue() == null || def.defaultValue().equalsIgnoreCase("NULL") ? null
                : Placeholders.literal(def.defaultValue());
        }
        Object v = Literals.value(e);
        if (v == null) {
            return null;
        }
        return Literals.sql(e);
    }

    /**
     * Before an UPDATE / DELETE: reads, with the rows locked, the new key values of the child keys it assigns and
     * the old (and new) values of the referenced keys it removes or changes.
     */
    Before before(UpdateDeleteShape shape, String qualifier, ConnectionProvider connections) {
        List<String> updated = shape.isUpdate ? shape.items.stream()
            .map(i -> TableNames.unquote(InsertRouter.assignedColumn(i.getColumn()))).toList() : List.of();
        List<String> select = new ArrayList<>();
        List<Key> children = asChild.stream().filter(k -> shape.isUpdate && assigns(updated, k.def().columns()))
            .toList();
        List<Key> parents = asParent.stream()
            .filter(k -> !shape.isUpdate || assigns(updated, k.def().refColumns())).toList();
        for (Key k : children) {
            select.addAll(column(qualifier, k.def().columns()));
            select.addAll(newValues(k.def().columns(), shape, qualifier));
        }
        for (Key k : parents) {
            select.addAll(column(qualifier, k.def().refColumns()));
            if (shape.isUpdate) {
                select.addAll(newValues(k.def().refColumns(), shape, qualifier));
            }
        }
        Map<Key, List<Object[]>> childValues = new java.util.LinkedHashMap<>();
        List<ParentChange> changes = new ArrayList<>();
        children.forEach(k -> childValues.put(k, new ArrayList<>()));
        parents.forEach(k -> changes.add(new ParentChange(k, new ArrayList<>(), new ArrayList<>())));
        if (select.isEmpty()) {
            return new Before(childValues, changes, shape.isUpdate);
        }
        for (Object[] row : lockedRows(shape, select, connections)) {
            int at = 0;
            for (Key k : children) {
                int n = k.def().columns().size();
                Object[] old = Arrays.copyOfRange(row, at, at + n);
                Object[] now = Arrays.copyOfRange(row, at + n, at + 2 * n);
                at += 2 * n;
                if (!sameValues(old, now) && !hasNull(now)) {
                    childValues.get(k).add(now);
                }
            }
            for (ParentChange c : changes) {
                int n = c.key().def().refColumns().size();
                Object[] old = Arrays.copyOfRange(row, at, at + n);
                Object[] now = shape.isUpdate ? Arrays.copyOfRange(row, at + n, at + 2 * n) : null;
                at += shape.isUpdate ? 2 * n : n;
                if (!hasNull(old) && (now == null || !sameValues(old, now))) {
                    c.oldValues().add(old);
                    c.newValues().add(now);
                }
            }
        }
        return new Before(childValues, changes, shape.isUpdate);
    }

    /**
     * After the UPDATE / DELETE: the children's new keys have parents (1452), and each parent key that went away
     * gets its key's action ({@code cascade} runs a logical statement one level deeper).
     *
     * @param depth how many cascades deep this statement runs: an action that would go deeper than InnoDB allows
     *     fails the statement, as InnoDB fails it, when some child row would be changed
     */
    void after(Before before, ConnectionProvider connections, Consumer<String> cascade, int depth) {
        for (Map.Entry<Key, List<Object[]>> e : before.childValues().entrySet()) {
            List<List<String>> tuples = e.getValue().stream()
                .map(v -> Arrays.stream(v).map(Placeholders::literal).toList()).toList();
            if (!missingParents(e.getKey(), tuples, connections).isEmpty()) {
                throw new SqlError(ErrorCode.ER_NO_REFERENCED_ROW_2, e.getKey().message());
            }
        }
        for (ParentChange c : before.parentChanges()) {
            if (c.oldValues().isEmpty()) {
                continue;
            }
            ForeignKeyDef k = c.key().def();
            String action = before.isUpdate() ? k.onUpdate() : k.onDelete();
            if (c.key().cascades(before.isUpdate()) && depth + 1 >= MAX_CASCADE_DEPTH) {
                if (referenced(c.key(), c.oldValues(), connections)) {
                    throw depthExceeded(c.key());
                }
                continue;
            }
            String child = quote(c.key().child().schema()) + "." + quote(c.key().child().name());
            switch (action) {
                case "CASCADE" -> {
                    if (!before.isUpdate()) {
                        forBatches(c.oldValues(), b -> cascade.accept("DELETE FROM " + child + " WHERE "
                            + matching(k.columns(), b)));
                    } else {
                        cascadeUpdate(child, k, c, cascade);
                    }
                }
                case "SET NULL" -> {
                    String set = k.columns().stream().map(col -> quote(col) + " = NULL")
                        .collect(Collectors.joining(", "));
                    forBatches(c.oldValues(), b -> cascade.accept("UPDATE " + child + " SET " + set + " WHERE "
                        + matching(k.columns(), b)));
                }
                default -> {
                    if (referenced(c.key(), c.oldValues(), connections)) {
                        throw new SqlError(ErrorCode.ER_ROW_IS_REFERENCED, c.key().message());
                    }
                }
            }
        }
    }

    /** ON UPDATE CASCADE: one UPDATE mapping every old key to its new one (each child row moves once). */
    private void cascadeUpdate(String child, ForeignKeyDef k, ParentChange c, Consumer<String> cascade) {
        if (k.columns().size() == 1) {
            StringBuilder set = new StringBuilder(quote(k.columns().get(0))).append(" = CASE ")
                .append(quote(k.columns().get(0)));
            for (int i = 0; i < c.oldValues().size(); i++) {
                set.append(" WHEN ").append(Placeholders.literal(c.oldValues().get(i)[0])).append(" THEN ")
                    .append(Placeholders.literal(c.newValues().get(i)[0]));
            }
            cascade.accept("UPDATE " + child + " SET " + set.append(" END") + " WHERE "
                + matching(k.columns(), c.oldValues()));
            return;
        }
        for (int i = 0; i < c.oldValues().size(); i++) {
            Object[] now = c.newValues().get(i);
            List<String> set = new ArrayList<>();
            for (int j = 0; j < k.columns().size(); j++) {
                set.add(quote(k.columns().get(j)) + " = " + Placeholders.literal(now[j]));
            }
            cascade.accept("UPDATE " + child + " SET " + String.join(", ", set) + " WHERE "
                + matching(k.columns(), List.<Object[]>of(c.oldValues().get(i))));
        }
    }

    /**
     * The positions of the tuples (SQL texts of non-NULL values) without a parent row; parent rows found are read
     * with a shared lock, as InnoDB reads them.
     */
    private List<Integer> missingParents(Key k, List<List<String>> tuples, ConnectionProvider connections) {
        List<Integer> missing = new ArrayList<>();
        for (int from = 0; from < tuples.size(); from += BATCH) {
            List<List<String>> batch = tuples.subList(from, Math.min(tuples.size(), from + BATCH));
            Set<Integer> found = new HashSet<>();
            List<ShardQuery> probes = new ArrayList<>();
            for (PartitionDef p : ForeignKeyProbe.copies(k.parent())) {
                probes.add(new ShardQuery(p.dnId(), ForeignKeyProbe.foundTuples(k.def(), batch,
                    ForeignKeyProbe.physical(p), true)));
            }
            try (RowCursor cursor = PlanExecutor.runShards(probes, connections, null, null, Map.of())) {
                for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                    found.add(((Number) row[0]).intValue());
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                if (!found.contains(i)) {
                    missing.add(from + i);
                }
            }
        }
        return missing;
    }

    /** Whether a child row holds one of these key values (read with a shared lock). */
    private boolean referenced(Key k, List<Object[]> values, ConnectionProvider connections) {
        for (int from = 0; from < values.size(); from += BATCH) {
            String where = matching(k.def().columns(), values.subList(from, Math.min(values.size(), from + BATCH)));
            for (PartitionDef p : ForeignKeyProbe.copies(k.child())) {
                String sql = "SELECT 1 FROM " + ForeignKeyProbe.physical(p) + " WHERE " + where
                    + " LIMIT 1 LOCK IN SHARE MODE";
                try (RowCursor cursor = PlanExecutor.runShards(List.of(new ShardQuery(p.dnId(), sql)), connections,
                    null, null, Map.of())) {
                    if (cursor.next() != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The rows the UPDATE / DELETE changes, with {@code select}'s columns, locked as the write will lock them. */
    private List<Object[]> lockedRows(UpdateDeleteShape shape, List<String> select, ConnectionProvider connections) {
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ")
            .append(SQLUtils.toMySqlString(shape.from));
        if (shape.where != null) {
            sql.append(" WHERE ").append(SQLUtils.toMySqlString(shape.where));
        }
        if (shape.orderBy != null) {
            sql.append(' ').append(SQLUtils.toMySqlString(shape.orderBy));
        }
        if (shape.limit != null) {
            sql.append(' ').append(SQLUtils.toMySqlString(shape.limit));
        }
        return read(sql.toString(), connections);
    }

    /** Runs a logical SELECT with FOR UPDATE on the statement's connections. */
    private List<Object[]> read(String sql, ConnectionProvider connections) {
        QueryPlanner.QueryPlan plan = context.planner().plan(schema, sql);
        QueryContext query = QueryContext.unlimited("fk-rows-" + System.nanoTime());
        query.withLockClause("FOR UPDATE");
        query.withParameters(plan.parameters());
        List<Object[]> rows = new ArrayList<>();
        try (RowCursor cursor = PlanExecutor.run(plan.root(), null, connections, query)) {
            for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                rows.add(row);
            }
        } finally {
            query.close();
        }
        return rows;
    }

    /** Per key column, the expression of its value after the UPDATE (the column itself where not assigned). */
    private static List<String> newValues(List<String> columns, UpdateDeleteShape shape, String qualifier) {
        List<SQLExpr> exprs = IndexedWrites.newKey(columns, shape.items, qualifier, false);
        return exprs == null ? column(qualifier, columns) : exprs.stream().map(SQLUtils::toMySqlString).toList();
    }

    private static List<String> column(String qualifier, List<String> columns) {
        return columns.stream().map(c -> quote(qualifier) + "." + quote(c)).toList();
    }

    private static void forBatches(List<Object[]> values, Consumer<List<Object[]>> action) {
        for (int from = 0; from < values.size(); from += BATCH) {
            action.accept(values.subList(from, Math.min(values.size(), from + BATCH)));
        }
    }

    /** {@code c IN (..)}, or {@code (c1, c2) IN ((..), (..))} for a key of several columns. */
    private static String matching(List<String> columns, List<Object[]> values) {
        if (columns.size() == 1) {
            return quote(columns.get(0)) + " IN (" + values.stream().map(v -> Placeholders.literal(v[0]))
                .collect(Collectors.joining(", ")) + ")";
        }
        return columns.stream().map(ForeignKeyWrites::quote).collect(Collectors.joining(", ", "(", ")")) + " IN ("
            + values.stream().map(v -> Arrays.stream(v).map(Placeholders::literal)
                .collect(Collectors.joining(", ", "(", ")"))).collect(Collectors.joining(", ")) + ")";
    }

    private static boolean assigns(List<String> updated, List<String> columns) {
        return updated.stream().map(TableNames::unquote).anyMatch(u -> columns.stream().anyMatch(u::equalsIgnoreCase));
    }

    private static boolean hasNull(Object[] values) {
        return Arrays.stream(values).anyMatch(java.util.Objects::isNull);
    }

    /** Values equal as the DN would compare them for the common key types (numbers by value, bytes by content). */
    private static boolean sameValues(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            Object x = a[i];
            Object y = b[i];
            boolean same;
            if (x == null || y == null) {
                same = x == y;
            } else if (x instanceof Number && y instanceof Number) {
                same = new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            } else if (x instanceof byte[] bx && y instanceof byte[] by) {
                same = Arrays.equals(bx, by);
            } else {
                same = x.toString().equals(y.toString());
            }
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (TableNames.unquote(columns.get(i)).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
