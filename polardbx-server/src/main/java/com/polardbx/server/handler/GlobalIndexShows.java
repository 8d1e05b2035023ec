package com.polardbx.server.handler;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.sql.ExecutableComments;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.common.type.MysqlType;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How global indexes show: inside {@code SHOW CREATE TABLE} (in the CN's own executable comment, so a dump loads
 * into MariaDB as the table without them and into a CN with them), as rows of {@code SHOW INDEX}, and in
 * {@code SHOW GLOBAL INDEX}.
 */
final class GlobalIndexShows {
    private GlobalIndexShows() {
    }

    /** The CREATE TABLE text with one line per global index before the closing parenthesis. */
    static String createTable(TableMeta t, String createSql) {
        if (t.globalIndexes().isEmpty()) {
            return createSql;
        }
        int close = createSql.indexOf("\n) ENGINE=");
        if (close < 0) {
            return createSql;
        }
        StringBuilder lines = new StringBuilder();
        for (GlobalIndexMeta g : t.globalIndexes()) {
            lines.append("\n  ").append(ExecutableComments.CN_ONLY).append(" , ").append(definition(g)).append(" */");
        }
        return createSql.substring(0, close) + lines + createSql.substring(close);
    }

    /** {@code [UNIQUE] GLOBAL|CLUSTERED INDEX `g` (`k`) [COVERING (...)] PARTITION BY ...}. */
    static String definition(GlobalIndexMeta g) {
        StringBuilder sb = new StringBuilder(g.unique() ? "UNIQUE " : "").append(g.clustered() ? "CLUSTERED" : "GLOBAL")
            .append(" INDEX ").append(SqlLiterals.identifier(g.name())).append(" (").append(identifiers(g.columns()))
            .append(')');
        if (!g.clustered() && !g.covering().isEmpty()) {
            sb.append(" COVERING (").append(identifiers(g.covering())).append(')');
        }
        PartitionInfo p = g.table().partitionInfo();
        String key = p.expression() != null ? p.expression() : identifiers(p.columns());
        String strategy = p.strategy().name().replace('_', ' ');
        if (p.strategy().name().startsWith("RANGE") || p.strategy().name().startsWith("LIST")) {
            sb.append(" PARTITION BY ").append(strategy).append('(').append(key).append(") (...)");
        } else {
            sb.append(" PARTITION BY ").append(strategy).append('(').append(key).append(") PARTITIONS ")
                .append(p.partitions().size());
        }
        return sb.toString();
    }

    /** Rows shaped as the DN's own SHOW INDEX rows (same columns), one per index column. */
    static List<Object[]> indexRows(TableMeta t, int width) {
        List<Object[]> rows = new ArrayList<>();
        for (GlobalIndexMeta g : t.globalIndexes()) {
            for (int i = 0; i < g.columns().size(); i++) {
                Object[] row = new Object[width];
                String column = g.columns().get(i);
                boolean nullable = t.column(column).map(com.polardbx.gms.meta.ColumnDef::nullable).orElse(true);
                Object[] values = {t.name(), g.unique() ? 0L : 1L, g.name(), (long) (i + 1), column, "A", null, null,
                    null, nullable ? "YES" : "", "GLOBAL", g.state().name(), ""};
                System.arraycopy(values, 0, row, 0, Math.min(width, values.length));
                if (width > values.length) {
                    row[values.length] = "NO"; // Ignored (MariaDB 10.6+)
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * SHOW [FULL] COLUMNS rows of a table's first physical shard with the Key column MariaDB gives when the public
     * global indexes are keys of the table: UNI for the column of a one-column unique index, MUL for the first column
     * of any other (PRI and the local keys' marks stay).
     */
    static StatementResult withColumnKeys(TableMeta t, StatementResult local) {
        List<GlobalIndexMeta> shown = t.globalIndexes().stream().filter(g -> g.state().readable()).toList();
        if (shown.isEmpty() || !(local instanceof StatementResult.Rows rows)) {
            return local;
        }
        List<Object[]> all = new ArrayList<>();
        try (com.polardbx.common.result.RowCursor c = rows.cursor()) {
            int field = column(c.columns(), "Field");
            int key = column(c.columns(), "Key");
            for (Object[] row = c.next(); row != null; row = c.next()) {
                if (field >= 0 && key >= 0 && !"PRI".equals(row[key]) && !"UNI".equals(row[key])) {
                    row[key] = columnKey(shown, String.valueOf(row[field]), String.valueOf(row[key]));
                }
                all.add(row);
            }
            return StatementResult.ofRows(c.columns(), all);
        }
    }

    private static String columnKey(List<GlobalIndexMeta> indexes, String column, String localKey) {
        String key = localKey;
        for (GlobalIndexMeta g : indexes) {
            if (g.unique() && g.columns().size() == 1 && g.columns().get(0).equalsIgnoreCase(column)) {
                return "UNI";
            }
            if (g.columns().get(0).equalsIgnoreCase(column)) {
                key = "MUL";
            }
        }
        return key;
    }

    private static int column(List<ColumnMeta> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code SHOW GLOBAL INDEX [FROM t]}: the global indexes of the listed tables. */
    static StatementResult showGlobalIndex(List<TableMeta> tables) {
        List<ColumnMeta> cols = new ArrayList<>();
        for (String c : List.of("SCHEMA", "TABLE", "NON_UNIQUE", "KEY_NAME", "INDEX_NAMES", "COVERING_NAMES",
            "INDEX_TYPE", "PARTITION_POLICY", "PARTITION_KEY", "PARTITION_COUNT", "STATUS")) {
            cols.add(ColumnMeta.computed(c, c.equals("PARTITION_COUNT") || c.equals("NON_UNIQUE")
                ? MysqlType.LONGLONG : MysqlType.VAR_STRING));
        }
        List<Object[]> rows = new ArrayList<>();
        for (TableMeta t : tables) {
            for (GlobalIndexMeta g : t.globalIndexes()) {
                PartitionInfo p = g.table().partitionInfo();
                rows.add(new Object[] {t.schema(), t.name(), g.unique() ? 0L : 1L, g.name(),
                    String.join(", ", g.columns()), String.join(", ", g.covering()),
                    g.clustered() ? "CLUSTERED" : "GLOBAL", p.strategy().name().toLowerCase(Locale.ROOT),
                    String.join(", ", p.columns()), (long) p.partitions().size(), g.state().name()});
            }
        }
        return StatementResult.ofRows(cols, rows);
    }

    private static String identifiers(List<String> names) {
        return String.join(", ", names.stream().map(SqlLiterals::identifier).toList());
    }
}
