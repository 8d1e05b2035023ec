package com.polardbx.executor.gsi;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.optimizer.route.InsertRouter;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the global indexes of one table in step with a write, inside the writer's transaction: the writer reads the
 * rows it may change before writing ({@link #read}, locking them), writes the primary table, reads them again, and
 * {@link #apply} turns the difference into deletes and inserts on the index shards. Every write path (INSERT in
 * every form, UPDATE, DELETE, multi-table forms, LOAD DATA) goes through this one class.
 */
public final class GlobalIndexMaintenance {
    private static final int BATCH = 500;

    private final TableMeta primary;
    private final InsertRouter router;
    private final List<String> primaryKey;

    public GlobalIndexMaintenance(TableMeta primary, InsertRouter router) {
        this.primary = primary;
        this.router = router;
        this.primaryKey = primary.primaryKey().map(IndexDef::columns).orElse(List.of());
    }

    /** Whether writes to the table must maintain global indexes. */
    public static boolean needed(TableMeta table) {
        return !table.globalIndexes().isEmpty();
    }

    /**
     * Whether an UPDATE assigning these columns leaves every index row as it is: no index stores any of them (the
     * primary key and partition key are stored by all), and no stored column changes by itself on an update (a
     * generated column, which may read an assigned one, or {@code ON UPDATE CURRENT_TIMESTAMP}).
     */
    public static boolean untouchedBy(TableMeta table, List<String> assigned) {
        for (GlobalIndexMeta g : table.globalIndexes()) {
            for (String c : g.storedColumns()) {
                if (assigned.stream().anyMatch(c::equalsIgnoreCase)) {
                    return false;
                }
                String extra = table.column(c).map(ColumnDef::extra).orElse(null);
                String lower = extra == null ? "" : extra.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("on update") || lower.contains("generated") || lower.contains("virtual")
                    || lower.contains("persistent") || lower.contains("stored")) {
                    return false;
                }
            }
        }
        return true;
    }

    public TableMeta table() {
        return primary;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    /** The primary's columns any index stores (primary key first), which is what {@link #read} reads. */
    public List<ColumnDef> readColumns() {
        Set<String> names = new LinkedHashSet<>();
        primaryKey.forEach(c -> names.add(c.toLowerCase(java.util.Locale.ROOT)));
        for (GlobalIndexMeta g : primary.globalIndexes()) {
            g.storedColumns().forEach(c -> names.add(c.toLowerCase(java.util.Locale.ROOT)));
        }
        List<ColumnDef> out = new ArrayList<>();
        for (String n : names) {
            out.add(primary.column(n).orElseThrow());
        }
        return out;
    }

    /** A key from values an executor or driver produced (Long, String, BigDecimal, byte[] ...). */
    public KeyTuple keyOfValues(List<Object> values) {
        List<String> literals = new ArrayList<>();
        List<SQLExpr> routing = new ArrayList<>();
        for (Object v : values) {
            literals.add(SqlLiterals.literal(v));
            routing.add(com.polardbx.optimizer.route.Literals.expr(v));
        }
        return new KeyTuple(literals, routing);
    }

    /** A key from constant SQL expressions (an INSERT's VALUES). */
    public KeyTuple keyOfExprs(List<SQLExpr> exprs) {
        List<String> literals = new ArrayList<>();
        for (SQLExpr e : exprs) {
            literals.add(com.polardbx.optimizer.route.Literals.sql(e));
        }
        return new KeyTuple(literals, exprs);
    }

    /** The key of a row read by {@link #read}. */
    public KeyTuple keyOf(StoredRow row) {
        List<String> literals = new ArrayList<>();
        List<SQLExpr> routing = new ArrayList<>();
        for (String k : primaryKey) {
            literals.add(IndexValues.literal(row.value(k), row.column(k)));
            routing.add(IndexValues.routingExpr(row.value(k), row.column(k)));
        }
        return new KeyTuple(literals, routing);
    }

    /** The values of these columns of a stored row as literals the partition router evaluates. */
    public static List<SQLExpr> routingValues(StoredRow row, List<String> columns) {
        List<SQLExpr> out = new ArrayList<>();
        for (String c : columns) {
            out.add(IndexValues.routingExpr(row.value(c), row.column(c)));
        }
        return out;
    }

    /** Reads (and locks, FOR UPDATE) the rows with these primary keys; absent keys are simply missing. */
    public Map<List<ByteBuffer>, StoredRow> read(List<KeyTuple> keys, ConnectionProvider connections) {
        List<ColumnDef> columns = readColumns();
        Map<List<ByteBuffer>, StoredRow> out = new LinkedHashMap<>();
        Map<PartitionDef, List<KeyTuple>> byPartition = new LinkedHashMap<>();
        for (KeyTuple k : keys) {
            for (PartitionDef p : partitionsOfKey(k)) {
                byPartition.computeIfAbsent(p, x -> new ArrayList<>()).add(k);
            }
        }
        for (Map.Entry<PartitionDef, List<KeyTuple>> e : byPartition.entrySet()) {
            List<KeyTuple> all = e.getValue();
            for (int from = 0; from < all.size(); from += BATCH) {
                String sql = "SELECT " + selectList(columns) + " FROM " + physical(e.getKey()) + " WHERE "
                    + inList(primaryKey, all.subList(from, Math.min(all.size(), from + BATCH))) + " FOR UPDATE";
                for (StoredRow row : query(e.getKey().dnId(), sql, columns, connections)) {
                    out.put(row.identity(primaryKey), row);
                }
            }
        }
        return out;
    }

    /** The shards that may hold a key: its one partition when the key determines it, else every one. */
    private List<PartitionDef> partitionsOfKey(KeyTuple key) {
        List<String> partitionColumns = primary.partitionInfo().columns();
        boolean determined = !partitionColumns.isEmpty() && partitionColumns.stream()
            .allMatch(c -> primaryKey.stream().anyMatch(c::equalsIgnoreCase));
        return determined ? router.partitionsOf(primary, primaryKey, key.routing()) : primary.partitions();
    }

    /**
     * Index rows whose unique key equals one of {@code values} (each a list of the index columns' values), locked;
     * the caller compares their primary keys with its own rows.
     */
    public List<StoredRow> uniqueMatches(GlobalIndexMeta index, List<List<SQLExpr>> values,
                                        ConnectionProvider connections) {
        TableMeta table = index.table();
        Map<PartitionDef, List<KeyTuple>> byPartition = new LinkedHashMap<>();
        for (List<SQLExpr> v : values) {
            KeyTuple k = keyOfExprs(v);
            for (PartitionDef p : router.partitionsOf(table, index.columns(), v)) {
                byPartition.computeIfAbsent(p, x -> new ArrayList<>()).add(k);
            }
        }
        List<StoredRow> out = new ArrayList<>();
        for (Map.Entry<PartitionDef, List<KeyTuple>> e : byPartition.entrySet()) {
            String sql = "SELECT " + selectList(table.columns()) + " FROM " + physical(e.getKey()) + " WHERE "
                + inList(index.columns(), e.getValue()) + " FOR UPDATE";
            out.addAll(query(e.getKey().dnId(), sql, table.columns(), connections));
        }
        return out;
    }

    /**
     * A read through an index: the index rows whose index columns equal one of {@code tuples}, each from the one
     * index shard its values route to ({@code FOR UPDATE} / {@code LOCK IN SHARE MODE} appended when the query locks).
     */
    public List<StoredRow> lookup(GlobalIndexMeta index, List<List<SQLExpr>> tuples, ConnectionProvider connections,
                                  String lockClause) {
        TableMeta table = index.table();
        Map<PartitionDef, List<KeyTuple>> byPartition = new LinkedHashMap<>();
        for (List<SQLExpr> v : tuples) {
            for (PartitionDef p : router.partitionsOf(table, index.columns(), v)) {
                byPartition.computeIfAbsent(p, x -> new ArrayList<>()).add(keyOfExprs(v));
            }
        }
        List<StoredRow> out = new ArrayList<>();
        for (Map.Entry<PartitionDef, List<KeyTuple>> e : byPartition.entrySet()) {
            String sql = "SELECT " + selectList(table.columns()) + " FROM " + physical(e.getKey()) + " WHERE "
                + inList(index.columns(), e.getValue()) + (lockClause == null ? "" : " " + lockClause);
            out.addAll(query(e.getKey().dnId(), sql, table.columns(), connections));
        }
        return out;
    }

    /**
     * Makes every index agree with the change from {@code before} to {@code after} (rows by primary key): index rows
     * of vanished or changed rows are deleted (in every index state), rows of new or changed rows inserted (in the
     * states that write). A UNIQUE index refuses a duplicate with 1062 naming the index.
     */
    public void apply(Map<List<ByteBuffer>, StoredRow> before, Map<List<ByteBuffer>, StoredRow> after,
                      ConnectionProvider connections) {
        List<ShardQuery> statements = new ArrayList<>();
        for (GlobalIndexMeta g : primary.globalIndexes()) {
            List<String> stored = g.storedColumns();
            List<StoredRow> deletes = new ArrayList<>();
            List<StoredRow> inserts = new ArrayList<>();
            before.forEach((key, b) -> {
                StoredRow a = after.get(key);
                if (a == null || !b.sameValues(a, stored)) {
                    deletes.add(b);
                }
            });
            if (g.state().writes()) {
                after.forEach((key, a) -> {
                    StoredRow b = before.get(key);
                    if (b == null || !b.sameValues(a, stored)) {
                        inserts.add(a);
                    }
                });
            }
            statements.addAll(deleteStatements(g, deletes));
            statements.addAll(insertStatements(g, inserts, "INSERT"));
        }
        // each DN's statements in order (a row's old index row goes before its new one), the DNs at once
        com.polardbx.executor.plan.ParallelWrites.run(statements, connections);
    }

    /** Deletes these rows from the primary table (by primary key); the caller then calls {@link #apply}. */
    public void deletePrimary(List<StoredRow> rows, ConnectionProvider connections) {
        Map<PartitionDef, List<KeyTuple>> byPartition = new LinkedHashMap<>();
        for (StoredRow r : rows) {
            KeyTuple k = keyOf(r);
            for (PartitionDef p : partitionsOfKey(k)) {
                byPartition.computeIfAbsent(p, x -> new ArrayList<>()).add(k);
            }
        }
        byPartition.forEach((p, keys) -> execute(p.dnId(), "DELETE FROM " + physical(p) + " WHERE "
            + inList(primaryKey, keys), connections));
    }

    /** Deletes the index rows of these primary rows. */
    public void delete(GlobalIndexMeta g, List<StoredRow> rows, ConnectionProvider connections) {
        deleteStatements(g, rows).forEach(q -> execute(q.dnId(), q.sql(), connections));
    }

    /** Writes the index rows of these primary rows ({@code verb}: INSERT, or INSERT IGNORE for a backfill). */
    public void insert(GlobalIndexMeta g, List<StoredRow> rows, ConnectionProvider connections, String verb) {
        insertStatements(g, rows, verb).forEach(q -> execute(q.dnId(), q.sql(), connections));
    }

    private List<ShardQuery> deleteStatements(GlobalIndexMeta g, List<StoredRow> rows) {
        List<ShardQuery> out = new ArrayList<>();
        for (Map.Entry<PartitionDef, List<StoredRow>> e : byIndexPartition(g, rows).entrySet()) {
            List<StoredRow> all = e.getValue();
            for (int from = 0; from < all.size(); from += BATCH) {
                List<KeyTuple> keys = all.subList(from, Math.min(all.size(), from + BATCH)).stream()
                    .map(this::keyOf).toList();
                out.add(new ShardQuery(e.getKey().dnId(), "DELETE FROM " + physical(e.getKey()) + " WHERE "
                    + inList(primaryKey, keys)));
            }
        }
        return out;
    }

    private List<ShardQuery> insertStatements(GlobalIndexMeta g, List<StoredRow> rows, String verb) {
        List<String> stored = g.storedColumns();
        List<ShardQuery> out = new ArrayList<>();
        for (Map.Entry<PartitionDef, List<StoredRow>> e : byIndexPartition(g, rows).entrySet()) {
            List<StoredRow> all = e.getValue();
            for (int from = 0; from < all.size(); from += BATCH) {
                StringBuilder sql = new StringBuilder(verb).append(" INTO ").append(physical(e.getKey()))
                    .append(" (").append(String.join(", ", stored.stream().map(SqlLiterals::identifier).toList()))
                    .append(") VALUES ");
                List<StoredRow> batch = all.subList(from, Math.min(all.size(), from + BATCH));
                for (int r = 0; r < batch.size(); r++) {
                    StoredRow row = batch.get(r);
                    sql.append(r == 0 ? "(" : ", (");
                    for (int i = 0; i < stored.size(); i++) {
                        String c = stored.get(i);
                        sql.append(i == 0 ? "" : ", ").append(IndexValues.literal(row.value(c), row.column(c)));
                    }
                    sql.append(')');
                }
                out.add(new ShardQuery(e.getKey().dnId(), sql.toString()));
            }
        }
        return out;
    }

    private Map<PartitionDef, List<StoredRow>> byIndexPartition(GlobalIndexMeta g, List<StoredRow> rows) {
        TableMeta table = g.table();
        List<String> keys = table.partitionInfo().columns();
        Map<PartitionDef, List<StoredRow>> out = new LinkedHashMap<>();
        for (StoredRow row : rows) {
            List<SQLExpr> values = new ArrayList<>();
            for (String k : keys) {
                values.add(IndexValues.routingExpr(row.value(k), row.column(k)));
            }
            for (PartitionDef p : router.partitionsOf(table, keys, values)) {
                out.computeIfAbsent(p, x -> new ArrayList<>()).add(row);
            }
        }
        return out;
    }

    static String physical(PartitionDef p) {
        return SqlLiterals.identifier(p.physicalDb()) + "." + SqlLiterals.identifier(p.physicalTable());
    }

    /** The select list reading these columns as {@link IndexValues#literal} expects. */
    public static String selectList(List<ColumnDef> columns) {
        return String.join(", ", columns.stream().map(IndexValues::selectItem).toList());
    }

    private static String inList(List<String> columns, List<KeyTuple> keys) {
        List<String> tuples = new ArrayList<>();
        for (KeyTuple k : keys) {
            tuples.add(k.literals().size() == 1 ? k.literals().get(0) : "(" + String.join(", ", k.literals()) + ")");
        }
        String lhs = columns.size() == 1 ? SqlLiterals.identifier(columns.get(0))
            : "(" + String.join(", ", columns.stream().map(SqlLiterals::identifier).toList()) + ")";
        return lhs + " IN (" + String.join(", ", tuples) + ")";
    }

    private static List<StoredRow> query(String dnId, String sql, List<ColumnDef> columns,
                                         ConnectionProvider connections) {
        Connection c = connections.acquire(dnId);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<StoredRow> rows = new ArrayList<>();
            while (rs.next()) {
                byte[][] values = new byte[columns.size()][];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getBytes(i + 1);
                }
                rows.add(new StoredRow(columns, values));
            }
            return rows;
        } catch (SQLException e) {
            throw SqlError.fromDataNode(dnId, e);
        } finally {
            connections.release(dnId, c);
        }
    }

    private static void execute(String dnId, String sql, ConnectionProvider connections) {
        Connection c = connections.acquire(dnId);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            throw SqlError.fromDataNode(dnId, e);
        } finally {
            connections.release(dnId, c);
        }
    }
}
