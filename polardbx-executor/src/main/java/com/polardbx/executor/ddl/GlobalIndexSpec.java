package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLIndexDefinition;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.polardbx.optimizer.route.TableNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a {@code [UNIQUE] GLOBAL|CLUSTERED INDEX} definition asks for, from any of the statements that can hold one
 * ({@code CREATE INDEX}, {@code ALTER TABLE ... ADD}, {@code CREATE TABLE}).
 *
 * @param partitionClause {@code PARTITION BY ...} text for the index table, or null for KEY(index columns)
 */
record GlobalIndexSpec(String name, boolean unique, boolean clustered, List<String> columns, List<String> covering,
                       String partitionClause) {

    /** Druid drops CLUSTERED after UNIQUE; only the text tells. */
    private static final Pattern UNIQUE_CLUSTERED = Pattern.compile("\\bUNIQUE\\s+CLUSTERED\\b",
        Pattern.CASE_INSENSITIVE);

    /** Whether a Druid index definition is a global one (GLOBAL or CLUSTERED written, or the text says so). */
    static boolean isGlobal(SQLIndexDefinition d, String sql) {
        String type = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
        return d.isGlobal() || type.contains("CLUSTERED") || type.contains("GLOBAL")
            || "UNIQUE".equals(type) && UNIQUE_CLUSTERED.matcher(sql).find();
    }

    private static final Pattern NOT_BTREE = Pattern.compile("\\b(FULLTEXT|SPATIAL)\\b", Pattern.CASE_INSENSITIVE);

    /**
     * Whether a plain key may turn into a global index without being asked to (PolarDB-X's auto mode): a B-tree key
     * over whole columns. FULLTEXT and SPATIAL keys, prefix lengths and expressions stay local: an index table's
     * key could not copy them.
     */
    static boolean implicitlyGlobal(SQLIndexDefinition d, String sql) {
        String type = d.getType() == null ? "" : d.getType();
        if (NOT_BTREE.matcher(type).find() || NOT_BTREE.matcher(sql).find()) {
            return false;
        }
        return d.getColumns().stream().allMatch(item -> item.getExpr() instanceof SQLIdentifierExpr);
    }

    static GlobalIndexSpec of(SQLIndexDefinition d, boolean unique, String sql) {
        String type = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
        boolean clustered = type.contains("CLUSTERED") || UNIQUE_CLUSTERED.matcher(sql).find();
        List<String> columns = new ArrayList<>();
        for (SQLSelectOrderByItem item : d.getColumns()) {
            columns.add(TableNames.unquote(SQLUtils.toMySqlString(item.getExpr())));
        }
        List<String> covering = new ArrayList<>();
        for (SQLName c : d.getCovering()) {
            covering.add(TableNames.unquote(c.getSimpleName()));
        }
        String name = d.getName() == null ? columns.get(0) : TableNames.unquote(d.getName().getSimpleName());
        String partition = d.getPartitioning() == null ? null : SQLUtils.toMySqlString(d.getPartitioning()).trim();
        if (partition != null && !partition.toUpperCase(Locale.ROOT).startsWith("PARTITION")) {
            partition = "PARTITION BY " + partition; // Druid prints an index's clause without its first words
        }
        return new GlobalIndexSpec(name, unique || type.contains("UNIQUE"), clustered, columns, covering, partition);
    }
}
