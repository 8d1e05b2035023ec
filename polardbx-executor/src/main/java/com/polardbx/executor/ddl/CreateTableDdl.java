package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.statement.SQLAssignItem;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.ColumnType;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CREATE TABLE}: plan the placement, record it in a job, create the physical tables, read their real shape
 * back and save the metadata. Saving the metadata is the commit point: an unfinished job without it is rolled back by
 * dropping every planned physical table.
 */
final class CreateTableDdl {
    private static final Logger log = LoggerFactory.getLogger(CreateTableDdl.class);
    private static final int NAME_ATTEMPTS = 8;

    private final DdlContext ctx;
    private final PartitionPlanner planner = new PartitionPlanner();
    private final PartitionRouter router = new PartitionRouter();
    private final ForeignKeyDdl foreignKeys;

    CreateTableDdl(DdlContext ctx) {
        this.ctx = ctx;
        this.foreignKeys = new ForeignKeyDdl(ctx);
    }

    /**
     * Creates a table.
     *
     * @param foreignKeyChecks the session's foreign_key_checks: off, a key may name a parent not created yet
     */
    StatementResult.Ok create(String currentSchema, MySqlCreateTableStatement stmt, String sql,
                              boolean foreignKeyChecks) {
        if (stmt.getSelect() != null || stmt.isTemporary()) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "CREATE TEMPORARY TABLE or CREATE TABLE ... SELECT");
        }
        QualifiedName name = QualifiedName.of(currentSchema, stmt.getTableSource());
        DatabaseMeta db = ctx.requireDatabase(name.schema());
        // a view holds the name as a table would (MySQL keeps both in one namespace)
        if (ctx.meta().table(name.schema(), name.name()).isPresent()
            || ctx.meta().view(name.schema(), name.name()).isPresent()) {
            if (stmt.isIfNotExists()) {
                return StatementResult.Ok.noted(ErrorCode.ER_TABLE_EXISTS, name.name());
            }
            throw new SqlError(ErrorCode.ER_TABLE_EXISTS, name.name());
        }
        List<String> dnIds = ctx.dataNodeIds(db);
        String prefix = freePrefix(name.name(), db, dnIds);
        PlacementPlan plan;
        Function<PhysicalLocation, String> physicalSql;
        List<ForeignKeyDdl.Planned> keys = List.of();
        if (stmt.getLike() != null) {
            TableMeta source = ctx.requireTable(QualifiedName.of(name.schema(), stmt.getLike()));
            PlacementPlan like = likePlan(source, db, prefix);
            plan = like;
            physicalSql = l -> "CREATE TABLE IF NOT EXISTS " + l.qualifiedName() + " LIKE "
                + PhysicalLocation.of(source.partitions().get(like.locations().indexOf(l))).qualifiedName();
        } else {
            plan = planner.plan(stmt, sql, db, dnIds, prefix);
            keys = foreignKeys.planCreate(name, placement(plan),
                ForeignKeySpec.ofCreate(name.schema(), name.name(), stmt.getTableElementList()),
                ForeignKeyDdl.declaredIndexes(stmt.getTableElementList()), foreignKeyChecks);
            List<ForeignKeyDdl.Planned> planned = keys;
            PlacementPlan placed = plan;
            physicalSql = l -> {
                String create = PhysicalSql.createTable(planned.isEmpty() ? sql
                    : withForeignKeys(sql, planned, l, placed.locations().indexOf(l)), l);
                // off, a key may point at a parent not created yet
                return foreignKeyChecks ? create : ForeignKeyDdl.withoutChecks(create);
            };
        }
        JobPayload payload = new JobPayload().addLocations(plan.locations());
        long job = ctx.jobs().start(name.schema(), name.name(), DdlJobType.CREATE_TABLE, sql, payload);
        ctx.failPoints().reached("after_create_job");
        try {
            createAll(job, payload, physicalSql, plan, name, keys, true);
            ctx.meta().saveTable(describe(name, plan, keys));
        } catch (RuntimeException e) {
            log.warn("CREATE TABLE {} failed, dropping its physical tables: {}", name, e.getMessage());
            try {
                dropPlanned(payload.locations());
                ctx.jobs().rolledBack(job, payload, e.getMessage());
            } catch (RuntimeException cleanup) {
                // the job stays RUNNING: recovery drops the leftovers later
                e.addSuppressed(cleanup);
                log.error("rollback of CREATE TABLE {} incomplete; job {} left for recovery", name, job, cleanup);
            }
            throw e;
        }
        ctx.failPoints().reached("after_save_table");
        foreignKeys.connectWaitingChildren(ctx.meta().table(name.schema(), name.name()).orElseThrow());
        raiseAutoIncrement(name, stmt);
        ctx.jobs().done(job, payload);
        return StatementResult.Ok.EMPTY;
    }

    /** {@code AUTO_INCREMENT=n} table option: the GMS sequence (not the DN counter) must hand out n next. */
    private void raiseAutoIncrement(QualifiedName name, MySqlCreateTableStatement stmt) {
        for (SQLAssignItem option : stmt.getTableOptions()) {
            if (option.getTarget().toString().equalsIgnoreCase("AUTO_INCREMENT")
                && option.getValue() instanceof SQLIntegerExpr start) {
                try {
                    ctx.meta().raiseAutoIncrement(name.schema(), name.name(), start.getNumber().longValue() - 1);
                } catch (RuntimeException e) {
                    log.warn("table {} created but its AUTO_INCREMENT start was not recorded", name, e);
                }
            }
        }
    }

    /** Recovery: metadata saved with exactly these physical tables means done; otherwise drop them all. */
    void recover(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        Set<PhysicalLocation> planned = Set.copyOf(payload.locations());
        boolean saved = ctx.meta().table(job.schema(), job.objectName())
            .map(t -> t.partitions().stream().map(PhysicalLocation::of).collect(Collectors.toSet()).equals(planned))
            .orElse(false);
        if (saved) {
            // keys waiting for this table may not have been made physical before the crash (idempotent)
            foreignKeys.connectWaitingChildren(ctx.meta().table(job.schema(), job.objectName()).orElseThrow());
            ctx.jobs().done(job.id(), payload);
        } else {
            dropPlanned(payload.locations());
            ctx.jobs().rolledBack(job.id(), payload, "rolled back by recovery");
        }
    }

    /** Creates the first table alone and validates its shape, then the rest DN-parallel. */
    /** A global index's table: no foreign keys, and its unique keys need not contain its partition key. */
    void createAll(long job, JobPayload payload, Function<PhysicalLocation, String> physicalSql,
                   PlacementPlan plan, boolean uniqueRule) {
        createAll(job, payload, physicalSql, plan, null, List.of(), uniqueRule);
    }

    /**
     * @param uniqueRule whether unique keys must contain the partition key (not for a global index's table, whose
     *                   primary key is its primary table's)
     */
    private void createAll(long job, JobPayload payload, Function<PhysicalLocation, String> physicalSql,
                           PlacementPlan plan, QualifiedName name, List<ForeignKeyDdl.Planned> keys,
                           boolean uniqueRule) {
        List<PhysicalLocation> locations = plan.locations();
        AtomicInteger created = new AtomicInteger();
        int total = locations.size();
        createOne(physicalSql, locations.get(0), created);
        validate(plan, locations.get(0), uniqueRule);
        if (!keys.isEmpty()) {
            foreignKeys.checkColumnTypes(name, placement(plan), ctx.inspector().columns(locations.get(0)), keys);
        }
        ctx.physical().forEach(locations.subList(1, total), l -> {
            createOne(physicalSql, l, created);
            int done = created.get();
            if (done % Math.max(1, total / 10) == 0) {
                ctx.jobs().progress(job, done * 90 / total, payload);
            }
        });
    }

    private void createOne(Function<PhysicalLocation, String> physicalSql, PhysicalLocation l,
                           AtomicInteger created) {
        ctx.physical().execute(l.dnId(), physicalSql.apply(l));
        ctx.failPoints().reached("after_physical_create:" + created.incrementAndGet());
    }

    /** {@code CREATE TABLE t LIKE s}: the same placement as {@code s} (so the same table group), new names. */
    private static PlacementPlan likePlan(TableMeta source, DatabaseMeta db, String prefix) {
        List<PartitionDef> parts = source.partitions().stream()
            .map(p -> new PartitionDef(p.name(), p.position(), p.dnId(), db.physicalDbs().get(p.dnId()),
                PhysicalNames.table(prefix, p.position()), p.bound()))
            .toList();
        PartitionInfo info = source.partitionInfo();
        PartitionInfo copy = new PartitionInfo(info.strategy(), info.columns(), info.expression(), parts,
            PartitionInfo.CURRENT_FUNCTION, info.automatic());
        return new PlacementPlan(source.kind(), copy, parts.stream().map(PhysicalLocation::of).toList());
    }

    private void validate(PlacementPlan plan, PhysicalLocation first, boolean uniqueRule) {
        if (plan.kind() != TableKind.PARTITIONED) {
            return;
        }
        List<String> keys = plan.partitionInfo().columns();
        if (uniqueRule) {
            UniqueKeyRule.check(ctx.inspector().indexes(first), keys);
        }
        router.validate(plan.partitionInfo(), ctx.inspector().columns(first));
    }

    /** A global index's table as created (not saved as a table of its own). */
    TableMeta describe(QualifiedName name, PlacementPlan plan) {
        return describe(name, plan, List.of());
    }

    private static ForeignKeyPlacement placement(PlacementPlan plan) {
        return new ForeignKeyPlacement(plan.kind(), plan.partitionInfo());
    }

    /** The statement with its foreign keys in their physical form for the {@code position}-th physical table. */
    private static String withForeignKeys(String sql, List<ForeignKeyDdl.Planned> keys, PhysicalLocation l,
                                          int position) {
        List<String> elements = new java.util.ArrayList<>();
        List<String> inline = new java.util.ArrayList<>();
        for (ForeignKeyDdl.Planned k : keys) {
            (k.spec().inline() ? inline : elements).add(k.physical(l, position));
        }
        return PhysicalSql.withForeignKeys(sql, elements, inline);
    }

    private TableMeta describe(QualifiedName name, PlacementPlan plan, List<ForeignKeyDdl.Planned> keys) {
        PhysicalLocation first = plan.locations().get(0);
        List<ColumnDef> columns = ctx.inspector().columns(first);
        List<IndexDef> indexes = ctx.inspector().indexes(first);
        long group = 0;
        if (plan.kind() == TableKind.PARTITIONED) {
            List<String> types = plan.partitionInfo().columns().stream()
                .map(c -> columns.stream().filter(d -> d.name().equalsIgnoreCase(c)).findFirst()
                    .map(d -> ColumnType.groupSignature(d, plan.partitionInfo().functionVersion())).orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_FIELD, c,
                        "partition function")))
                .toList();
            group = ctx.meta().tableGroupFor(name.schema(), plan.partitionInfo(), types);
        }
        List<com.polardbx.gms.meta.ForeignKeyDef> defs = keys.stream().map(ForeignKeyDdl.Planned::def).toList();
        String createSql = ForeignKeyText.withLogicalKeys(ctx.inspector().logicalCreateSql(first, name.name(),
            PlacementClause.of(plan.kind(), plan.partitionInfo())), name.schema(), defs);
        return new TableMeta(name.schema(), name.name(), plan.kind(), columns, indexes, plan.partitionInfo(), group,
            createSql, 1, defs);
    }

    /** A physical name prefix no table on any of the database's DNs uses yet. */
    String freePrefix(String table, DatabaseMeta db, List<String> dnIds) {
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            String prefix = PhysicalNames.tablePrefix(table);
            boolean taken = dnIds.stream()
                .anyMatch(dn -> ctx.inspector().anyWithPrefix(dn, db.physicalDbs().get(dn), prefix));
            if (!taken) {
                return prefix;
            }
        }
        throw new SqlError(ErrorCode.ER_INTERNAL, "no free physical table name for " + table);
    }

    void dropPlanned(List<PhysicalLocation> locations) {
        ctx.physical().forEach(locations,
            l -> ctx.physical().execute(l.dnId(), "DROP TABLE IF EXISTS " + l.qualifiedName()));
    }
}
