package com.polardbx.cdc.meta;

import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps (DN, physical database, physical table) to the logical table, from the GMS metadata; reloads it when a name is
 * unknown, as after a DDL. A broadcast table is emitted from the DN of its first copy only. Thread-safe.
 */
public final class LogicalTables {
    private final MetaStore meta;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("polardbx.cdc");
    private volatile Map<String, LogicalTable> byPhysical = Map.of();
    /** Tables of logical databases' physical databases that are no logical table's, with the version seen. */
    private final Map<String, Long> missing = new java.util.concurrent.ConcurrentHashMap<>();
    /** DN id + physical database of every logical database. */
    private volatile java.util.Set<String> physicalDbs = java.util.Set.of();
    /** The metadata version {@link #byPhysical} was built from. */
    private volatile long builtVersion = -1;
    private volatile long builtMillis;

    public LogicalTables(MetaStore meta) {
        this.meta = meta;
        rebuild();
    }

    /** The logical table, or null for tables that are not a logical table's (internal, foreign, dropped). */
    public LogicalTable resolve(String dnId, String physicalDb, String physicalTable) {
        String key = key(dnId, physicalDb, physicalTable);
        LogicalTable t = byPhysical.get(key);
        if (t == null && !physicalDb.equals("polardbx_cdc")) {
            // the CN of this process may have changed the cache itself; another CN only the metadb
            meta.reloadIfChanged();
            // the version moves just before the cache changes: rebuild on a new version, for any table in a logical
            // database's physical one (a table being created), and now and then anyway
            boolean ours = physicalDbs.contains(dnId + "\u0000" + physicalDb.toLowerCase(Locale.ROOT));
            Long missingAt = missing.get(key);
            if ((ours && (missingAt == null || missingAt != meta.version())) || meta.version() != builtVersion
                || System.currentTimeMillis() - builtMillis > 1000) {
                rebuild();
            }
            t = byPhysical.get(key); // another DN's reader may just have rebuilt it
            if (t == null && ours && missing.put(key, meta.version()) == null) {
                log.warn("rows of {}.{} on {} belong to no logical table: not in the global binlog", physicalDb,
                    physicalTable, dnId);
            }
        }
        return t;
    }

    private synchronized void rebuild() {
        long version = meta.version();
        Map<String, LogicalTable> map = new HashMap<>();
        java.util.Set<String> dbs = new java.util.HashSet<>();
        for (DatabaseMeta db : meta.databases()) {
            db.physicalDbs().forEach((dn, physical) -> dbs.add(dn + "\u0000" + physical.toLowerCase(Locale.ROOT)));
            for (TableMeta t : meta.tables(db.name())) {
                List<PartitionDef> parts = t.partitions();
                for (int i = 0; i < parts.size(); i++) {
                    PartitionDef p = parts.get(i);
                    boolean emit = t.kind() != TableKind.BROADCAST || i == 0;
                    map.put(key(p.dnId(), p.physicalDb(), p.physicalTable()), new LogicalTable(t.schema(), t.name(),
                        emit));
                }
                // a global index's rows are the cluster's business: known, never emitted
                for (com.polardbx.gms.meta.GlobalIndexMeta g : t.globalIndexes()) {
                    for (PartitionDef p : g.table().partitions()) {
                        map.put(key(p.dnId(), p.physicalDb(), p.physicalTable()),
                            new LogicalTable(t.schema(), g.table().name(), false));
                    }
                }
            }
        }
        byPhysical = map;
        physicalDbs = dbs;
        builtVersion = version;
        builtMillis = System.currentTimeMillis();
    }

    private static String key(String dn, String db, String table) {
        return dn + "\u0000" + db.toLowerCase(Locale.ROOT) + "\u0000" + table.toLowerCase(Locale.ROOT);
    }
}
