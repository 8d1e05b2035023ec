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

    /**
     * The CREATE TABLE text with the global indexes: as plain {@code [UNIQUE] KEY} lines among the keys when the
     * table's own CREATE TABLE makes them again (see {@link #plainKey}), as PolarDB-X shows an auto-partitioned
     * table's indexes, so the text loads into MariaDB with its keys; the others in a CN-only comment line each before
     * the closing parenthesis.
     */
    static String createTable(TableMeta t, String createSql) {
        createSql = withLocalMarks(t, withoutAutomaticPlacement(t, createSql));
        if (t.globalIndexes().isEmpty()) {
            return createSql;
        }
        int close = createSql.indexOf("\n) ENGINE=");
        if (close < 0) {
            return createSql;
        }
        List<String> lines = new ArrayList<>(List.of(createSql.substring(0, close).split("\n", -1)));
        for (GlobalIndexMeta g : t.globalIndexes()) {
            if (plainKey(t, g)) {
                String key = (g.unique() ? "UNIQUE KEY " : "KEY ") + SqlLiterals.identifier(g.name()) + " ("
                    + String.join(",", g.columns().stream().map(SqlLiterals::identifier).toList()) + ")";
                int at = afterKeys(lines, g.unique());
                if (at == lines.size()) {
                    lines.set(at - 1, lines.get(at - 1) + ",");
                    lines.add("  " + key);
                } else {
                    lines.add(at, "  " + key + ",");
                }
            }
        }
        StringBuilder comments = new StringBuilder();
        for (GlobalIndexMeta g : t.globalIndexes()) {
            if (!plainKey(t, g)) {
                comments.append("\n  ").append(ExecutableComments.CN_ONLY).append(" , ").append(definition(g))
                    .append(" */");
            }
        }
        return String.join("\n", lines) + comments + createSql.substring(close);
    }

    /**
     * A table the CN partitioned itself (no partition clause, KEY of its primary key in the automatic count) shows
     * without its placement comment, as MariaDB shows it and as PolarDB-X shows an auto-partitioned table: a
     * CREATE TABLE without a partition clause places it the same way again, and only then are its plain keys global.
     */
    private static String withoutAutomaticPlacement(TableMeta t, String createSql) {
        PartitionInfo p = t.partitionInfo();
        int placement = createSql.lastIndexOf("\n" + ExecutableComments.CN_ONLY + " PARTITION BY KEY(");
        boolean automatic = t.kind() == com.polardbx.gms.meta.TableKind.PARTITIONED && p != null && p.automatic()
            && p.strategy() == com.polardbx.gms.meta.PartitionStrategy.KEY && p.expression() == null
            && p.partitions().size() == PartitionInfo.AUTOMATIC_PARTITIONS;
        return automatic && placement > 0 && createSql.endsWith("*/") ? createSql.substring(0, placement) : createSql;
    }

    /**
     * In a table shown without its placement, the plain keys that are local though a CREATE TABLE would make them
     * global are marked {@code /*!99999 LOCAL *}{@code /}: a CN reads LOCAL KEY, MariaDB a plain KEY.
     */
    private static String withLocalMarks(TableMeta t, String createSql) {
        PartitionInfo p = t.partitionInfo();
        if (p == null || !p.automatic() || createSql.contains("\n" + ExecutableComments.CN_ONLY + " PARTITION BY")) {
            return createSql;
        }
        String[] lines = createSql.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            java.util.regex.Matcher key = PLAIN_KEY.matcher(lines[i]);
            if (key.matches() && !lower(keyColumns(key.group(1))).equals(lower(p.columns()))
                && !key.group(1).matches(".*`\\s*\\(\\d+\\).*")) {
                lines[i] = "  " + ExecutableComments.CN_ONLY + " LOCAL */ " + lines[i].stripLeading();
            }
        }
        return String.join("\n", lines);
    }

    /** A plain key line of MariaDB's SHOW CREATE TABLE; group 1 its column list. */
    private static final java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile(
        "\\s*KEY `(?:[^`]|``)*` \\((.*)\\)( USING BTREE)?,?");

    private static List<String> keyColumns(String list) {
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.trim();
            names.add(name.startsWith("`") && name.endsWith("`") ? name.substring(1, name.length() - 1) : name);
        }
        return names;
    }

    /**
     * Whether a global index is what a plain key of its table becomes: the table partitioned by the CN without a
     * partition clause, the index neither clustered nor covering, partitioned by KEY of its columns with the
     * table's partition count (a CREATE TABLE with the key makes it again unless auto_partition_global_index is off).
     */
    static boolean plainKey(TableMeta t, GlobalIndexMeta g) {
        PartitionInfo own = t.partitionInfo();
        PartitionInfo p = g.table().partitionInfo();
        return t.kind() == com.polardbx.gms.meta.TableKind.PARTITIONED && own != null && own.automatic()
            && !g.clustered() && g.covering().isEmpty() && p.strategy() == com.polardbx.gms.meta.PartitionStrategy.KEY
            && p.expression() == null && lower(p.columns()).equals(lower(g.columns()))
            && p.partitions().size() == own.partitions().size();
    }

    /** The line index after the last key line of MariaDB's order (PRIMARY, UNIQUE, then plain keys). */
    private static int afterKeys(List<String> lines, boolean unique) {
        int at = lines.size();
        for (int i = lines.size() - 1; i > 0; i--) {
            String line = lines.get(i).stripLeading().replace(ExecutableComments.CN_ONLY + " LOCAL */ ", "");
            boolean key = line.startsWith("PRIMARY KEY") || line.startsWith("UNIQUE KEY")
                || !unique && line.startsWith("KEY ");
            if (key) {
                return i + 1;
            }
            if (line.startsWith("`")) {
                return i + 1; // the last column: no key of that kind before
            }
            at = i;
        }
        return at;
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
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
