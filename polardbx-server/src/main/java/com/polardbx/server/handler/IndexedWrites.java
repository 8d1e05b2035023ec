package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.statement.SQLUpdateSetItem;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.gsi.GlobalIndexMaintenance;
import com.polardbx.executor.gsi.KeyTuple;
import com.polardbx.executor.gsi.StoredRow;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.Literals;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The reads around a write to a table with global indexes: which rows it may change, their images before and after,
 * and the conflicts of INSERT IGNORE / REPLACE on UNIQUE global indexes. The index writes themselves are the
 * executor's ({@link GlobalIndexMaintenance}); the caller runs all of it in one atomic statement.
 */
final class IndexedWrites {
    private final ServerContext context;
    private final String schema;
    private final GlobalIndexMaintenance indexes;

    IndexedWrites(ServerContext context, String schema, TableMeta table) {
        this.context = context;
        this.schema = schema;
        this.indexes = new GlobalIndexMaintenance(table, context.insertRouter());
    }

    /** Runs {@code write} on rows identified by {@code keys}, then brings the indexes in step. */
    <T> T around(List<KeyTuple> keys, ConnectionProvider connections, Supplier<T> write) {
        Map<List<ByteBuffer>, StoredRow> before = indexes.read(keys, connections);
        T result = write.get();
        Map<List<ByteBuffer>, StoredRow> after = indexes.read(keys, connections);
        indexes.apply(before, after, connections);
        return result;
    }

    /**
     * A DELETE of exactly the rows with these keys ({@link PinnedKeys#exact}): every row read before is gone after,
     * so their index rows are deleted without reading the rows again.
     */
    <T> T aroundDelete(List<KeyTuple> keys, ConnectionProvider connections, Supplier<T> write) {
        Map<List<ByteBuffer>, StoredRow> before = indexes.read(keys, connections);
        T result = write.get();
        indexes.apply(before, Map.of(), connections);
        return result;
    }

    /** Primary keys from constant expressions (a WHERE's {@link PinnedKeys}). */
    List<KeyTuple> keysOf(List<List<SQLExpr>> keys) {
        return keys.stream().map(indexes::keyOfExprs).toList();
    }

    /**
     * A plain INSERT: no row with these keys can have been there (the write would fail with 1062), so only the rows
     * written are read, and their index rows added.
     */
    <T> T afterInsert(List<KeyTuple> keys, ConnectionProvider connections, Supplier<T> write) {
        T result = write.get();
        indexes.apply(Map.of(), indexes.read(keys, connections), connections);
        return result;
    }

    /**
     * {@link #around} for an UPDATE: its rows change but never vanish, so a row missing afterwards moved to a primary
     * key that was not read (a new key computed before the write that the DN then stored differently, e.g. rounded).
     * The statement is refused rather than leaving that row's index rows behind.
     */
    <T> T aroundUpdate(List<KeyTuple> keys, ConnectionProvider connections, Supplier<T> write) {
        Map<List<ByteBuffer>, StoredRow> before = indexes.read(keys, connections);
        T result = write.get();
        Map<List<ByteBuffer>, StoredRow> after = indexes.read(keys, connections);
        if (after.size() < before.size()) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "a primary key update of a table with global indexes"
                + " whose new key the CN cannot compute as the table stores it");
        }
        indexes.apply(before, after, connections);
        return result;
    }

    /**
     * The primary keys of the rows an UPDATE/DELETE selects, read with FOR UPDATE in key order. An UPDATE that
     * assigns the primary key ({@code newKey}: the expression of each key column's new value, see {@link #newKey})
     * also gets the keys the rows move to, so the images around the write see them where they end up.
     */
    List<KeyTuple> targetKeys(UpdateDeleteShape shape, String qualifier, List<SQLExpr> newKey,
                              ConnectionProvider connections) {
        List<String> pk = indexes.primaryKey();
        List<String> columns = pk.stream().map(c -> quote(qualifier) + "." + quote(c)).toList();
        List<String> selected = new ArrayList<>(columns);
        if (newKey != null) {
            newKey.forEach(e -> selected.add(SQLUtils.toMySqlString(e)));
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", selected)).append(" FROM ")
            .append(SQLUtils.toMySqlString(shape.from));
        if (shape.where != null) {
            sql.append(" WHERE ").append(SQLUtils.toMySqlString(shape.where));
        }
        if (shape.limit != null) {
            List<String> order = new ArrayList<>();
            if (shape.orderBy != null) {
                order.add(SQLUtils.toMySqlString(shape.orderBy).replaceFirst("(?is)^\\s*ORDER\\s+BY\\s+", ""));
            }
            order.addAll(columns);
            sql.append(" ORDER BY ").append(String.join(", ", order)).append(' ')
                .append(SQLUtils.toMySqlString(shape.limit));
        }
        QueryPlanner.QueryPlan plan = context.planner().plan(schema, sql.toString());
        QueryContext query = QueryContext.unlimited("gsi-keys-" + System.nanoTime());
        query.withLockClause("FOR UPDATE");
        query.withParameters(plan.parameters());
        List<KeyTuple> keys = new ArrayList<>();
        try (RowCursor cursor = PlanExecutor.run(plan.root(), null, connections, query)) {
            for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                keys.add(indexes.keyOfValues(java.util.Arrays.asList(row).subList(0, pk.size())));
                if (newKey != null) {
                    keys.add(indexes.keyOfValues(java.util.Arrays.asList(row).subList(pk.size(), 2 * pk.size())));
                }
            }
        } finally {
            query.close();
        }
        return keys;
    }

    /** Reads (and locks) the rows with these primary keys, as the images around a write are read. */
    Map<List<ByteBuffer>, StoredRow> read(List<KeyTuple> keys, ConnectionProvider connections) {
        return indexes.read(keys, connections);
    }

    /** The primary key of a row read from the table or one of its index tables. */
    KeyTuple keyOf(StoredRow row) {
        return indexes.keyOf(row);
    }

    List<String> primaryKeyColumns() {
        return indexes.primaryKey();
    }

    /** A primary key from values an executor produced. */
    KeyTuple keyOfValues(List<Object> values) {
        return indexes.keyOfValues(values);
    }

    /**
     * For an UPDATE assigning primary key columns: per key column, the expression of its new value (the column
     * itself where it is not assigned), evaluated on the row as it was; null when no key column is assigned. MySQL
     * evaluates a single-table SET list left to right, so an expression reading a column assigned before it, or a
     * key column assigned twice, would not give the value the DN writes: those are refused.
     */
    static List<SQLExpr> newKey(List<String> primaryKey, List<SQLUpdateSetItem> items, String qualifier,
                                boolean assignmentsSeeOldValues) {
        SQLExpr[] exprs = new SQLExpr[primaryKey.size()];
        boolean any = false;
        Set<String> assignedBefore = new HashSet<>();
        for (SQLUpdateSetItem item : items) {
            String column = TableNames.unquote(InsertRouter.assignedColumn(item.getColumn()));
            int k = indexOf(primaryKey, column);
            if (k >= 0) {
                boolean readsAssigned = !assignmentsSeeOldValues
                    && columnsOf(item.getValue()).stream().anyMatch(assignedBefore::contains);
                if (exprs[k] != null || readsAssigned) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "updating the primary key of a table with"
                        + " global indexes from columns the same SET list assigns earlier");
                }
                exprs[k] = item.getValue();
                any = true;
            }
            assignedBefore.add(column.toLowerCase(Locale.ROOT));
        }
        if (!any) {
            return null;
        }
        List<SQLExpr> out = new ArrayList<>();
        for (int k = 0; k < exprs.length; k++) {
            out.add(exprs[k] != null ? exprs[k]
                : new com.alibaba.druid.sql.ast.expr.SQLPropertyExpr(quote(qualifier), quote(primaryKey.get(k))));
        }
        return out;
    }

    /** The (lower-case) names of the columns an expression reads. */
    private static Set<String> columnsOf(SQLExpr expr) {
        Set<String> out = new HashSet<>();
        expr.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr id) {
                out.add(TableNames.unquote(id.getName()).toLowerCase(Locale.ROOT));
                return false;
            }

            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLPropertyExpr p) {
                out.add(TableNames.unquote(p.getName()).toLowerCase(Locale.ROOT));
                return false;
            }
        });
        return out;
    }

    /** The primary key of each row an INSERT writes (constants, AUTO_INCREMENT filled in, defaults). */
    List<KeyTuple> insertKeys(List<String> columns, List<List<SQLExpr>> rows) {
        List<KeyTuple> keys = new ArrayList<>();
        for (List<SQLExpr> row : rows) {
            keys.add(indexes.keyOfExprs(valuesOf(indexes.primaryKey(), columns, row, "primary key")));
        }
        return keys;
    }

    /**
     * For each row, whether it collides on a UNIQUE global index with a row already there under another primary
     * key, or with an earlier row of the same statement: the rows INSERT IGNORE skips. With {@code keepLast} (REPLACE)
     * an earlier row of the statement is the one that loses.
     */
    List<String> uniqueConflicts(List<String> columns, List<List<SQLExpr>> rows, ConnectionProvider connections,
                                 boolean keepLast, List<StoredRow> existingOut) {
        List<String> conflict = new ArrayList<>();
        rows.forEach(r -> conflict.add(null));
        List<KeyTuple> keys = insertKeys(columns, rows);
        for (GlobalIndexMeta g : indexes.table().globalIndexes()) {
            if (!g.unique() || !g.state().writes()) {
                continue;
            }
            List<List<SQLExpr>> values = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (List<SQLExpr> row : rows) {
                List<SQLExpr> v = valuesOf(g.columns(), columns, row, "unique global index");
                values.add(v);
                texts.add(v.stream().map(e -> String.valueOf(Literals.value(e)).toLowerCase(Locale.ROOT)).toList()
                    .toString());
            }
            List<StoredRow> found = indexes.uniqueMatches(g, values, connections);
            Set<String> taken = new HashSet<>();
            for (StoredRow f : found) {
                List<String> t = new ArrayList<>();
                for (String c : g.columns()) {
                    byte[] b = f.value(c);
                    t.add(b == null ? "null" : new String(b, java.nio.charset.StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT));
                }
                existingOut.add(f);
                taken.add(t.toString());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < rows.size(); i++) {
                int r = keepLast ? rows.size() - 1 - i : i;
                boolean hasNull = values.get(r).stream().anyMatch(e -> Literals.value(e) == null);
                if (hasNull) {
                    continue;
                }
                String text = texts.get(r);
                boolean ownRow = found.stream().anyMatch(f -> indexes.keyOf(f).literals().equals(
                    keys.get(r).literals()));
                if (!seen.add(text) || (!keepLast && taken.contains(text) && !ownRow)) {
                    String entry = String.join("-", values.get(r).stream().map(e -> String.valueOf(Literals.value(e)))
                        .toList());
                    conflict.set(r, conflict.get(r) != null ? conflict.get(r)
                        : "Duplicate entry '" + entry + "' for key '" + g.name() + "'");
                }
            }
        }
        return conflict;
    }

    /**
     * Deletes whole rows (and their index rows) that a REPLACE displaces through a UNIQUE global index; returns how
     * many.
     */
    int deleteDisplaced(List<StoredRow> indexRows, ConnectionProvider connections, List<KeyTuple> ownKeys) {
        List<KeyTuple> keys = new ArrayList<>();
        Set<List<String>> own = new HashSet<>();
        ownKeys.forEach(k -> own.add(k.literals()));
        for (StoredRow r : indexRows) {
            KeyTuple k = indexes.keyOf(r);
            if (!own.contains(k.literals())) {
                keys.add(k);
            }
        }
        if (keys.isEmpty()) {
            return 0;
        }
        Map<List<ByteBuffer>, StoredRow> before = indexes.read(keys, connections);
        indexes.deletePrimary(new ArrayList<>(before.values()), connections);
        indexes.apply(before, Map.of(), connections);
        return before.size();
    }

    private List<SQLExpr> valuesOf(List<String> wanted, List<String> columns, List<SQLExpr> row, String what) {
        List<SQLExpr> out = new ArrayList<>();
        for (String c : wanted) {
            int i = indexOf(columns, c);
            SQLExpr e;
            if (i < 0) {
                ColumnDef def = indexes.table().column(c).orElseThrow();
                e = def.defaultValue() == null ? new com.alibaba.druid.sql.ast.expr.SQLNullExpr()
                    : new com.alibaba.druid.sql.ast.expr.SQLCharExpr(def.defaultValue());
            } else {
                e = row.get(i);
            }
            if (e == null) {
                e = new com.alibaba.druid.sql.ast.expr.SQLNullExpr();
            }
            if (Literals.value(e) == Literals.NOT_CONSTANT) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                    "a non-constant " + what + " value in a write to a table with global indexes");
            }
            out.add(e);
        }
        return out;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (TableNames.unquote(columns.get(i)).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
