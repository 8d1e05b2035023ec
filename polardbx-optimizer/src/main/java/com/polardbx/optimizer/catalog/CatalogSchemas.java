package com.polardbx.optimizer.catalog;

import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** Builds the Calcite root schema (one sub-schema per logical database) over the GMS metadata. */
public final class CatalogSchemas {
    private CatalogSchemas() {
    }

    public static SchemaPlus rootSchema(MetaStore meta) {
        return rootSchema(meta, TableStatistics.NONE);
    }

    public static SchemaPlus rootSchema(MetaStore meta, TableStatistics statistics) {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        for (DatabaseMeta db : meta.databases()) {
            root.add(db.name(), new DatabaseSchema(meta, db.name(), statistics));
        }
        return root;
    }

    /** Tables of one logical database, read from the metadata cache when the schema is created. */
    private static final class DatabaseSchema extends AbstractSchema {
        private final MetaStore meta;
        private final String name;
        private final TableStatistics statistics;

        DatabaseSchema(MetaStore meta, String name, TableStatistics statistics) {
            this.meta = meta;
            this.name = name;
            this.statistics = statistics;
        }

        @Override
        protected Map<String, Table> getTableMap() {
            Map<String, Table> tables = new HashMap<>();
            for (TableMeta t : meta.tables(name)) {
                tables.put(t.name(), new CatalogTable(t, statistics));
            }
            return tables;
        }
    }
}
