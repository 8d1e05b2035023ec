package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The global index side of an {@code ALTER TABLE} of columns, run by {@link AlterTableDdl} inside its job: after
 * the primary's physical tables are altered, indexes that lost their only column are dropped (through their states)
 * and every other affected index table gets the same column change; the metadata of the primary and of its indexes
 * is then saved in one GMS transaction (the job's commit point), after which index rows whose new values the index
 * table could not compute are copied again from the primary.
 *
 * <p>Every step is idempotent: the job payload records the table version before the change (a newer one means the
 * metadata was saved), each index table's shape digest (tables still in it are altered), the physical tables of
 * dropped indexes and the re-copy checkpoints, so {@link AlterTableDdl#recover} rolls a crashed job forward.
 */
final class GlobalIndexColumnSteps {
    private static final String VERSION = "gsi.version";
    private static final String BEFORE = "gsi.before.";
    private static final String DROP = "gsi.drop.";
    private static final String RECOPY = "gsi.recopy";

    private final DdlContext ctx;
    private final GlobalIndexDdl indexes;
    private final GlobalIndexBackfill backfill;

    GlobalIndexColumnSteps(DdlContext ctx, GlobalIndexDdl indexes, GlobalIndexBackfill backfill) {
        this.ctx = ctx;
        this.indexes = indexes;
        this.backfill = backfill;
    }

    /** Whether a job's payload is one of an ALTER that changes global indexes. */
    static boolean isIn(JobPayload payload) {
        return payload.get(VERSION) != null;
    }

    /** Writes what recovery needs into the payload before the first physical step. */
    void record(TableMeta table, GlobalIndexColumnPlan plan, JobPayload payload) {
        payload.set(VERSION, Long.toString(table.version()));
        for (GlobalIndexMeta g : plan.dropped()) {
            List<String> locations = new ArrayList<>();
            for (PhysicalLocation l : PhysicalLocation.allOf(g.table())) {
                locations.add(l.dnId() + "|" + l.physicalDb() + "|" + l.physicalTable());
            }
            payload.set(DROP + g.name(), String.join(";", locations));
        }
        List<String> recopy = new ArrayList<>();
        for (GlobalIndexColumnPlan.IndexChange c : plan.changed()) {
            payload.set(BEFORE + c.index().name(), ctx.inspector().signature(first(c.index())));
            if (c.backfill()) {
                recopy.add(c.index().name());
            }
        }
        payload.set(RECOPY, String.join(";", recopy));
    }

    /** Whether the job's metadata change was saved already (its commit point passed). */
    static boolean committed(TableMeta current, JobPayload payload) {
        return current.version() > Long.parseLong(payload.get(VERSION));
    }

    /**
     * Drops the indexes that lost their only column and alters the other index tables still in their old shape; the
     * primary's physical tables are already altered ({@code primaryFirst} shows their new columns).
     */
    void alterIndexTables(TableMeta table, GlobalIndexColumnPlan plan, JobPayload payload,
                          PhysicalLocation primaryFirst) {
        QualifiedName name = new QualifiedName(table.schema(), table.name());
        for (GlobalIndexMeta g : plan.dropped()) {
            indexes.removeInSteps(name, g);
        }
        for (String key : payload.keys()) {
            if (key.startsWith(DROP)) {
                indexes.dropTables(decodeLocations(payload.get(key)));
            }
        }
        Map<String, ColumnDef> after = new LinkedHashMap<>();
        ctx.inspector().columns(primaryFirst).forEach(c -> after.put(c.name().toLowerCase(Locale.ROOT), c));
        for (GlobalIndexColumnPlan.IndexChange c : plan.changed()) {
            String alter = GlobalIndexColumnPlan.indexTableAlter(c, after);
            String before = payload.get(BEFORE + c.index().name());
            ctx.physical().forEach(PhysicalLocation.allOf(c.index().table()), l -> {
                if (before != null && before.equals(ctx.inspector().signature(l))) {
                    ctx.physical().execute(l.dnId(), "ALTER TABLE " + l.qualifiedName() + " " + alter);
                }
            });
        }
        ctx.failPoints().reached("after_index_tables_altered");
    }

    /** The table's global indexes after the change: names from the plan, shapes read back from the index tables. */
    List<GlobalIndexMeta> indexesAfter(TableMeta current, GlobalIndexColumnPlan plan) {
        List<GlobalIndexMeta> out = new ArrayList<>();
        for (GlobalIndexMeta g : current.globalIndexes()) {
            Optional<GlobalIndexColumnPlan.IndexChange> change = plan.changed().stream()
                .filter(c -> c.index().name().equalsIgnoreCase(g.name())).findFirst();
            if (change.isEmpty()) {
                out.add(g);
                continue;
            }
            GlobalIndexColumnPlan.IndexChange c = change.get();
            out.add(new GlobalIndexMeta(g.name(), g.unique(), g.clustered(), c.columns(), c.covering(), g.state(),
                described(g.table(), c.partitionColumns())));
        }
        return out;
    }

    private TableMeta described(TableMeta t, List<String> partitionColumns) {
        PhysicalLocation first = PhysicalLocation.of(t.partitions().get(0));
        PartitionInfo p = t.partitionInfo();
        PartitionInfo info = new PartitionInfo(p.strategy(), partitionColumns, p.expression(), p.partitions(),
            p.functionVersion(), p.automatic());
        String createSql = ctx.inspector().logicalCreateSql(first, t.name(), PlacementClause.of(t.kind(), info));
        return new TableMeta(t.schema(), t.name(), t.kind(), ctx.inspector().columns(first),
            ctx.inspector().indexes(first), info, t.tableGroupId(), createSql, t.version() + 1);
    }

    /** After the commit point: index rows are copied again where the index could not compute the new values. */
    void recopy(long job, JobPayload payload, QualifiedName tableName) {
        String names = payload.get(RECOPY);
        if (names == null || names.isEmpty()) {
            return;
        }
        // a CN still on the old metadata would write index rows without the new values after the copy passed them
        ctx.awaitAllCns(ctx.meta().version());
        for (String index : names.split(";")) {
            TableMeta table = ctx.requireTable(tableName);
            Optional<GlobalIndexMeta> g = table.globalIndex(index);
            if (g.isPresent()) {
                backfill.recopy(job, payload, table, g.get());
            }
        }
    }

    private static PhysicalLocation first(GlobalIndexMeta g) {
        return PhysicalLocation.of(g.table().partitions().get(0));
    }

    private static List<PhysicalLocation> decodeLocations(String text) {
        List<PhysicalLocation> out = new ArrayList<>();
        for (String l : text.split(";")) {
            String[] f = l.split("\\|");
            if (f.length == 3) {
                out.add(new PhysicalLocation(f[0], f[1], f[2]));
            }
        }
        return out;
    }
}
