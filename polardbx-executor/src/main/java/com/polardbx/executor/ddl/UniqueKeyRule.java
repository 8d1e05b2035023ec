package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.IndexDef;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MySQL's rule for partitioned tables: every unique key (the primary key included) must contain all partition
 * columns, because uniqueness is only enforced inside one physical table.
 */
final class UniqueKeyRule {
    private UniqueKeyRule() {
    }

    static void check(List<IndexDef> indexes, List<String> partitionColumns) {
        indexes.stream().filter(IndexDef::unique).forEach(i -> check(i.isPrimary(), i.columns(), partitionColumns));
    }

    /** 1503 unless {@code keyColumns} contains every partition column. */
    static void check(boolean primary, List<String> keyColumns, List<String> partitionColumns) {
        Set<String> key = keyColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        boolean covered = partitionColumns.stream().allMatch(c -> key.contains(c.toLowerCase(Locale.ROOT)));
        if (!covered) {
            throw primary ? new SqlError(ErrorCode.ER_UNIQUE_KEY_NEED_ALL_FIELDS_IN_PF, "PRIMARY KEY", "")
                : new SqlError(ErrorCode.ER_UNIQUE_KEY_NEED_ALL_FIELDS_IN_PF, "UNIQUE INDEX", " ("
                    + String.join(", ", partitionColumns) + "): a unique key on other columns needs a global unique"
                    + " index, which this version does not support yet; use a single or broadcast table, or"
                    + " partition by the key's columns");
        }
    }
}
