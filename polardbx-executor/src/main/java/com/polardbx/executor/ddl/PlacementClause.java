package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a table's placement as {@code SHOW CREATE TABLE} ends: a partition clause, BROADCAST or SINGLE, inside a
 * {@code /*!99999 ... *}{@code /} comment. The CN runs what it holds; MySQL and MariaDB skip it as a version they
 * have not reached, so a dump of a CN database loads into either (as unpartitioned tables there).
 */
final class PlacementClause {
    private PlacementClause() {
    }

    static String of(TableKind kind, PartitionInfo info) {
        return com.polardbx.common.sql.ExecutableComments.CN_ONLY + " " + clause(kind, info) + " */";
    }

    private static String clause(TableKind kind, PartitionInfo info) {
        return switch (kind) {
            case BROADCAST -> "BROADCAST";
            case SINGLE -> "SINGLE";
            case PARTITIONED -> partitionBy(info);
        };
    }

    private static String partitionBy(PartitionInfo info) {
        String key = info.expression() != null ? info.expression()
            : info.columns().stream().map(PhysicalLocation::quote).collect(Collectors.joining(","));
        List<PartitionDef> parts = info.partitions();
        return switch (info.strategy()) {
            case HASH -> "PARTITION BY HASH(" + key + ") PARTITIONS " + parts.size();
            case KEY -> "PARTITION BY KEY(" + key + ") PARTITIONS " + parts.size();
            case RANGE -> "PARTITION BY RANGE(" + key + ")\n" + definitions(parts, "VALUES LESS THAN");
            case RANGE_COLUMNS -> "PARTITION BY RANGE COLUMNS(" + key + ")\n" + definitions(parts, "VALUES LESS THAN");
            case LIST -> "PARTITION BY LIST(" + key + ")\n" + definitions(parts, "VALUES IN");
            case LIST_COLUMNS -> "PARTITION BY LIST COLUMNS(" + key + ")\n" + definitions(parts, "VALUES IN");
        };
    }

    private static String definitions(List<PartitionDef> parts, String values) {
        return parts.stream()
            .map(p -> "PARTITION " + p.name() + " " + values + ("MAXVALUE".equals(p.bound()) ? " MAXVALUE"
                : " (" + p.bound() + ")"))
            .collect(Collectors.joining(",\n ", "(", ")"));
    }
}
