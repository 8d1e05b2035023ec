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
import com.polardbx.common.metrics.ForegroundWrites;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.executor.gsi.GlobalIndexMaintenance;
import com.polardbx.executor.gsi.KnownIndexRows;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.ParallelWrites;
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
    /** How many foreign key actions deep the running statement is ({@link #cascade}). */
    private int cascadeDepth;

    private final SessionExpressions expressions;

    public DmlHandler(ServerContext context, SessionState state, Transactions transactions, QueryHandler queries,
                      AccessCheck access) {
        this.access = access;
        this.context = context;
        this.state = state;
        this.transactions = transactions;
        this.queries = queries;
        this.expressions = new SessionExpressions(context, state);
    }

    public StatementResult execute(SQLStatement statement, String sql) {
        context.writeVersions().begin(state.connectionId()); // schema changes wait for this write (global indexes)
        long started = System.nanoTime();
        try {
            return write(statement);
        } finally {
            context.writeVersions().end(state.connectionId());
            ForegroundWrites.finished(System.nanoTime() - started); // a backfill backs off when these slow down
        }
    }

    private StatementResult write(SQLStatement statement) {
        expressions.substitute(statement); // @@port, CURRENT_USER(), ... are the CN's, not the DN's
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

    /**
     * VALUES and ON DUPLICATE KEY UPDATE expressions are printed into the SQL each shard receives: a subquery there
     * would reach the DN unresolved. Its tables are resolved and checked (1049/1146/1142 as anywhere else), then it is
     * refused.
     */
    private void requireNoTableInValues(List<List<SQLExpr>> rows, List<SQLExpr> duplicateUpdates) {
        List<SQLExpr> parts = new ArrayList<>();
        rows.forEach(parts::addAll);
        if (duplicateUpdates != null) {
            parts.addAll(duplicateUpdates);
        }
        boolean[] subquery = {false};
        for (SQLExpr part : parts) {
            part.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
                @Override
                public boolean visit(SQLSelect select) {
                    subquery[0] = true;
                    return true;
                }
            });
        }
        if (!subquery[0]) {
            return;
        }
        for (TableRef ref : TableNames.resolve(parts, state.database(), context.meta())) {
            if (!ref.coveredByView()) {
                access.requireTable(Privilege.SELECT, ref.table().schema(), ref.table().name());
            }
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
            "subqueries in INSERT ... VALUES or ON DUPLICATE KEY UPDATE");
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
        if (!refs.get(0).coveredByView()) {
            access.requireTable(Privilege.INSERT, table.schema(), table.name());
            if (verb.equals("REPLACE")) {
                access.requireTable(Privilege.DELETE, table.schema(), table.name());
            }
        }
        requireNoTableInValues(rows, duplicateUpdates);
        List<String> columns = new ArrayList<>();
        for (SQLExpr c : columnExprs) {
            columns.add(InsertRouter.assignedColumn(c));
        }
        List<List<SQLExpr>> values = rows;
        if (query != null) {
            values = materialize(query);
            if (values.isEmpty()) {
                return new StatementResult.Ok(0, 0, 0, "Records: 0  Duplicates: 0  Warnings: 0");
            }
        }
        String duplicateTail = null;
        List<String> updated = new ArrayList<>();
        boolean indexed = com.polardbx.executor.gsi.GlobalIndexMaintenance.needed(table);
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
        ForeignKeyWrites keys = foreignKeys(table);
        if (keys != null && duplicateUpdates != null) {
            keys.refuseUpsertOf(updated, duplicateUpdates);
        }
        String tail = duplicateTail;
        java.util.function.Function<List<List<SQLExpr>>, Object[]> writeRows = written -> {
            if (indexed) {
                return insertIndexed(table, verb, columns, written, duplicateUpdates, tail, updated, query != null);
            }
            RoutedInsert routedRows = context.insertRouter().route(table, verb, columns, written, tail, updated,
                query != null);
            return new Object[] {routedRows, run(table, physical(routedRows), tail != null
                ? WriteCounts.Kind.INSERT_ON_DUPLICATE_UPDATE : WriteCounts.Kind.OTHER)};
        };
        List<List<SQLExpr>> all = values;
        // a plain INSERT into a parent needs nothing (and stays a one-shard write where it is one)
        Object[] done = keys == null || !keys.checksInsert(verb.equals("REPLACE")) ? writeRows.apply(values)
            : transactions.statement(c -> insertWithKeys(keys, verb, columns, all, c, writeRows));
        RoutedInsert routed = (RoutedInsert) done[0];
        WriteCounts counts = (WriteCounts) done[1];
        long insertId = routed == null ? 0 : insertId(routed, counts, duplicateTail != null && values.size() == 1);
        long reported = counts.reported(state.foundRows());
        String info = query != null || values.size() > 1 ? counts.insertInfo(values.size(), lastWarnings) : null;
        return new StatementResult.Ok(reported, insertId, lastWarnings, info);
    }

    /** An INSERT / REPLACE with keys the CN checks: displaced parents (REPLACE), the write, its children's keys. */
    private Object[] insertWithKeys(ForeignKeyWrites keys, String verb, List<String> columns,
                                    List<List<SQLExpr>> values, com.polardbx.executor.scan.ConnectionProvider c,
                                    java.util.function.Function<List<List<SQLExpr>>, Object[]> writeRows) {
        ForeignKeyWrites.Before replaced = verb.equals("REPLACE") ? keys.replaced(columns, values, c) : null;
        Object[] written = insertChecked(keys, verb.equals("INSERT IGNORE"), columns, values, c, writeRows);
        if (replaced != null) {
            int warnings = lastWarnings;
            List<SessionState.Warning> raised = new ArrayList<>(state.warnings());
            keys.after(replaced, c, this::cascade, cascadeDepth);
            state.warnings().clear();
            state.warnings().addAll(raised);
            lastWarnings = warnings;
        }
        return written;
    }

    /**
     * An INSERT into a child of keys the CN checks ({@link ForeignKeyWrites}), inside its atomic statement: rows
     * without a parent fail it with 1452 after the write, or with IGNORE are left out before it, each with MariaDB's
     * warning.
     */
    private Object[] insertChecked(ForeignKeyWrites keys, boolean ignore, List<String> columns,
                                   List<List<SQLExpr>> values, com.polardbx.executor.scan.ConnectionProvider c,
                                   java.util.function.Function<List<List<SQLExpr>>, Object[]> writeRows) {
        if (!ignore) {
            Object[] done = writeRows.apply(values);
            keys.checkInserted(columns, values, c);
            return done;
        }
        java.util.SortedMap<Integer, String> orphans = keys.orphans(columns, values, c);
        List<List<SQLExpr>> kept = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!orphans.containsKey(i)) {
                kept.add(values.get(i));
            }
        }
        Object[] done;
        if (kept.isEmpty()) {
            state.warnings().clear();
            lastWarnings = 0;
            done = new Object[] {null, new WriteCounts(WriteCounts.Kind.OTHER)};
        } else {
            done = writeRows.apply(kept);
        }
        for (String message : orphans.values()) {
            state.warnings().add(new SessionState.Warning("Warning", ErrorCode.ER_NO_REFERENCED_ROW_2.errno(),
                message));
        }
        lastWarnings += orphans.size();
        return done;
    }

    /** The foreign keys the CN checks around writes to {@code table}; none while foreign_key_checks is off. */
    private ForeignKeyWrites foreignKeys(TableMeta table) {
        return state.foreignKeyChecks() ? ForeignKeyWrites.of(context, state.database(), table) : null;
    }

    private static List<ShardQuery> physical(RoutedInsert routed) {
        List<ShardQuery> physical = new ArrayList<>();
        routed.statements().forEach(s -> physical.add(new ShardQuery(s.target().dnId(), s.sql())));
        return physical;
    }

    /**
     * An INSERT / INSERT IGNORE / REPLACE into a table with global indexes, as one atomic statement: rows colliding on
     * a UNIQUE global index are skipped (IGNORE, with MySQL's 1062 warning), displace the rows they collide with
     * (REPLACE) or update them (ON DUPLICATE KEY UPDATE, row by row: {@link IndexedUpsert}); then the primary write,
     * and the indexes brought in step with what it did.
     */
    private Object[] insertIndexed(TableMeta table, String verb, List<String> columns, List<List<SQLExpr>> values,
                                   List<SQLExpr> duplicateUpdates, String duplicateTail, List<String> updated,
                                   boolean fromSelect) {
        IndexedWrites writes = new IndexedWrites(context, state.database(), table);
        boolean ignore = verb.equals("INSERT IGNORE");
        boolean replace = verb.equals("REPLACE");
        List<SessionState.Warning> skipped = new ArrayList<>();
        // rows an upsert may move are updated by the CN itself (IndexedUpsert), not by the DN's ON DUPLICATE KEY
        boolean moves = duplicateTail != null && IndexedUpsert.movesRows(table, updated);
        RoutedInsert early = null;
        if (verb.equals("INSERT") && duplicateTail == null && table.kind() != TableKind.BROADCAST
            && transactions.autocommitStatement()) {
            early = context.insertRouter().route(table, verb, columns, values, null, updated, fromSelect);
            Object[] local = insertOnOneDataNode(table, early);
            if (local != null) {
                return local;
            }
        }
        RoutedInsert routedEarly = early;
        Object[] result = transactions.statementRerunOnDeadlock(connections -> {
            skipped.clear(); // a run that lost a deadlock starts again
            RoutedInsert routed = routedEarly != null ? routedEarly : context.insertRouter().route(table, verb,
                columns, values, duplicateTail, moves ? List.of() : updated, fromSelect);
            List<String> cols = routed.columns();
            List<List<SQLExpr>> rows = routed.rows();
            long displaced = 0;
            long replacedInStatement = 0;
            if (ignore || replace || duplicateTail != null) {
                List<com.polardbx.executor.gsi.StoredRow> existing = new ArrayList<>();
                List<String> conflicts = writes.uniqueConflicts(cols, rows, connections, replace, existing);
                boolean anyConflict = conflicts.stream().anyMatch(java.util.Objects::nonNull);
                // row by row when a row collides through a UNIQUE global index, or when an updated row may move
                if (duplicateTail != null && (anyConflict || moves)) {
                    IndexedUpsert upsert = new IndexedUpsert(context, table, writes, duplicateUpdates, duplicateTail,
                        updated, fromSelect);
                    WriteCounts counts = upsert.run(cols, rows, connections);
                    List<SessionState.Warning> raised = new ArrayList<>();
                    upsert.warnings().forEach(w -> raised.add(new SessionState.Warning("Warning", w.getErrorCode(),
                        w.getMessage())));
                    state.warnings().clear();
                    state.warnings().addAll(raised);
                    lastWarnings = raised.size();
                    return new Object[] {routed, counts};
                }
                List<List<SQLExpr>> kept = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    if (conflicts.get(i) == null) {
                        kept.add(rows.get(i));
                    } else if (ignore) {
                        skipped.add(new SessionState.Warning("Warning", ErrorCode.ER_DUP_ENTRY.errno(),
                            conflicts.get(i)));
                    } else {
                        replacedInStatement++; // an earlier row of this REPLACE, replaced by a later one
                    }
                }
                if (replace) {
                    displaced += writes.deleteDisplaced(existing, connections, writes.insertKeys(cols, kept));
                }
                if (kept.size() != rows.size()) {
                    rows = kept;
                    routed = context.insertRouter().route(table, verb, cols, rows, duplicateTail, updated, fromSelect);
                }
            }
            WriteCounts counts;
            if (rows.isEmpty()) {
                counts = new WriteCounts(WriteCounts.Kind.OTHER);
            } else {
                RoutedInsert write = routed;
                java.util.function.Supplier<WriteCounts> primary = () -> run(table, physical(write),
                    duplicateTail != null ? WriteCounts.Kind.INSERT_ON_DUPLICATE_UPDATE : WriteCounts.Kind.OTHER);
                boolean plain = verb.equals("INSERT") && duplicateTail == null;
                // a plain INSERT whose index rows are known from its values writes them alongside, without a read
                List<ShardQuery> indexRows = plain && table.kind() != TableKind.BROADCAST
                    ? KnownIndexRows.of(table, context.insertRouter(), cols, rows) : null;
                if (indexRows != null) {
                    counts = writeWithIndexRows(table, physical(write), indexRows, connections);
                } else {
                    List<com.polardbx.executor.gsi.KeyTuple> keys = writes.insertKeys(cols, rows);
                    counts = plain ? writes.afterInsert(keys, connections, primary)
                        : writes.around(keys, connections, primary);
                }
            }
            counts.addDuplicates(displaced, ignore ? skipped.size() : 0);
            counts.addReplacedInStatement(replacedInStatement);
            return new Object[] {routed, counts};
        });
        if (!skipped.isEmpty()) {
            state.warnings().addAll(skipped);
            lastWarnings += skipped.size();
        }
        return result;
    }

    /**
     * An autocommit INSERT whose rows and index rows ({@link KnownIndexRows}) all go to one DN: a local transaction
     * there makes it atomic, with no XA branch ({@code XA START/END} and the one-phase XA commit cost a round trip more
     * than {@code START TRANSACTION/COMMIT}). Null when the writes reach several DNs or the index rows are not known.
     */
    private Object[] insertOnOneDataNode(TableMeta table, RoutedInsert routed) {
        List<ShardQuery> primary = physical(routed);
        List<ShardQuery> indexRows = KnownIndexRows.of(table, context.insertRouter(), routed.columns(),
            routed.rows());
        if (indexRows == null || primary.isEmpty()) {
            return null;
        }
        String dn = primary.get(0).dnId();
        boolean oneDn = java.util.stream.Stream.concat(primary.stream(), indexRows.stream())
            .allMatch(q -> q.dnId().equals(dn));
        if (!oneDn) {
            return null;
        }
        WriteCounts counts = transactions.onOneDataNode(dn, connections -> writeWithIndexRows(table, primary,
            indexRows, connections));
        return new Object[] {routed, counts};
    }

    /**
     * The OK packet's insert id of an INSERT, also setting LAST_INSERT_ID() as MariaDB does: nothing written (every
     * row ignored) reports 0 and keeps it; a one-row ON DUPLICATE KEY UPDATE that updated a row reports that row's
     * id (the DN's own OK packet has it) and remembers it; otherwise the first generated id, or the last row's id.
     */
    private long insertId(RoutedInsert routed, WriteCounts counts, boolean oneRowUpsert) {
        if (oneRowUpsert && counts.changed() == 2 && counts.dnInsertId() != 0) {
            state.setLastInsertId(counts.dnInsertId());
            return counts.dnInsertId();
        }
        if (counts.changed() == 0) {
            return 0;
        }
        if (routed.firstGeneratedId() != 0) {
            state.setLastInsertId(routed.firstGeneratedId());
        }
        return routed.okInsertId(counts.changed());
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
        return com.polardbx.optimizer.route.Literals.expr(v);
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
        UpdateDeleteShape shape = UpdateDeleteShape.of(statement);
        shape.checkSyntax();
        List<TableRef> refs = TableNames.resolve(shape.readParts(), state.database(), context.meta());
        TableRef target = shape.multiTable ? null
            : refs.stream().filter(r -> r.source() == shape.from).findFirst().orElse(null);
        ForeignKeyWrites keys = checkedKeys(shape, refs, target, updated);
        if (keys == null) {
            return updateOrDeleteUnchecked(statement, shape, refs, where, updated, isUpdate);
        }
        // the keys the CN checks: rows read and locked first, the write, then the checks and the keys' actions
        String qualifier = TableNames.unquote(target.source().getAlias() != null ? target.source().getAlias()
            : target.table().name());
        return transactions.statement(c -> {
            ForeignKeyWrites.Before before = keys.before(shape, qualifier, c);
            StatementResult result = updateOrDeleteUnchecked(statement, shape, refs, where, updated, isUpdate);
            int warnings = lastWarnings;
            List<SessionState.Warning> raised = new ArrayList<>(state.warnings());
            keys.after(before, c, this::cascade, cascadeDepth);
            state.warnings().clear();
            state.warnings().addAll(raised);
            lastWarnings = warnings;
            return result;
        });
    }

    /**
     * The keys the CN checks that an UPDATE / DELETE touches, or null. A multi-table form touching one is refused:
     * its target rows are the CN's {@link KeyedRowsDml}'s, which does not follow keys yet.
     */
    private ForeignKeyWrites checkedKeys(UpdateDeleteShape shape, List<TableRef> refs, TableRef target,
                                         List<String> updated) {
        if (!state.foreignKeyChecks()) {
            return null;
        }
        if (target == null) {
            if (!context.meta().anyForeignKeys()) {
                return null;
            }
            for (TableMeta t : new KeyedRowsDml(context, state.database(), shape, refs).targetTables()) {
                ForeignKeyWrites k = ForeignKeyWrites.of(context, state.database(), t);
                if (k != null && k.touchedBy(shape.isUpdate, updated)) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "multi-table " + (shape.isUpdate ? "UPDATE"
                        : "DELETE") + " of `" + t.name() + "`, whose foreign keys the CN checks");
                }
            }
            return null;
        }
        ForeignKeyWrites k = ForeignKeyWrites.of(context, state.database(), target.table());
        return k != null && k.touchedBy(shape.isUpdate, updated) ? k : null;
    }

    /**
     * A key's action on child rows ({@link ForeignKeyWrites}): a logical DELETE / UPDATE run as any other, one
     * level deeper, inside the statement that caused it.
     */
    private void cascade(String sql) {
        cascadeDepth++;
        try {
            write(SQLUtils.parseSingleMysqlStatement(sql));
        } finally {
            cascadeDepth--;
        }
    }

    private StatementResult updateOrDeleteUnchecked(SQLStatement statement, UpdateDeleteShape shape,
                                                    List<TableRef> refs, SQLExpr where, List<String> updated,
                                                    boolean isUpdate) {
        if (shape.multiTable || refs.size() != 1) {
            return severalTables(shape, refs);
        }
        TableRef ref = refs.get(0);
        TableMeta table = ref.table();
        if (!ref.coveredByView()) {
            access.requireTable(isUpdate ? Privilege.UPDATE : Privilege.DELETE, table.schema(), table.name());
        }
        boolean indexRowsStay = isUpdate && GlobalIndexMaintenance.untouchedBy(table,
            updated.stream().map(TableNames::unquote).toList()); // e.g. sysbench's UPDATE of c, not stored in g(k)
        if (GlobalIndexMaintenance.needed(table) && !indexRowsStay) {
            return updateOrDeleteIndexed(statement, shape, refs, where, updated, isUpdate);
        }
        return updateOrDeleteTable(statement, shape, refs, where, updated, isUpdate);
    }

    /**
     * UPDATE / DELETE of a table with global indexes: the target rows' keys are read (locked) first, the write runs
     * as for any table, and the indexes follow the rows' images before and after, all in one atomic statement.
     */
    private StatementResult updateOrDeleteIndexed(SQLStatement statement, UpdateDeleteShape shape, List<TableRef> refs,
                                                  SQLExpr where, List<String> updated, boolean isUpdate) {
        TableMeta table = refs.get(0).table();
        List<String> pk = table.primaryKey().map(com.polardbx.gms.meta.IndexDef::columns).orElse(List.of());
        IndexedWrites writes = new IndexedWrites(context, state.database(), table);
        String qualifier = TableNames.unquote(refs.get(0).source().getAlias() != null
            ? refs.get(0).source().getAlias() : table.name());
        // rows whose primary key changes are read again where they move to
        List<SQLExpr> newKey = isUpdate ? IndexedWrites.newKey(pk, shape.items, qualifier, false) : null;
        // a WHERE naming the keys outright spares the SELECT of the keys (and a DELETE of exactly them, the read after)
        PinnedKeys pinned = newKey == null ? PinnedKeys.of(table, pk, qualifier, shape) : null;
        return transactions.statementRerunOnDeadlock(connections -> {
            List<com.polardbx.executor.gsi.KeyTuple> keys = pinned != null ? writes.keysOf(pinned.keys())
                : writes.targetKeys(shape, qualifier, newKey, connections);
            java.util.function.Supplier<StatementResult> write = () -> shape.limit != null ? keyed(shape, refs)
                : updateOrDeleteTable(statement, shape, refs, where, updated, isUpdate);
            if (isUpdate) {
                return writes.aroundUpdate(keys, connections, write);
            }
            return pinned != null && pinned.exact() ? writes.aroundDelete(keys, connections, write)
                : writes.around(keys, connections, write);
        });
    }

    private StatementResult updateOrDeleteTable(SQLStatement statement, UpdateDeleteShape shape,
                                                List<TableRef> refs, SQLExpr where, List<String> updated,
                                                boolean isUpdate) {
        TableRef ref = refs.get(0);
        TableMeta table = ref.table();
        List<PartitionDef> targets = table.kind() == TableKind.PARTITIONED
            ? context.wherePruner().prune(table, ref.source().getAlias(), where) : table.partitions();
        boolean orderOrLimit = shape.orderBy != null || shape.limit != null;
        if (table.kind() == TableKind.PARTITIONED && orderOrLimit
            && (targets.size() > 1 || isUpdate && assignsPartitionKey(table, updated))) {
            return keyed(shape, refs); // the CN picks the first rows across shards
        }
        if (isUpdate && table.kind() == TableKind.PARTITIONED && assignsPartitionKey(table, updated)) {
            QueryContext query = QueryContext.unlimited("move-" + state.connectionId() + "-" + System.nanoTime());
            PartitionKeyUpdate.Counts moved = transactions.write(true, connections -> new PartitionKeyUpdate(context)
                .execute((SQLUpdateStatement) statement, ref, targets, connections, query));
            WriteCounts counts = new WriteCounts(WriteCounts.Kind.UPDATE);
            counts.addCounted(moved.matched(), moved.changed());
            state.warnings().clear();
            lastWarnings = 0;
            return ok(counts);
        }
        List<ShardQuery> physical = new ArrayList<>();
        for (PartitionDef p : targets) {
            physical.add(new ShardQuery(p.dnId(), TableNames.physicalSql(statement, refs, r -> p, isUpdate)));
        }
        return ok(run(table, physical, isUpdate ? WriteCounts.Kind.UPDATE : WriteCounts.Kind.OTHER));
    }

    /**
     * A statement reading several tables (subqueries, multi-table forms): sent whole to the one DN that holds all
     * of them when there is one, else the CN finds the target rows and changes them by key.
     */
    private StatementResult severalTables(UpdateDeleteShape shape, List<TableRef> refs) {
        KeyedRowsDml plan = new KeyedRowsDml(context, state.database(), shape, refs); // checks targets, 1093, 1109
        if (plan.targetTables().stream().anyMatch(com.polardbx.executor.gsi.GlobalIndexMaintenance::needed)) {
            // the CN finds the rows and keeps their indexes in step, all as one atomic statement
            KeyedRowsDml indexed = plan.maintainingIndexes();
            return transactions.statement(connections -> keyed(indexed, shape, refs));
        }
        List<PartitionDef> copies = colocated(refs, plan.targetTables());
        if (copies == null) {
            return keyed(plan, shape, refs);
        }
        requirePrivileges(shape, refs, plan.targetTables());
        List<ShardQuery> physical = new ArrayList<>();
        Set<TableRef> targets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (!shape.multiTable) {
            targets.add(refs.stream().filter(r -> r.source() == shape.from).findFirst().orElseThrow());
        }
        for (PartitionDef copy : copies) {
            physical.add(new ShardQuery(copy.dnId(), TableNames.physicalSql(shape.statement, refs,
                r -> placeOn(r.table(), copy.dnId()), r -> shape.isUpdate || shape.multiTable || !targets.contains(r))));
        }
        TableMeta counted = plan.targetTables().get(0);
        return ok(run(counted, physical, shape.isUpdate ? WriteCounts.Kind.UPDATE : WriteCounts.Kind.OTHER));
    }

    /**
     * Where a statement over several tables can run whole: one place when every table is a single table of one DN
     * or a broadcast table read there; every copy when all of them are broadcast tables. Null otherwise.
     */
    private static List<PartitionDef> colocated(List<TableRef> refs, List<TableMeta> targets) {
        String dn = null;
        boolean allBroadcast = true;
        for (TableRef r : refs) {
            TableKind kind = r.table().kind();
            if (kind == TableKind.PARTITIONED) {
                return null;
            }
            if (kind == TableKind.SINGLE) {
                allBroadcast = false;
                String here = r.table().partitions().get(0).dnId();
                if (dn != null && !dn.equals(here)) {
                    return null;
                }
                dn = here;
            }
        }
        if (allBroadcast) {
            return refs.get(0).table().partitions();
        }
        if (targets.stream().anyMatch(t -> t.kind() == TableKind.BROADCAST)) {
            return null; // every copy must change, but the single tables live on one DN only
        }
        String target = dn;
        for (TableRef r : refs) {
            if (r.table().kind() == TableKind.BROADCAST && r.table().partitions().stream()
                .noneMatch(p -> p.dnId().equals(target))) {
                return null;
            }
        }
        return List.of(refs.stream().filter(r -> r.table().kind() == TableKind.SINGLE).findFirst().orElseThrow()
            .table().partitions().get(0));
    }

    private static PartitionDef placeOn(TableMeta table, String dnId) {
        return table.partitions().stream().filter(p -> p.dnId().equals(dnId)).findFirst().orElseThrow();
    }

    /** The CN finds the target rows, then changes them by key, all in one distributed transaction. */
    private StatementResult keyed(UpdateDeleteShape shape, List<TableRef> refs) {
        return keyed(new KeyedRowsDml(context, state.database(), shape, refs), shape, refs);
    }

    private StatementResult keyed(KeyedRowsDml dml, UpdateDeleteShape shape, List<TableRef> refs) {
        requirePrivileges(shape, refs, dml.targetTables());
        List<SessionState.Warning> warnings = new ArrayList<>();
        QueryContext query = QueryContext.unlimited("dml-" + state.connectionId() + "-" + System.nanoTime());
        WriteCounts counts;
        try {
            counts = transactions.write(true, connections -> dml.execute(connections, query,
                w -> warnings.add(new SessionState.Warning("Warning", w.getErrorCode(), w.getMessage()))));
        } finally {
            query.close();
        }
        state.warnings().clear();
        state.warnings().addAll(warnings);
        lastWarnings = warnings.size();
        return ok(counts);
    }

    private void requirePrivileges(UpdateDeleteShape shape, List<TableRef> refs, List<TableMeta> targets) {
        for (TableMeta t : targets) {
            access.requireTable(shape.isUpdate ? Privilege.UPDATE : Privilege.DELETE, t.schema(), t.name());
        }
        for (TableRef r : refs) {
            if (!targets.contains(r.table()) && !r.coveredByView()) {
                access.requireTable(Privilege.SELECT, r.table().schema(), r.table().name());
            }
        }
    }

    private StatementResult.Ok ok(WriteCounts counts) {
        return new StatementResult.Ok(counts.reported(state.foundRows()), 0, lastWarnings,
            counts.info(lastWarnings));
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

    /**
     * Runs the physical statements; the counts (and the warnings) of a broadcast write are those of one copy. The
     * DNs' warnings become the statement's, for the OK packet and SHOW WARNINGS.
     */
    private WriteCounts run(TableMeta table, List<ShardQuery> physical, WriteCounts.Kind kind) {
        boolean broadcast = table.kind() == TableKind.BROADCAST;
        String countedDn = physical.isEmpty() ? null : physical.get(0).dnId();
        List<SessionState.Warning> warnings = new ArrayList<>();
        WriteCounts counts = new WriteCounts(kind);
        transactions.write(physical.size() > 1, connections -> {
            for (ShardQuery q : physical) {
                boolean counted = !broadcast || q.dnId().equals(countedDn);
                List<java.sql.SQLWarning> raised = new ArrayList<>();
                PlanExecutor.WriteCount n = PlanExecutor.write(q, connections, raised::add);
                if (counted) {
                    count(counts, n, raised, warnings);
                }
            }
            return counts;
        });
        state.warnings().clear();
        state.warnings().addAll(warnings);
        lastWarnings = warnings.size();
        return counts;
    }

    private static void count(WriteCounts counts, PlanExecutor.WriteCount n, List<java.sql.SQLWarning> raised,
                              List<SessionState.Warning> warnings) {
        int duplicates = 0;
        for (java.sql.SQLWarning w : raised) {
            warnings.add(new SessionState.Warning("Warning", w.getErrorCode(), w.getMessage()));
            duplicates += w.getErrorCode() == ErrorCode.ER_DUP_ENTRY.errno() ? 1 : 0;
        }
        counts.add(n, duplicates);
    }

    /**
     * A plain INSERT's primary rows and their index rows ({@link KnownIndexRows}), written on their DNs at the same
     * time; counts and warnings are the primary's. The primary's error wins when both fail, as when run in turn.
     */
    private WriteCounts writeWithIndexRows(TableMeta table, List<ShardQuery> primary, List<ShardQuery> indexRows,
                                           com.polardbx.executor.scan.ConnectionProvider connections) {
        List<ShardQuery> all = new ArrayList<>(primary);
        all.addAll(indexRows);
        List<ParallelWrites.Outcome> outcomes = ParallelWrites.run(all, connections);
        WriteCounts counts = new WriteCounts(WriteCounts.Kind.OTHER);
        List<SessionState.Warning> warnings = new ArrayList<>();
        for (int i = 0; i < primary.size(); i++) {
            count(counts, outcomes.get(i).count(), outcomes.get(i).warnings(), warnings);
        }
        state.warnings().clear();
        state.warnings().addAll(warnings);
        lastWarnings = warnings.size();
        return counts;
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
