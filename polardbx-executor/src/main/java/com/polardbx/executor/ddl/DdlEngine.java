package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLIndexDefinition;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameIndex;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLTruncateStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.transaction.connection.DataNodePools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs logical DDL as jobs recorded in GMS and recovers unfinished jobs after a CN crash.
 *
 * <p>Thread-safe: DDL statements run one at a time per engine (DDL is rare; this keeps jobs from interleaving on the
 * same objects). {@link #recover()} must run at CN start before this CN accepts DDL. Concurrent DDL from several CNs
 * is not coordinated yet.
 */
public final class DdlEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DdlEngine.class);
    private static final int SHOW_DDL_LIMIT = 100;

    private final DdlContext ctx;
    private final PhysicalExecutor physical;
    private final FailPoints failPoints = new FailPoints();
    private final ReentrantLock lock = new ReentrantLock();
    private final DatabaseDdl databases;
    private final CreateTableDdl creates;
    private final DropTableDdl drops;
    private final TruncateTableDdl truncates;
    private final AlterTableDdl alters;
    private final RenameTableDdl renames;
    private final GlobalIndexBackfill backfill;
    private final GlobalIndexDdl globalIndexes;
    private volatile DdlListener listener = DdlListener.NONE;

    public DdlEngine(MetaStore meta, DataNodePools dns) {
        this.physical = new PhysicalExecutor(dns);
        this.ctx = new DdlContext(meta, physical, new PhysicalTableInspector(physical), new DdlJobs(meta), failPoints,
            new java.util.concurrent.atomic.AtomicReference<>(version -> { }));
        this.databases = new DatabaseDdl(ctx);
        this.creates = new CreateTableDdl(ctx);
        this.drops = new DropTableDdl(ctx);
        this.truncates = new TruncateTableDdl(ctx);
        this.backfill = new GlobalIndexBackfill(ctx);
        this.globalIndexes = new GlobalIndexDdl(ctx, creates, backfill);
        this.alters = new AlterTableDdl(ctx, new GlobalIndexColumnSteps(ctx, globalIndexes, backfill));
        this.renames = new RenameTableDdl(ctx);
    }

    /**
     * What a schema change in steps (a global index's states) waits on after saving each step: until every live CN
     * has the new metadata in use. Default: nothing to wait for (one CN).
     */
    public void metadataBarrier(java.util.function.LongConsumer awaitVersion) {
        ctx.barrier().set(awaitVersion);
    }

    /**
     * Whether the running DDL turns plain KEY/INDEX definitions of tables the CN partitioned itself (no partition
     * clause) into global indexes, as PolarDB-X's auto mode does ({@code LOCAL} keeps one local): the session's
     * {@code auto_partition_global_index}, set for the statement under {@link #lock}.
     */
    private boolean autoGlobalIndexes;

    /** Runs one DDL statement with the session's foreign_key_checks and auto_partition_global_index. */
    public StatementResult.Ok execute(String currentSchema, SQLStatement ddl, String originalSql,
                                      boolean foreignKeyChecks, boolean autoGlobalIndexes) {
        lock.lock();
        try {
            this.autoGlobalIndexes = autoGlobalIndexes;
            return execute(currentSchema, ddl, originalSql, foreignKeyChecks);
        } finally {
            this.autoGlobalIndexes = false;
            lock.unlock();
        }
    }

    /** Rows per second a global index backfill may copy (0: unlimited); takes effect at the next batch. */
    public void backfillSpeed(long rowsPerSecond) {
        backfill.speedLimit(rowsPerSecond);
    }

    public long backfillSpeed() {
        return backfill.speedLimit();
    }

    /**
     * {@code PAUSE DDL n} / {@code CANCEL DDL n} stop a running global index backfill at its next batch (paused:
     * resumable; cancelled: the index is removed); {@code CONTINUE DDL n} resumes a paused one in this session, and
     * CANCEL of a paused one removes it.
     */
    public void control(String verb, long jobId) {
        DdlJobRecord job = ctx.meta().recentDdlJobs(SHOW_DDL_LIMIT).stream().filter(j -> j.id() == jobId)
            .findFirst().orElseThrow(() -> new SqlError(ErrorCode.ER_INTERNAL, "Unknown DDL job " + jobId));
        boolean backfilling = DdlJobType.CREATE_GLOBAL_INDEX.name().equals(job.type());
        String state = job.state();
        switch (verb.toUpperCase(java.util.Locale.ROOT)) {
            case "PAUSE", "CANCEL" -> {
                if (backfilling && DdlJobState.RUNNING.name().equals(state)) {
                    backfill.interrupt(jobId, verb.equalsIgnoreCase("PAUSE") ? "PAUSED" : "CANCELLED");
                    return;
                }
                if (backfilling && verb.equalsIgnoreCase("CANCEL") && DdlJobState.PAUSED.name().equals(state)) {
                    lock.lock();
                    try {
                        globalIndexes.cancelPaused(job);
                    } finally {
                        lock.unlock();
                    }
                    return;
                }
            }
            default -> {
                if (backfilling && DdlJobState.PAUSED.name().equals(state)) {
                    lock.lock();
                    try {
                        globalIndexes.resume(job);
                    } finally {
                        lock.unlock();
                    }
                    return;
                }
            }
        }
        throw new SqlError(ErrorCode.ER_INTERNAL, "DDL job " + jobId + " is " + state + " (" + job.type()
            + "): only a running or paused global index build can be paused, continued or cancelled");
    }

    /** Sets who is told of each completed DDL ({@link DdlListener#NONE} for nobody). */
    public void listener(DdlListener listener) {
        this.listener = listener;
    }

    /** Parses and runs one DDL statement; see {@link #execute(String, SQLStatement, String)}. */
    public StatementResult.Ok execute(String currentSchema, String sql) {
        return execute(currentSchema, DdlStatementParser.parse(sql), sql);
    }

    /** Parses and runs one DDL statement under the given foreign_key_checks. */
    public StatementResult.Ok execute(String currentSchema, String sql, boolean foreignKeyChecks) {
        return execute(currentSchema, DdlStatementParser.parse(sql), sql, foreignKeyChecks);
    }

    /**
     * Runs one DDL statement synchronously.
     *
     * @param currentSchema the session's database, {@code null} when none is selected
     * @param originalSql the statement text; physical DDL is derived from it (Druid's re-printing is lossy)
     * @throws SqlError with MySQL's errno (1046, 1049, 1050, 1051, 1146, 1503, ...) or a DN's own errno
     */
    public StatementResult.Ok execute(String currentSchema, SQLStatement ddl, String originalSql) {
        return execute(currentSchema, ddl, originalSql, true);
    }

    /**
     * Runs one DDL statement synchronously under the session's {@code foreign_key_checks}: off, a foreign key may
     * name a parent that does not exist yet, a referenced parent may be dropped or truncated, and keys added to
     * existing rows are not checked against them (MariaDB's rules, which dumps rely on).
     */
    public StatementResult.Ok execute(String currentSchema, SQLStatement ddl, String originalSql,
                                      boolean foreignKeyChecks) {
        String sql = originalSql != null ? originalSql : SQLUtils.toMySqlString(ddl);
        lock.lock();
        try {
            log.info("DDL in schema {}: {}", currentSchema, sql);
            StatementResult.Ok ok = dispatch(currentSchema, ddl, sql, foreignKeyChecks);
            announce(currentSchema, ddl, sql);
            return ok;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells the listener (the global binlog) about a finished DDL; the engine calls it for its own jobs, the server
     * for DDL that only changes GMS metadata (views).
     */
    public void announce(String currentSchema, SQLStatement ddl, String sql) {
        try {
            listener.afterDdl(currentSchema, ddl, sql);
        } catch (RuntimeException e) {
            log.warn("DDL listener failed after {}: {}", sql, e.getMessage());
        }
    }

    private StatementResult.Ok dispatch(String currentSchema, SQLStatement ddl, String sql, boolean checks) {
        if (ddl instanceof SQLCreateDatabaseStatement s) {
            return databases.create(s, sql);
        } else if (ddl instanceof SQLDropDatabaseStatement s) {
            return databases.drop(s, sql);
        } else if (ddl instanceof MySqlCreateTableStatement s) {
            return createTable(currentSchema, s, sql, checks);
        } else if (ddl instanceof SQLDropTableStatement s) {
            return drops.drop(currentSchema, s, sql, checks);
        } else if (ddl instanceof SQLTruncateStatement s) {
            return truncates.truncate(currentSchema, s, sql, checks);
        } else if (ddl instanceof MySqlRenameTableStatement s) {
            return rename(currentSchema, s, sql);
        } else if (ddl instanceof SQLAlterTableStatement s) {
            return alter(currentSchema, s, sql, checks);
        } else if (ddl instanceof SQLCreateIndexStatement s) {
            QualifiedName name = QualifiedName.of(currentSchema, (SQLExprTableSource) s.getTable());
            GlobalIndexSpec spec = globalSpec(name, s.getIndexDefinition(), "UNIQUE".equalsIgnoreCase(s.getType()),
                sql);
            if (spec != null) {
                return globalIndexes.create(name, spec, sql);
            }
            return alters.apply(alters.check(name, s), TableGlobalIndexes.withoutLocal(sql), null, checks);
        } else if (ddl instanceof SQLDropIndexStatement s) {
            QualifiedName name = QualifiedName.of(currentSchema, s.getTableName());
            String index = com.polardbx.optimizer.route.TableNames.unquote(s.getIndexName().getSimpleName());
            if (ctx.requireTable(name).globalIndex(index).isPresent()) {
                return globalIndexes.drop(name, index, sql);
            }
            return alters.apply(alters.check(name, s), sql, null, checks);
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, ddl.getClass().getSimpleName());
    }

    /** CREATE TABLE: the table with its local indexes, then each global index (on an empty table: no backfill). */
    private StatementResult.Ok createTable(String currentSchema, MySqlCreateTableStatement s, String sql,
                                           boolean checks) {
        TableGlobalIndexes split = s.getLike() == null ? TableGlobalIndexes.of(s, sql, autoGlobalIndexes)
            : new TableGlobalIndexes(sql, likeIndexes(currentSchema, s));
        if (split.indexes().isEmpty()) {
            return creates.create(currentSchema, split.localSql().equals(sql) ? s
                : (MySqlCreateTableStatement) DdlStatementParser.parse(split.localSql()), split.localSql(), checks);
        }
        MySqlCreateTableStatement local = (MySqlCreateTableStatement) DdlStatementParser.parse(split.localSql());
        StatementResult.Ok ok = creates.create(currentSchema, local, split.localSql(), checks);
        QualifiedName name = QualifiedName.of(currentSchema, s.getTableSource());
        for (GlobalIndexSpec spec : split.indexes()) {
            try {
                globalIndexes.create(name, spec, sql);
            } catch (RuntimeException e) {
                // CREATE TABLE is one statement: without its index the table must not stay
                drops.drop(currentSchema, new SQLDropTableStatement(s.getTableSource().clone()), "DROP TABLE",
                    checks);
                throw e;
            }
        }
        return ok;
    }

    /**
     * CREATE TABLE ... LIKE copies the source's indexes, as MySQL's does: its local keys come with the physical
     * table, its public global indexes are made again (same columns, covering, uniqueness and partitioning).
     */
    private List<GlobalIndexSpec> likeIndexes(String currentSchema, MySqlCreateTableStatement s) {
        QualifiedName like = QualifiedName.of(currentSchema, s.getLike());
        var source = ctx.meta().table(like.schema(), like.name());
        if (source.isEmpty()) {
            return List.of(); // CreateTableDdl reports the missing source
        }
        List<GlobalIndexSpec> specs = new ArrayList<>();
        for (com.polardbx.gms.meta.GlobalIndexMeta g : source.get().globalIndexes()) {
            if (g.state().readable()) {
                specs.add(new GlobalIndexSpec(g.name(), g.unique(), g.clustered(), g.columns(),
                    g.clustered() ? List.of() : g.covering(), partitionClause(g.table().partitionInfo())));
            }
        }
        return specs;
    }

    /** An index table's partitioning as the clause that makes it again (null: the default, KEY of the columns). */
    private static String partitionClause(com.polardbx.gms.meta.PartitionInfo p) {
        if (p.strategy() != com.polardbx.gms.meta.PartitionStrategy.KEY
            && p.strategy() != com.polardbx.gms.meta.PartitionStrategy.HASH) {
            return null; // RANGE / LIST index partitions: the default KEY partitioning instead
        }
        String key = p.expression() != null ? p.expression() : String.join(", ",
            p.columns().stream().map(com.polardbx.common.sql.SqlLiterals::identifier).toList());
        return "PARTITION BY " + p.strategy().name() + "(" + key + ") PARTITIONS " + p.partitions().size();
    }

    /**
     * The global index an index definition asks for, or null for a local one: GLOBAL/CLUSTERED written, or a UNIQUE
     * key without the partition columns of a table partitioned by its primary key (unique across shards only as a
     * global index). LOCAL keeps it local.
     */
    private GlobalIndexSpec globalSpec(QualifiedName name, SQLIndexDefinition d, boolean unique, String sql) {
        if (d.isLocal() || java.util.regex.Pattern.compile("\\bLOCAL\\s+(UNIQUE\\s+)?(INDEX|KEY)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE).matcher(sql).find()) {
            return null;
        }
        GlobalIndexSpec spec = GlobalIndexSpec.of(d, unique, sql);
        if (GlobalIndexSpec.isGlobal(d, sql)) {
            return spec;
        }
        TableMeta table = ctx.requireTable(name);
        boolean autoPartitioned = table.kind() == TableKind.PARTITIONED && table.partitionInfo().automatic();
        boolean coversKey = spec.columns().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList()
            .containsAll(table.partitionInfo().columns().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT))
                .toList());
        boolean onKey = spec.columns().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList()
            .equals(table.partitionInfo().columns().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList());
        if (autoPartitioned && autoGlobalIndexes && !onKey && GlobalIndexSpec.implicitlyGlobal(d, sql)) {
            return spec; // PolarDB-X's auto mode: indexes of an auto-partitioned table are global unless LOCAL
        }
        return spec.unique() && autoPartitioned && !coversKey ? spec : null;
    }

    private StatementResult.Ok alter(String currentSchema, SQLAlterTableStatement s, String sql, boolean checks) {
        QualifiedName name = QualifiedName.of(currentSchema, s.getTableSource());
        if (s.getItems().size() > 1) {
            StatementResult.Ok split = alterThenAddGlobalIndexes(currentSchema, name, s, sql, checks);
            if (split != null) {
                return split;
            }
        }
        StatementResult.Ok global = alterGlobalIndex(name, s, sql);
        if (global != null) {
            return global;
        }
        TableMeta table = alters.check(name, s);
        QualifiedName renameTo = null;
        for (var item : s.getItems()) {
            if (item instanceof SQLAlterTableRename r) {
                renameTo = QualifiedName.of(name.schema(), r.getToName());
            }
        }
        if (renameTo != null && (ctx.meta().table(renameTo.schema(), renameTo.name()).isPresent()
            || ctx.meta().view(renameTo.schema(), renameTo.name()).isPresent())) {
            throw new SqlError(ErrorCode.ER_TABLE_EXISTS, renameTo.name());
        }
        StatementResult.Ok ok = StatementResult.Ok.EMPTY; // a bare RENAME TO has no "Records:" text
        if (AlterTableDdl.hasPhysicalWork(s)) {
            ok = alters.apply(table, sql, s, checks);
        }
        AlterTableOptions.autoIncrement(s).ifPresent(next ->
            ctx.meta().raiseAutoIncrement(name.schema(), name.name(), next - 1));
        if (renameTo != null) {
            List<QualifiedName[]> pairs = new ArrayList<>();
            pairs.add(new QualifiedName[] {name, renameTo});
            renames.rename(name.schema(), pairs, sql);
        }
        return ok;
    }

    /**
     * An ALTER TABLE of several changes some of which add global indexes (in an auto-partitioned table a plain
     * {@code ADD INDEX} is one): the other changes first, as one ALTER TABLE, then each index, online. Not atomic as
     * MySQL's ALTER TABLE: an index that fails leaves the changes before it. Null when no change adds a global index.
     */
    private StatementResult.Ok alterThenAddGlobalIndexes(String currentSchema, QualifiedName name,
                                                         SQLAlterTableStatement s, String sql, boolean checks) {
        List<GlobalIndexSpec> specs = new ArrayList<>();
        List<SQLAlterTableItem> others = new ArrayList<>();
        for (SQLAlterTableItem item : s.getItems()) {
            GlobalIndexSpec spec = null;
            if (item instanceof SQLAlterTableAddIndex add) {
                spec = globalSpec(name, add.getIndexDefinition(), add.isUnique(), sql);
            } else if (item instanceof SQLAlterTableAddConstraint add
                && add.getConstraint() instanceof com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique u) {
                spec = globalSpec(name, u.getIndexDefinition(), true, sql);
            }
            if (spec == null) {
                others.add(item);
            } else {
                specs.add(spec);
            }
        }
        if (specs.isEmpty()) {
            return null;
        }
        StatementResult.Ok ok = StatementResult.Ok.EMPTY;
        if (!others.isEmpty()) {
            s.getItems().retainAll(others);
            String rest = SQLUtils.toSQLString(s, com.alibaba.druid.DbType.mysql);
            ok = alter(currentSchema, s, rest, checks);
        }
        for (GlobalIndexSpec spec : specs) {
            globalIndexes.create(name, spec, sql);
        }
        return ok;
    }

    /** ALTER TABLE adding, dropping or renaming a global index (alone); null when the statement does not. */
    private StatementResult.Ok alterGlobalIndex(QualifiedName name, SQLAlterTableStatement s, String sql) {
        TableMeta table = ctx.requireTable(name);
        List<SQLAlterTableItem> items = s.getItems();
        for (SQLAlterTableItem item : items) {
            StatementResult.Ok result = null;
            if (item instanceof SQLAlterTableAddIndex add) {
                GlobalIndexSpec spec = globalSpec(name, add.getIndexDefinition(), add.isUnique(), sql);
                result = spec == null ? null : onlyItem(items, () -> globalIndexes.create(name, spec, sql));
            } else if (item instanceof SQLAlterTableAddConstraint add
                && add.getConstraint() instanceof com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique u) {
                GlobalIndexSpec spec = globalSpec(name, u.getIndexDefinition(), true, sql);
                result = spec == null ? null : onlyItem(items, () -> globalIndexes.create(name, spec, sql));
            } else if (item instanceof SQLAlterTableDropIndex drop) {
                String index = com.polardbx.optimizer.route.TableNames.unquote(drop.getIndexName().getSimpleName());
                if (table.globalIndex(index).isPresent()) {
                    result = onlyItem(items, () -> globalIndexes.drop(name, index, sql));
                }
            } else if (item instanceof SQLAlterTableDropKey drop) {
                String index = com.polardbx.optimizer.route.TableNames.unquote(drop.getKeyName().getSimpleName());
                if (table.globalIndex(index).isPresent()) {
                    result = onlyItem(items, () -> globalIndexes.drop(name, index, sql));
                }
            } else if (item instanceof SQLAlterTableRenameIndex rename) {
                String from = com.polardbx.optimizer.route.TableNames.unquote(rename.getName().getSimpleName());
                String to = com.polardbx.optimizer.route.TableNames.unquote(rename.getTo().getSimpleName());
                if (table.globalIndex(from).isPresent()) {
                    result = onlyItem(items, () -> globalIndexes.rename(name, from, to));
                }
            }
            if (result != null) {
                return result;
            }
        }
        return null;
    }

    private static StatementResult.Ok onlyItem(List<SQLAlterTableItem> items,
                                               java.util.function.Supplier<StatementResult.Ok> action) {
        if (items.size() != 1) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                "a global index change together with other ALTER TABLE changes (run it as its own statement)");
        }
        return action.get();
    }

    private StatementResult.Ok rename(String currentSchema, MySqlRenameTableStatement s, String sql) {
        List<QualifiedName[]> pairs = new ArrayList<>();
        for (MySqlRenameTableStatement.Item item : s.getItems()) {
            pairs.add(new QualifiedName[] {QualifiedName.of(currentSchema, item.getName()),
                QualifiedName.of(currentSchema, item.getTo())});
        }
        return renames.rename(pairs.get(0)[0].schema(), pairs, sql);
    }

    /**
     * Finishes or rolls back every unfinished job; call at CN start. A job whose recovery fails stays RUNNING (it is
     * retried at the next call) and is logged.
     */
    public void recover() {
        lock.lock();
        try {
            for (DdlJobRecord job : ctx.meta().unfinishedDdlJobs()) {
                if (!DdlJobState.RUNNING.name().equals(job.state())) {
                    continue;
                }
                log.info("recovering DDL job {} ({} {}.{})", job.id(), job.type(), job.schema(), job.objectName());
                try {
                    recoverOne(job);
                } catch (RuntimeException e) {
                    log.error("recovery of DDL job {} failed; will retry at next start", job.id(), e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void recoverOne(DdlJobRecord job) {
        DdlJobType type = DdlJobType.valueOf(job.type());
        switch (type) {
            case CREATE_DATABASE, DROP_DATABASE -> databases.recover(job, type);
            case CREATE_TABLE -> creates.recover(job);
            case DROP_TABLE -> drops.recover(job);
            case TRUNCATE_TABLE -> truncates.recover(job);
            case ALTER_TABLE -> alters.recover(job);
            case RENAME_TABLE -> renames.recover(job);
            case CREATE_GLOBAL_INDEX, DROP_GLOBAL_INDEX -> globalIndexes.recover(job, type);
        }
    }

    /** Recent DDL jobs, newest first, for {@code SHOW DDL}. */
    public List<DdlJobRecord> showDdl() {
        return ctx.meta().recentDdlJobs(SHOW_DDL_LIMIT);
    }

    /**
     * Test hook: the next time the named step is reached ({@code after_create_job}, {@code after_physical_create:N},
     * {@code after_save_table}, {@code after_drop_meta}, {@code after_physical_drop:N}, {@code after_physical_alter:N},
     * {@code after_alter_meta}, {@code after_create_physical_db:N}, ...) a {@link SimulatedCrash} is thrown and nothing
     * is cleaned up. The system property {@code polardbx.ddl.failPoint} arms a step the same way.
     */
    public void setFailPoint(String stepName) {
        failPoints.arm(stepName);
    }

    @Override
    public void close() {
        physical.close();
    }
}
