package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropColumnItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableModifyColumn;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code ALTER TABLE}, {@code CREATE INDEX} and {@code DROP INDEX} on local indexes: the same ALTER on every physical
 * table, then the metadata refreshed from a physical table.
 *
 * <p>Physical ALTERs are not idempotent, so the job records a digest of the table's shape before the change; a
 * physical table still showing that digest has not been altered yet. The first physical ALTER runs alone: if it fails
 * nothing changed and the job is rolled back. After it the job only rolls forward (at recovery too). On a table
 * with global indexes, column changes reach the index tables through {@link GlobalIndexColumnSteps} in the same job.
 */
final class AlterTableDdl {
    private final DdlContext ctx;
    private final GlobalIndexColumnSteps globalIndexes;

    AlterTableDdl(DdlContext ctx, GlobalIndexColumnSteps globalIndexes) {
        this.ctx = ctx;
        this.globalIndexes = globalIndexes;
    }

    /** Checks the statement against the table's placement rules; returns the table it alters. */
    TableMeta check(QualifiedName name, SQLStatement stmt) {
        TableMeta table = ctx.requireTable(name);
        List<String> keys = table.kind() == TableKind.PARTITIONED ? table.partitionInfo().columns() : List.of();
        if (stmt instanceof SQLAlterTableStatement alter) {
            if (alter.getPartition() != null) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "ALTER TABLE ... PARTITION BY");
            }
            alter.getItems().forEach(item -> checkItem(item, keys));
        } else if (stmt instanceof SQLCreateIndexStatement create) {
            String type = create.getType() == null ? "" : create.getType().toUpperCase(Locale.ROOT);
            if (create.isGlobal() || type.contains("GLOBAL") || type.contains("CLUSTERED")) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "GLOBAL INDEX");
            }
            if (type.contains("UNIQUE")) {
                UniqueKeyRule.check(false, columns(create.getItems()), keys);
            }
        }
        return table;
    }

    private static void checkItem(SQLAlterTableItem item, List<String> keys) {
        if (item.getClass().getSimpleName().contains("Partition")) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "partition management in ALTER TABLE");
        } else if (item instanceof SQLAlterTableDropColumnItem drop) {
            drop.getColumns().forEach(c -> rejectPartitionColumn(c, keys));
        } else if (item instanceof MySqlAlterTableModifyColumn modify) {
            rejectPartitionColumn(modify.getNewColumnDefinition().getName(), keys);
        } else if (item instanceof MySqlAlterTableChangeColumn change) {
            rejectPartitionColumn(change.getColumnName(), keys);
        } else if (item instanceof SQLAlterTableRenameColumn rename) {
            rejectPartitionColumn(rename.getColumn(), keys);
        } else if (item instanceof SQLAlterTableAddIndex add) {
            String type = add.getType() == null ? "" : add.getType().toUpperCase(Locale.ROOT);
            if (add.isGlobal() || type.contains("GLOBAL") || type.contains("CLUSTERED")) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "GLOBAL INDEX");
            }
            if (add.isUnique() || type.contains("UNIQUE")) {
                UniqueKeyRule.check(false, columns(add.getColumns()), keys);
            }
        } else if (item instanceof SQLAlterTableAddConstraint add && add.getConstraint() instanceof SQLUnique unique
            && (unique instanceof MySqlUnique || unique instanceof SQLPrimaryKey)) {
            if (unique.getIndexDefinition().isGlobal()) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "GLOBAL INDEX");
            }
            UniqueKeyRule.check(unique instanceof SQLPrimaryKey, columns(unique.getColumns()), keys);
        }
    }

    /** Whether an ALTER TABLE changes the physical tables at all (a bare RENAME TO does not). */
    static boolean hasPhysicalWork(SQLAlterTableStatement alter) {
        return !alter.getTableOptions().isEmpty()
            || alter.getItems().stream().anyMatch(i -> !(i instanceof SQLAlterTableRename));
    }

    private static void rejectPartitionColumn(SQLName column, List<String> keys) {
        String name = SQLUtils.normalize(column.getSimpleName());
        if (keys.stream().anyMatch(k -> k.equalsIgnoreCase(name))) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "altering partition column '" + name + "'");
        }
    }

    private static List<String> columns(List<SQLSelectOrderByItem> items) {
        return items.stream().map(SQLSelectOrderByItem::getExpr).map(AlterTableDdl::columnOf).toList();
    }

    private static String columnOf(SQLExpr expr) {
        if (expr instanceof SQLIdentifierExpr id) {
            return SQLUtils.normalize(id.getName());
        } else if (expr instanceof SQLMethodInvokeExpr prefix) {
            return SQLUtils.normalize(prefix.getMethodName());
        }
        return expr.toString();
    }

    /**
     * Runs the physical form of {@code sql} on every physical table of {@code table}, then refreshes metadata.
     *
     * @param alter the parsed ALTER TABLE (for its foreign keys), null for CREATE/DROP INDEX
     * @param foreignKeyChecks off, keys added are not checked against existing rows (as in MariaDB)
     */
    StatementResult.Ok apply(TableMeta table, String sql, SQLAlterTableStatement alter, boolean foreignKeyChecks) {
        ForeignKeyChanges keys = alter == null ? ForeignKeyChanges.none(table)
            : ForeignKeyChanges.of(ctx, table, alter, foreignKeyChecks);
        GlobalIndexColumnPlan indexPlan = alter == null ? GlobalIndexColumnPlan.none()
            : GlobalIndexColumnPlan.of(table, alter);
        Function<PhysicalLocation, String> altered = keys.isEmpty() ? PhysicalSql.alter(sql)
            : PhysicalSql.alter(sql, keys.rewriter(table));
        StatementResult.Ok ok;
        if (keys.isEmpty() || altered.apply(PhysicalLocation.of(table.partitions().get(0))) != null) {
            Function<PhysicalLocation, String> physicalSql = foreignKeyChecks ? altered : withoutChecks(altered);
            ok = applyPhysical(table, sql, physicalSql, keys.after(), indexPlan);
        } else {
            // no item is left for the physical tables
            ctx.meta().saveTable(withKeys(table, keys.after(), table.version() + 1));
            ok = new StatementResult.Ok(0, 0, 0, "Records: 0  Duplicates: 0  Warnings: 0");
        }
        long copied = keys.checkedRows();
        return copied < 0 ? ok : new StatementResult.Ok(copied, 0, 0, "Records: " + copied
            + "  Duplicates: 0  Warnings: 0");
    }

    private StatementResult.Ok applyPhysical(TableMeta table, String sql,
                                             Function<PhysicalLocation, String> physicalSql,
                                             List<ForeignKeyDef> keysAfter, GlobalIndexColumnPlan indexPlan) {
        List<PhysicalLocation> locations = table.partitions().stream().map(PhysicalLocation::of).toList();
        PhysicalLocation first = locations.get(0);
        JobPayload payload = new JobPayload().set("before", ctx.inspector().signature(first)).addLocations(locations);
        if (!indexPlan.isEmpty()) {
            globalIndexes.record(table, indexPlan, payload);
        }
        long job = ctx.jobs().start(table.schema(), table.name(), DdlJobType.ALTER_TABLE, sql, payload);
        // the rows the DNs copied, as one MariaDB table reports them: every partition, one broadcast copy
        java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();
        boolean countEach = table.kind() == com.polardbx.gms.meta.TableKind.PARTITIONED;
        try {
            records.addAndGet(ctx.physical().executeCounted(first.dnId(), physicalSql.apply(first)));
        } catch (RuntimeException e) {
            ctx.jobs().rolledBack(job, payload, e.getMessage());
            throw e;
        }
        ctx.failPoints().reached("after_physical_alter:1");
        try {
            rollForward(job, payload, locations.subList(1, locations.size()), physicalSql, 1,
                countEach ? records : null);
            if (!indexPlan.isEmpty()) {
                globalIndexes.alterIndexTables(table, indexPlan, payload, first);
            }
            refresh(table.schema(), table.name(), first, keysAfter, t -> globalIndexes.indexesAfter(t, indexPlan));
            ctx.failPoints().reached("after_alter_meta");
            globalIndexes.recopy(job, payload, new QualifiedName(table.schema(), table.name()));
        } catch (RuntimeException e) {
            ctx.jobs().failed(job, payload, e.getMessage());
            throw e;
        }
        ctx.jobs().done(job, payload);
        return new StatementResult.Ok(records.get(), 0, 0,
            "Records: " + records.get() + "  Duplicates: 0  Warnings: 0");
    }

    /**
     * Recovery: alter the tables still in the old shape, then refresh the metadata. Foreign key items get their
     * physical form again from the metadata, which still holds the keys from before the ALTER; keys added now are
     * not checked against existing rows (the session's foreign_key_checks is not recorded).
     */
    void recover(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        TableMeta current = ctx.meta().table(job.schema(), job.objectName()).orElse(null);
        ForeignKeyChanges keys = current == null ? null : keyChanges(current, job.ddlSql());
        Function<PhysicalLocation, String> physicalSql = keys == null || keys.isEmpty()
            ? PhysicalSql.alter(job.ddlSql()) : withoutChecks(PhysicalSql.alter(job.ddlSql(), keys.rewriter(current)));
        String before = payload.get("before");
        List<PhysicalLocation> locations = payload.locations();
        boolean indexed = GlobalIndexColumnSteps.isIn(payload);
        if (indexed && current != null && GlobalIndexColumnSteps.committed(current, payload)) {
            globalIndexes.recopy(job.id(), payload, new QualifiedName(job.schema(), job.objectName()));
            ctx.jobs().done(job.id(), payload);
            return;
        }
        try {
            rollForward(job.id(), payload, locations, physicalSql, 0, null);
        } catch (SqlError e) {
            boolean untouched = locations.stream().allMatch(l -> before.equals(ctx.inspector().signature(l)));
            if (untouched) {
                ctx.jobs().rolledBack(job.id(), payload, e.getMessage());
            } else {
                ctx.jobs().failed(job.id(), payload, e.getMessage());
            }
            return;
        }
        if (current != null) {
            GlobalIndexColumnPlan plan = indexed ? indexPlan(current, job.ddlSql()) : GlobalIndexColumnPlan.none();
            if (!plan.isEmpty()) {
                globalIndexes.alterIndexTables(current, plan, payload, locations.get(0));
            }
            refresh(job.schema(), job.objectName(), locations.get(0),
                keys == null ? current.foreignKeys() : keys.after(), t -> globalIndexes.indexesAfter(t, plan));
            if (indexed) {
                globalIndexes.recopy(job.id(), payload, new QualifiedName(job.schema(), job.objectName()));
            }
        }
        ctx.jobs().done(job.id(), payload);
    }

    private static GlobalIndexColumnPlan indexPlan(TableMeta table, String sql) {
        com.alibaba.druid.sql.ast.SQLStatement parsed = DdlStatementParser.parse(sql);
        return parsed instanceof SQLAlterTableStatement alter ? GlobalIndexColumnPlan.of(table, alter)
            : GlobalIndexColumnPlan.none();
    }

    private ForeignKeyChanges keyChanges(TableMeta table, String sql) {
        com.alibaba.druid.sql.ast.SQLStatement parsed = DdlStatementParser.parse(sql);
        return parsed instanceof SQLAlterTableStatement alter ? ForeignKeyChanges.of(ctx, table, alter, false)
            : ForeignKeyChanges.none(table);
    }

    private static Function<PhysicalLocation, String> withoutChecks(Function<PhysicalLocation, String> sql) {
        return l -> ForeignKeyDdl.withoutChecks(sql.apply(l));
    }

    /** ALTERs each of {@code locations} still in the job's "before" shape, reporting progress as it goes. */
    private void rollForward(long job, JobPayload payload, List<PhysicalLocation> locations,
                             Function<PhysicalLocation, String> physicalSql, int alreadyDone,
                             java.util.concurrent.atomic.AtomicLong records) {
        String before = payload.get("before");
        int total = alreadyDone + locations.size();
        AtomicInteger done = new AtomicInteger(alreadyDone);
        ctx.physical().forEach(locations, l -> {
            if (before.equals(ctx.inspector().signature(l))) {
                long copied = ctx.physical().executeCounted(l.dnId(), physicalSql.apply(l));
                if (records != null) {
                    records.addAndGet(copied);
                }
            }
            int n = done.incrementAndGet();
            ctx.failPoints().reached("after_physical_alter:" + n);
            if (n % Math.max(1, total / 10) == 0) {
                ctx.jobs().progress(job, n * 90 / total, payload);
            }
        });
    }

    /**
     * Saves the table as its first physical table now shows it, with these foreign keys and the global indexes
     * {@code globals} gives for the table as stored (one GMS transaction: primary and index tables together).
     */
    private void refresh(String schema, String name, PhysicalLocation first, List<ForeignKeyDef> keys,
                         Function<TableMeta, List<com.polardbx.gms.meta.GlobalIndexMeta>> globals) {
        TableMeta t = ctx.meta().table(schema, name).orElseThrow();
        String createSql = ctx.inspector().logicalCreateSql(first, name, PlacementClause.of(t.kind(),
            t.partitionInfo()));
        ctx.meta().saveTable(withKeys(new TableMeta(schema, name, t.kind(), ctx.inspector().columns(first),
            ctx.inspector().indexes(first), t.partitionInfo(), t.tableGroupId(), createSql, t.version() + 1), keys,
            t.version() + 1).withGlobalIndexes(globals.apply(t)));
    }

    /** The table with these foreign keys, in its metadata and in its SHOW CREATE TABLE text. */
    private static TableMeta withKeys(TableMeta t, List<ForeignKeyDef> keys, long version) {
        return new TableMeta(t.schema(), t.name(), t.kind(), t.columns(), t.indexes(), t.partitionInfo(),
            t.tableGroupId(), ForeignKeyText.withLogicalKeys(t.createSql(), t.schema(), keys), version, keys);
    }
}
