package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.IndexState;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CREATE GLOBAL INDEX} and its {@code DROP}. Creation: the index table is created empty, then the index goes
 * DELETE_ONLY → WRITE_ONLY → BACKFILL (existing rows copied, resumable) → PUBLIC, each state saved in the GMS before
 * the next; writers maintain it from DELETE_ONLY on. A failure (a duplicate for a UNIQUE index, a cancel) removes the
 * index again and drops its table, leaving the primary as it was. Dropping walks the states back down.
 */
final class GlobalIndexDdl {
    private static final Logger log = LoggerFactory.getLogger(GlobalIndexDdl.class);

    private final DdlContext ctx;
    private final CreateTableDdl creates;
    private final PartitionPlanner planner = new PartitionPlanner();
    private final GlobalIndexBackfill backfill;

    GlobalIndexDdl(DdlContext ctx, CreateTableDdl creates, GlobalIndexBackfill backfill) {
        this.ctx = ctx;
        this.creates = creates;
        this.backfill = backfill;
    }

    StatementResult.Ok create(QualifiedName tableName, GlobalIndexSpec spec, String sql) {
        TableMeta table = ctx.requireTable(tableName);
        validate(table, spec);
        DatabaseMeta db = ctx.requireDatabase(tableName.schema());
        String hidden = (spec.name() + "$" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000)))
            .toLowerCase(Locale.ROOT);
        String createText = indexTableSql(table, spec, hidden);
        log.debug("global index {} on {}: index table {}", spec.name(), tableName, createText);
        MySqlCreateTableStatement stmt = (MySqlCreateTableStatement) DdlStatementParser.parse(createText);
        List<String> dnIds = ctx.dataNodeIds(db);
        PlacementPlan plan = planner.plan(stmt, createText, db, dnIds, creates.freePrefix(spec.name(), db, dnIds));
        for (String c : plan.partitionInfo().columns()) {
            if (stmt.getTableElementList().stream().noneMatch(e -> e.toString().toLowerCase(Locale.ROOT)
                .startsWith("`" + c.toLowerCase(Locale.ROOT) + "`"))) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                    "a global index partitioned by a column it does not store (" + c + ")");
            }
        }
        JobPayload payload = new JobPayload().addLocations(plan.locations()).set("index", spec.name())
            .set("hidden", hidden);
        long job = ctx.jobs().start(tableName.schema(), tableName.name(), DdlJobType.CREATE_GLOBAL_INDEX, sql,
            payload);
        try {
            creates.createAll(job, payload, l -> PhysicalSql.createTable(createText, l), plan, false);
            TableMeta indexTable = creates.describe(new QualifiedName(tableName.schema(), hidden), plan);
            GlobalIndexMeta index = new GlobalIndexMeta(spec.name(), spec.unique(), spec.clustered(),
                spec.columns(), coveringOf(table, spec), IndexState.DELETE_ONLY, indexTable);
            saveIndex(tableName, index);
            ctx.failPoints().reached("gsi_delete_only");
            saveIndex(tableName, index.withState(IndexState.WRITE_ONLY));
            ctx.failPoints().reached("gsi_write_only");
            finish(job, payload, tableName, index.withState(IndexState.BACKFILL));
        } catch (SimulatedCrash crash) {
            throw crash; // a test's stand-in for kill -9: recovery resumes from here
        } catch (GlobalIndexBackfill.Paused paused) {
            ctx.jobs().paused(job, payload, 0);
            throw paused;
        } catch (RuntimeException e) {
            log.warn("CREATE GLOBAL INDEX {} on {} failed, removing it: {}", spec.name(), tableName, e.getMessage());
            rollBack(job, payload, tableName, spec.name(), e);
            throw e;
        }
        return StatementResult.Ok.EMPTY;
    }

    /** BACKFILL (resumable) → PUBLIC. */
    private void finish(long job, JobPayload payload, QualifiedName tableName, GlobalIndexMeta index) {
        saveIndex(tableName, index);
        backfill.run(job, payload, ctx.requireTable(tableName), index);
        saveIndex(tableName, index.withState(IndexState.PUBLIC));
        ctx.jobs().done(job, payload);
    }

    private void rollBack(long job, JobPayload payload, QualifiedName tableName, String index, RuntimeException e) {
        try {
            removeIndex(tableName, index);
            creates.dropPlanned(payload.locations());
            ctx.jobs().rolledBack(job, payload, e.getMessage());
        } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
            log.error("rollback of global index {} incomplete; job {} left for recovery", index, job, cleanup);
        }
    }

    StatementResult.Ok drop(QualifiedName tableName, String indexName, String sql) {
        TableMeta table = ctx.requireTable(tableName);
        GlobalIndexMeta index = table.globalIndex(indexName).orElseThrow(() ->
            new SqlError(ErrorCode.ER_CANT_DROP_FIELD_OR_KEY, indexName));
        JobPayload payload = new JobPayload().addLocations(index.table().partitions().stream()
            .map(PhysicalLocation::of).toList()).set("index", index.name());
        long job = ctx.jobs().start(tableName.schema(), tableName.name(), DdlJobType.DROP_GLOBAL_INDEX, sql,
            payload);
        removeInSteps(tableName, index);
        ctx.failPoints().reached("gsi_dropped_meta");
        creates.dropPlanned(payload.locations());
        ctx.jobs().done(job, payload);
        return StatementResult.Ok.EMPTY;
    }

    /**
     * Takes an index out of the metadata through the states (WRITE_ONLY, DELETE_ONLY, gone), each acknowledged by
     * every CN; the caller's job drops its physical tables afterwards. Harmless if the index is already gone.
     */
    void removeInSteps(QualifiedName tableName, GlobalIndexMeta index) {
        if (ctx.requireTable(tableName).globalIndex(index.name()).isEmpty()) {
            return;
        }
        if (index.state() == IndexState.PUBLIC) {
            saveIndex(tableName, index.withState(IndexState.WRITE_ONLY));
        }
        saveIndex(tableName, index.withState(IndexState.DELETE_ONLY));
        removeIndex(tableName, index.name());
    }

    /** Drops an index's physical tables (they must no longer be in the metadata). */
    void dropTables(List<PhysicalLocation> locations) {
        creates.dropPlanned(locations);
    }

    StatementResult.Ok rename(QualifiedName tableName, String from, String to) {
        TableMeta table = ctx.requireTable(tableName);
        GlobalIndexMeta index = table.globalIndex(from).orElseThrow(() ->
            new SqlError(ErrorCode.ER_KEY_DOES_NOT_EXIST, from, tableName.name()));
        requireFreeName(table, to);
        List<GlobalIndexMeta> indexes = new ArrayList<>();
        for (GlobalIndexMeta g : table.globalIndexes()) {
            indexes.add(g == index ? g.withName(to) : g);
        }
        ctx.meta().saveTable(table.withGlobalIndexes(indexes));
        return StatementResult.Ok.EMPTY;
    }

    /** CONTINUE DDL of a paused job: the backfill resumes from its checkpoints. */
    void resume(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        QualifiedName tableName = new QualifiedName(job.schema(), job.objectName());
        GlobalIndexMeta index = ctx.requireTable(tableName).globalIndex(payload.get("index")).orElseThrow(() ->
            new SqlError(ErrorCode.ER_INTERNAL, "DDL job " + job.id() + " has no index to resume"));
        ctx.jobs().progress(job.id(), job.progressPercent(), payload);
        try {
            finish(job.id(), payload, tableName, index.withState(IndexState.BACKFILL));
        } catch (GlobalIndexBackfill.Paused paused) {
            ctx.jobs().paused(job.id(), payload, job.progressPercent());
            throw paused;
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (RuntimeException e) {
            rollBack(job.id(), payload, tableName, index.name(), e);
            throw e;
        }
    }

    /** CANCEL DDL of a paused job: the index is removed. */
    void cancelPaused(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        rollBack(job.id(), payload, new QualifiedName(job.schema(), job.objectName()), payload.get("index"),
            new SqlError(ErrorCode.ER_INTERNAL, "cancelled"));
    }

    /** Recovery: an index still being built resumes; one never saved is removed; a drop is finished. */
    void recover(DdlJobRecord job, DdlJobType type) {
        JobPayload payload = JobPayload.decode(job.payload());
        QualifiedName tableName = new QualifiedName(job.schema(), job.objectName());
        TableMeta table = ctx.meta().table(job.schema(), job.objectName()).orElse(null);
        GlobalIndexMeta index = table == null ? null : table.globalIndex(payload.get("index")).orElse(null);
        if (type == DdlJobType.DROP_GLOBAL_INDEX) {
            if (index != null) {
                removeIndex(tableName, index.name());
            }
            creates.dropPlanned(payload.locations());
            ctx.jobs().done(job.id(), payload);
            return;
        }
        if (index == null || index.state() == IndexState.DELETE_ONLY) {
            rollBack(job.id(), payload, tableName, payload.get("index"),
                new SqlError(ErrorCode.ER_INTERNAL, "rolled back by recovery"));
            return;
        }
        if (index.state() == IndexState.PUBLIC) {
            ctx.jobs().done(job.id(), payload);
            return;
        }
        log.info("resuming the backfill of global index {} on {}", index.name(), tableName);
        try {
            finish(job.id(), payload, tableName, index.withState(IndexState.BACKFILL));
        } catch (SimulatedCrash crash) {
            throw crash;
        } catch (RuntimeException e) {
            rollBack(job.id(), payload, tableName, index.name(), e);
        }
    }

    private void saveIndex(QualifiedName tableName, GlobalIndexMeta index) {
        TableMeta table = ctx.requireTable(tableName);
        List<GlobalIndexMeta> indexes = new ArrayList<>();
        boolean replaced = false;
        for (GlobalIndexMeta g : table.globalIndexes()) {
            if (g.name().equalsIgnoreCase(index.name())) {
                indexes.add(index);
                replaced = true;
            } else {
                indexes.add(g);
            }
        }
        if (!replaced) {
            indexes.add(index);
        }
        ctx.meta().saveTable(table.withGlobalIndexes(indexes));
        ctx.awaitAllCns(ctx.meta().version()); // no CN may still write as if the previous state held
    }

    private void removeIndex(QualifiedName tableName, String indexName) {
        ctx.meta().table(tableName.schema(), tableName.name()).ifPresent(table -> {
            ctx.meta().saveTable(table.withGlobalIndexes(table.globalIndexes().stream()
                .filter(g -> !g.name().equalsIgnoreCase(indexName)).toList()));
            ctx.awaitAllCns(ctx.meta().version());
        });
    }

    private void validate(TableMeta table, GlobalIndexSpec spec) {
        if (table.kind() != TableKind.PARTITIONED) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                "a global index on a " + table.kind().name().toLowerCase(Locale.ROOT) + " table (its rows are"
                    + " not partitioned, so a local index serves every query)");
        }
        if (table.primaryKey().isEmpty()) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "a global index on a table without a primary key");
        }
        requireFreeName(table, spec.name());
        List<String> all = new ArrayList<>(spec.columns());
        all.addAll(spec.covering());
        for (String c : all) {
            if (table.column(c).isEmpty()) {
                throw new SqlError(ErrorCode.ER_KEY_COLUMN_DOES_NOT_EXIST, c);
            }
        }
    }

    private static void requireFreeName(TableMeta table, String name) {
        boolean taken = table.indexes().stream().anyMatch(i -> i.name().equalsIgnoreCase(name))
            || table.globalIndex(name).isPresent();
        if (taken) {
            throw new SqlError(ErrorCode.ER_DUP_KEYNAME, name);
        }
    }

    /** The covering columns as stored: every other column for a CLUSTERED index. */
    private static List<String> coveringOf(TableMeta table, GlobalIndexSpec spec) {
        if (!spec.clustered()) {
            return spec.covering().stream().map(c -> table.column(c).orElseThrow().name()).toList();
        }
        return table.columns().stream().map(ColumnDef::name)
            .filter(c -> spec.columns().stream().noneMatch(c::equalsIgnoreCase)).toList();
    }

    /**
     * The index table: the index columns, the primary key, the primary's partition columns and the covering ones,
     * typed as in the primary; its primary key is the primary's, and a [UNIQUE] key named as the index holds the
     * index columns (so a DN's duplicate-key error already names the index).
     */
    private static String indexTableSql(TableMeta table, GlobalIndexSpec spec, String hidden) {
        List<String> pk = table.primaryKey().map(IndexDef::columns).orElseThrow();
        Set<String> names = new LinkedHashSet<>();
        List<String> ordered = new ArrayList<>(spec.columns());
        ordered.addAll(pk);
        ordered.addAll(table.partitionInfo().columns());
        ordered.addAll(coveringOf(table, spec));
        List<String> defs = new ArrayList<>();
        for (String c : ordered) {
            ColumnDef col = table.column(c).orElseThrow();
            if (names.add(col.name().toLowerCase(Locale.ROOT))) {
                defs.add(columnSql(col));
            }
        }
        defs.add("PRIMARY KEY (" + identifiers(pk) + ")");
        defs.add((spec.unique() ? "UNIQUE KEY " : "KEY ") + SqlLiterals.identifier(spec.name()) + " ("
            + identifiers(spec.columns().stream().map(c -> table.column(c).orElseThrow().name()).toList()) + ")");
        String partition = spec.partitionClause() != null ? spec.partitionClause()
            : "PARTITION BY KEY(" + identifiers(spec.columns()) + ") PARTITIONS " + table.partitions().size();
        return "CREATE TABLE " + SqlLiterals.identifier(hidden) + " (\n  " + String.join(",\n  ", defs) + "\n) "
            + partition;
    }

    private static String columnSql(ColumnDef c) {
        return GlobalIndexColumnPlan.columnSql(c);
    }

    private static String identifiers(List<String> names) {
        return String.join(", ", names.stream().map(SqlLiterals::identifier).toList());
    }

    static List<PartitionDef> partitions(GlobalIndexMeta index) {
        return index.table().partitions();
    }
}
