package com.polardbx.gms.store;

import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.meta.ViewMeta;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable snapshot of the cached databases and tables; changes return a new snapshot.
 *
 * @param tables schema name to its tables; a schema is present iff it is in {@code databases}
 * @param views schema name to its views; a schema without views may be absent
 */
record Catalog(Map<String, DatabaseMeta> databases, Map<String, Map<String, TableMeta>> tables,
               Map<String, Map<String, ViewMeta>> views) {

    Catalog withDatabase(DatabaseMeta db) {
        Map<String, DatabaseMeta> d = new HashMap<>(databases);
        d.put(db.name(), db);
        Map<String, Map<String, TableMeta>> t = new HashMap<>(tables);
        t.putIfAbsent(db.name(), Map.of());
        return new Catalog(Map.copyOf(d), Map.copyOf(t), views);
    }

    Catalog withoutDatabase(String name) {
        Map<String, DatabaseMeta> d = new HashMap<>(databases);
        d.remove(name);
        Map<String, Map<String, TableMeta>> t = new HashMap<>(tables);
        t.remove(name);
        Map<String, Map<String, ViewMeta>> v = new HashMap<>(views);
        v.remove(name);
        return new Catalog(Map.copyOf(d), Map.copyOf(t), Map.copyOf(v));
    }

    Catalog withTable(TableMeta table) {
        Map<String, TableMeta> inSchema = new HashMap<>(tables.getOrDefault(table.schema(), Map.of()));
        inSchema.put(table.name(), table);
        Map<String, Map<String, TableMeta>> t = new HashMap<>(tables);
        t.put(table.schema(), Map.copyOf(inSchema));
        return new Catalog(databases, Map.copyOf(t), views);
    }

    Catalog withoutTable(String schema, String name) {
        Map<String, TableMeta> inSchema = new HashMap<>(tables.getOrDefault(schema, Map.of()));
        inSchema.remove(name);
        Map<String, Map<String, TableMeta>> t = new HashMap<>(tables);
        t.put(schema, Map.copyOf(inSchema));
        return new Catalog(databases, Map.copyOf(t), views);
    }

    Catalog withView(ViewMeta view) {
        Map<String, ViewMeta> inSchema = new HashMap<>(views.getOrDefault(view.schema(), Map.of()));
        inSchema.put(view.name(), view);
        Map<String, Map<String, ViewMeta>> v = new HashMap<>(views);
        v.put(view.schema(), Map.copyOf(inSchema));
        return new Catalog(databases, tables, Map.copyOf(v));
    }

    Catalog withoutView(String schema, String name) {
        Map<String, ViewMeta> inSchema = new HashMap<>(views.getOrDefault(schema, Map.of()));
        inSchema.remove(name);
        Map<String, Map<String, ViewMeta>> v = new HashMap<>(views);
        v.put(schema, Map.copyOf(inSchema));
        return new Catalog(databases, tables, Map.copyOf(v));
    }
}
