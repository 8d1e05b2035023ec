package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.PartitionDef;

/** A physical table (or, with a {@code null} table, a physical database) on one data node. */
record PhysicalLocation(String dnId, String physicalDb, String physicalTable) {

    static PhysicalLocation of(PartitionDef partition) {
        return new PhysicalLocation(partition.dnId(), partition.physicalDb(), partition.physicalTable());
    }

    /** {@code `db`.`table`}, ready to splice into SQL. */
    String qualifiedName() {
        return quote(physicalDb) + "." + quote(physicalTable);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
