package com.polardbx.server.handler;

import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * information_schema.PARTITIONS about logical tables, as MariaDB describes its own partitioned tables: one row per
 * partition with its method, expression and bound; one row without a partition for a broadcast or single table.
 * Only tables the user may see; sizes are not filled in.
 */
final class PartitionRows {
    static final List<String> COLUMNS = List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "PARTITION_NAME",
        "SUBPARTITION_NAME", "PARTITION_ORDINAL_POSITION", "SUBPARTITION_ORDINAL_POSITION", "PARTITION_METHOD",
        "SUBPARTITION_METHOD", "PARTITION_EXPRESSION", "SUBPARTITION_EXPRESSION", "PARTITION_DESCRIPTION",
        "TABLE_ROWS", "AVG_ROW_LENGTH", "DATA_LENGTH", "MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE", "CREATE_TIME",
        "UPDATE_TIME", "CHECK_TIME", "CHECKSUM", "PARTITION_COMMENT", "NODEGROUP", "TABLESPACE_NAME");

    private PartitionRows() {
    }

    static String derivedTable(ServerContext context, AccessCheck access) {
        List<Object[]> rows = new ArrayList<>();
        for (DatabaseMeta db : context.meta().databases()) {
            for (TableMeta t : context.meta().tables(db.name())) {
                if (access.sees(db.name(), t.name())) {
                    addRows(rows, t);
                }
            }
        }
        return DerivedTables.of(COLUMNS, rows);
    }

    private static void addRows(List<Object[]> rows, TableMeta t) {
        if (t.kind() != TableKind.PARTITIONED) {
            rows.add(row(t, null, null, null, null, null));
            return;
        }
        PartitionInfo info = t.partitionInfo();
        String method = info.strategy().name().replace('_', ' ');
        String expression = info.expression() != null ? info.expression()
            : info.columns().stream().map(c -> "`" + c + "`").collect(Collectors.joining(","));
        for (PartitionDef p : info.partitions()) {
            rows.add(row(t, p.name(), (long) p.position() + 1, method, expression, p.bound()));
        }
    }

    private static Object[] row(TableMeta t, String partition, Long position, String method, String expression,
                                String description) {
        return new Object[] {"def", t.schema(), t.name(), partition, null, position, null, method, null, expression,
            null, description, 0L, 0L, 0L, null, 0L, 0L, null, null, null, null, "", "default", null};
    }
}
