package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnReference;
import com.alibaba.druid.sql.ast.statement.SQLForeignKeyImpl;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.dialect.mysql.ast.MysqlForeignKey;
import com.polardbx.gms.meta.ForeignKeyDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A foreign key as written in a {@code CREATE TABLE} or {@code ALTER TABLE ... ADD}, named the way MariaDB names it:
 * the {@code CONSTRAINT} symbol, else the {@code FOREIGN KEY} index name, else {@code <table>_ibfk_<n>}.
 *
 * @param def the key with logical names (parent schema resolved against the child's)
 * @param indexName the name of the index MariaDB would create for it when none covers its columns
 * @param inline whether it was a column's {@code REFERENCES} clause rather than a table element
 */
record ForeignKeySpec(ForeignKeyDef def, String indexName, boolean inline) {
    private static final Pattern GENERATED = Pattern.compile("(?i)(.*)_ibfk_(\\d+)");

    /** The foreign keys of a CREATE TABLE element list, table elements and column references in text order. */
    static List<ForeignKeySpec> ofCreate(String schema, String table, List<SQLTableElement> elements) {
        List<ForeignKeySpec> out = new ArrayList<>();
        for (SQLTableElement e : elements) {
            if (e instanceof MysqlForeignKey fk) {
                out.add(of(schema, fk));
            } else if (e instanceof SQLColumnDefinition col) {
                for (var c : col.getConstraints()) {
                    if (c instanceof SQLColumnReference ref) {
                        out.add(ofColumn(schema, SQLUtils.normalize(col.getColumnName()), ref));
                    }
                }
            }
        }
        return named(out, table, 0);
    }

    /** A table-level {@code [CONSTRAINT [s]] FOREIGN KEY [i] (..) REFERENCES ..}; its name is null when unnamed. */
    static ForeignKeySpec of(String schema, MysqlForeignKey fk) {
        String symbol = fk.getName() == null ? null : SQLUtils.normalize(fk.getName().getSimpleName());
        String index = fk.getIndexName() == null ? null : SQLUtils.normalize(fk.getIndexName().getSimpleName());
        List<String> columns = names(fk.getReferencingColumns());
        String name = symbol != null ? symbol : index;
        String indexName = symbol != null ? symbol : index != null ? index : columns.get(0);
        return new ForeignKeySpec(new ForeignKeyDef(name, columns, parentSchema(schema, fk.getReferencedTableName()),
            parentTable(fk.getReferencedTableName()), names(fk.getReferencedColumns()), action(fk.getOnDelete()),
            action(fk.getOnUpdate())), indexName, false);
    }

    private static ForeignKeySpec ofColumn(String schema, String column, SQLColumnReference ref) {
        return new ForeignKeySpec(new ForeignKeyDef(null, List.of(column), parentSchema(schema, ref.getTable()),
            parentTable(ref.getTable()), names(ref.getColumns()), action(ref.getOnDelete()),
            action(ref.getOnUpdate())), column, true);
    }

    /**
     * Gives every unnamed key {@code <table>_ibfk_<n>}, n counting on from {@code highestGenerated} (the highest such
     * number the table already has, as MariaDB continues it in ALTER TABLE).
     */
    static List<ForeignKeySpec> named(List<ForeignKeySpec> keys, String table, int highestGenerated) {
        int n = highestGenerated;
        List<ForeignKeySpec> out = new ArrayList<>();
        for (ForeignKeySpec k : keys) {
            if (k.def.name() != null) {
                out.add(k);
                continue;
            }
            String name = table + "_ibfk_" + ++n;
            ForeignKeyDef d = k.def;
            out.add(new ForeignKeySpec(new ForeignKeyDef(name, d.columns(), d.refSchema(), d.refTable(),
                d.refColumns(), d.onDelete(), d.onUpdate()), k.indexName, k.inline));
        }
        return out;
    }

    /** The highest n of the {@code <table>_ibfk_<n>} names among {@code existing}. */
    static int highestGenerated(String table, List<ForeignKeyDef> existing) {
        int max = 0;
        for (ForeignKeyDef d : existing) {
            Matcher m = GENERATED.matcher(d.name());
            if (m.matches() && m.group(1).equalsIgnoreCase(table)) {
                max = Math.max(max, Integer.parseInt(m.group(2)));
            }
        }
        return max;
    }

    /** Whether an index over {@code indexColumns} serves a key over {@code keyColumns} (they are its prefix). */
    static boolean covers(List<String> indexColumns, List<String> keyColumns) {
        if (indexColumns.size() < keyColumns.size()) {
            return false;
        }
        for (int i = 0; i < keyColumns.size(); i++) {
            if (!indexColumns.get(i).equalsIgnoreCase(keyColumns.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case names, for duplicate checks. */
    static Set<String> lowerNames(List<ForeignKeyDef> keys) {
        Set<String> out = new java.util.HashSet<>();
        keys.forEach(k -> out.add(k.name().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static String parentSchema(String schema, SQLName table) {
        String owner = table instanceof com.alibaba.druid.sql.ast.expr.SQLPropertyExpr p ? p.getOwnerName() : null;
        return (owner == null ? schema : SQLUtils.normalize(owner)).toLowerCase(Locale.ROOT);
    }

    private static String parentTable(SQLName table) {
        return SQLUtils.normalize(table.getSimpleName()).toLowerCase(Locale.ROOT);
    }

    private static List<String> names(List<SQLName> names) {
        return names.stream().map(n -> SQLUtils.normalize(n.getSimpleName())).toList();
    }

    private static String action(SQLForeignKeyImpl.Option option) {
        return option == null ? ForeignKeyDef.RESTRICT : option.name;
    }
}
