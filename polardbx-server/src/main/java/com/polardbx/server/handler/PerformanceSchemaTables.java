package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.type.MysqlType;
import com.polardbx.server.observe.DigestSummaries;
import java.util.ArrayList;
import java.util.List;

/**
 * The CN's own {@code performance_schema} as {@code USE}, {@code SHOW TABLES} and {@code DESC} / {@code SHOW COLUMNS}
 * see it: the one table it answers ({@link PerformanceSchemaQueries}), with its columns typed as MariaDB 10.11 prints
 * them where MariaDB has the column, as MySQL 8 where only MySQL has it (the quantiles and the query sample), and
 * timestamps with microseconds (the values the CN gives). Stateless.
 */
final class PerformanceSchemaTables {
    private static final String UNSIGNED = "bigint(20) unsigned";

    private PerformanceSchemaTables() {
    }

    /** Whether {@code db} names performance_schema (the CN reads database names without regard to case). */
    static boolean is(String db) {
        return PerformanceSchemaQueries.SCHEMA.equalsIgnoreCase(db);
    }

    /** SHOW [FULL] TABLES rows. */
    static List<Object[]> tables(boolean full) {
        String t = PerformanceSchemaQueries.DIGEST_TABLE;
        return List.<Object[]>of(full ? new Object[] {t, "BASE TABLE"} : new Object[] {t});
    }

    /** The header of SHOW COLUMNS / DESC. */
    static List<ColumnMeta> columnHeaders() {
        List<ColumnMeta> cols = new ArrayList<>();
        for (String name : List.of("Field", "Type", "Null", "Key", "Default", "Extra")) {
            cols.add(ColumnMeta.computed(name, MysqlType.VAR_STRING));
        }
        return cols;
    }

    /** SHOW COLUMNS / DESC rows of {@code table}; 1146 for a table the CN does not have. */
    static List<Object[]> columns(String table) {
        if (!table.equalsIgnoreCase(PerformanceSchemaQueries.DIGEST_TABLE)) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, PerformanceSchemaQueries.SCHEMA, table);
        }
        List<Object[]> rows = new ArrayList<>();
        for (String name : DigestSummaries.COLUMNS) {
            rows.add(column(name));
        }
        return rows;
    }

    private static Object[] column(String name) {
        return switch (name) {
            case "SCHEMA_NAME" -> new Object[] {name, "varchar(64)", "YES", "", null, ""};
            case "DIGEST" -> new Object[] {name, "varchar(32)", "YES", "", null, ""};
            case "DIGEST_TEXT", "QUERY_SAMPLE_TEXT" -> new Object[] {name, "longtext", "YES", "", null, ""};
            case "FIRST_SEEN", "LAST_SEEN", "QUERY_SAMPLE_SEEN" ->
                new Object[] {name, "timestamp(6)", "NO", "", "0000-00-00 00:00:00.000000", ""};
            default -> new Object[] {name, UNSIGNED, "NO", "", null, ""};
        };
    }
}
