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
    private volatile Map<String, LogicalTable> byPhysical = Map.of();

    public LogicalTables(MetaStore meta) {
        this.meta = meta;
        rebuild();
    }

    /** The logical table, or null for tables that are not a logical table's (internal, foreign, dropped). */
    public LogicalTable resolve(String dnId, String physicalDb, String physicalTable) {
        String key = key(dnId, physicalDb, physicalTable);
        LogicalTable t = byPhysical.get(key);
        if (t == null && !physicalDb.equals("polardbx_cdc") && meta.reloadIfChanged()) {
            rebuild();
            t = byPhysical.get(key);
        }
        return t;
    }

    private synchronized void rebuild() {
        Map<String, LogicalTable> map = new HashMap<>();
        for (DatabaseMeta db : meta.databases()) {
            for (TableMeta t : meta.tables(db.name())) {
                List<PartitionDef> parts = t.partitions();
                for (int i = 0; i < parts.size(); i++) {
                    PartitionDef p = parts.get(i);
                    boolean emit = t.kind() != TableKind.BROADCAST || i == 0;
                    map.put(key(p.dnId(), p.physicalDb(), p.physicalTable()), new LogicalTable(t.schema(), t.name(),
                        emit));
                }
            }
        }
        byPhysical = map;
    }

    private static String key(String dn, String db, String table) {
        return dn + "\u0000" + db.toLowerCase(Locale.ROOT) + "\u0000" + table.toLowerCase(Locale.ROOT);
    }
}
