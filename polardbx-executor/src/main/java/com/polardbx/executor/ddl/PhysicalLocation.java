package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;

/** A physical table (or, with a {@code null} table, a physical database) on one data node. */
record PhysicalLocation(String dnId, String physicalDb, String physicalTable) {

    static PhysicalLocation of(PartitionDef partition) {
        return new PhysicalLocation(partition.dnId(), partition.physicalDb(), partition.physicalTable());
    }

    /** Every physical table of a logical table: its partitions, then those of its global indexes. */
    static List<PhysicalLocation> allOf(TableMeta table) {
        List<PhysicalLocation> out = new ArrayList<>();
        table.partitions().forEach(p -> out.add(of(p)));
        for (GlobalIndexMeta g : table.globalIndexes()) {
            g.table().partitions().forEach(p -> out.add(of(p)));
        }
        return out;
    }

    /** {@code `db`.`table`}, ready to splice into SQL. */
    String qualifiedName() {
        return quote(physicalDb) + "." + quote(physicalTable);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
