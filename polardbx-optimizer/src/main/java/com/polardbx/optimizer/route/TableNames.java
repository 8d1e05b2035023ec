package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the logical tables a statement names and rewrites them to physical tables.
 *
 * <p>The rewrite keeps the logical name as the alias, so qualified column references such as {@code t.id} still
 * resolve on the DN. Not thread-safe with respect to the statement: it mutates and restores the AST.
 */
public final class TableNames {
    private TableNames() {
    }

    /** A table reference in a statement resolved against GMS. */
    public record TableRef(SQLExprTableSource source, TableMeta table) {
        /** Read from inside a SQL SECURITY DEFINER view: the user's SELECT on the view covers it. */
        public boolean coveredByView() {
            return ViewExpansion.readByDefiner(source);
        }
    }

    /**
     * Every table source naming a logical table (subqueries included). Unknown tables raise 1146. An unqualified name
     * that a WITH clause of the statement defines is a common table expression, not a table.
     */
    public static List<TableRef> resolve(SQLStatement statement, String currentSchema, MetaStore meta) {
        return resolve(List.of(statement), currentSchema, meta);
    }

    /**
     * The same for parts of a statement (a multi-table DELETE names its targets by alias: only its FROM, WHERE...
     * name tables).
     */
    public static List<TableRef> resolve(List<? extends com.alibaba.druid.sql.ast.SQLObject> parts,
                                         String currentSchema, MetaStore meta) {
        List<TableRef> refs = new ArrayList<>();
        java.util.Set<String> withNames = new java.util.HashSet<>();
        for (com.alibaba.druid.sql.ast.SQLObject part : parts) {
            part.accept(new MySqlASTVisitorAdapter() {
                @Override
                public boolean visit(com.alibaba.druid.sql.ast.statement.SQLWithSubqueryClause.Entry entry) {
                    withNames.add(unquote(entry.getAlias()).toLowerCase(java.util.Locale.ROOT));
                    return true;
                }
            });
        }
        for (com.alibaba.druid.sql.ast.SQLObject part : parts) {
            part.accept(new MySqlASTVisitorAdapter() {
                @Override
                public boolean visit(SQLExprTableSource source) {
                    if (source.getExpr() == null) {
                        return true;
                    }
                    String schema = source.getSchema() == null ? currentSchema : unquote(source.getSchema());
                    String name = unquote(source.getTableName());
                    if (name == null || source.getSchema() == null
                        && (withNames.contains(name.toLowerCase(java.util.Locale.ROOT))
                        || name.equalsIgnoreCase("dual"))) {
                        return true;
                    }
                    if (schema == null) {
                        throw new SqlError(ErrorCode.ER_NO_DB);
                    }
                    if (meta.database(schema).isEmpty()) {
                        throw new SqlError(ErrorCode.ER_BAD_DB, schema);
                    }
                    TableMeta table = meta.table(schema, name)
                        .orElseThrow(() -> new SqlError(ErrorCode.ER_NO_SUCH_TABLE, schema, name));
                    refs.add(new TableRef(source, table));
                    return true;
                }
            });
        }
        return refs;
    }

    /**
     * The table sources of a statement that name a table of {@code schema} (a system schema such as
     * information_schema, matched without regard to case), explicitly or through the current database.
     */
    public static List<SQLExprTableSource> sourcesIn(SQLStatement statement, String currentDb, String schema) {
        List<SQLExprTableSource> out = new ArrayList<>();
        statement.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                String db = source.getSchema() == null ? currentDb : unquote(source.getSchema());
                if (schema.equalsIgnoreCase(db) && source.getTableName() != null) {
                    out.add(source);
                }
                return true;
            }
        });
        return out;
    }

    /**
     * Prints the statement with each table reference replaced by the physical table {@code choose} picks.
     *
     * @param aliasTables false for statements where MySQL/MariaDB reject a table alias (single-table DELETE)
     */
    public static String physicalSql(SQLStatement statement, List<TableRef> refs,
                                     Function<TableRef, PartitionDef> choose, boolean aliasTables) {
        return physicalSql(statement, refs, choose, r -> aliasTables);
    }

    /** The same, aliasing only the references {@code aliasTable} accepts (all but a single-table DELETE's target). */
    public static String physicalSql(SQLStatement statement, List<TableRef> refs,
                                     Function<TableRef, PartitionDef> choose,
                                     java.util.function.Predicate<TableRef> aliasTable) {
        Map<SQLExprTableSource, SQLExpr> savedExpr = new IdentityHashMap<>();
        Map<SQLExprTableSource, String> savedAlias = new IdentityHashMap<>();
        try {
            for (TableRef ref : refs) {
                PartitionDef p = choose.apply(ref);
                SQLExprTableSource source = ref.source();
                savedExpr.put(source, source.getExpr());
                savedAlias.put(source, source.getAlias());
                source.setExpr(qualifiedName(p.physicalDb(), p.physicalTable()));
                if (aliasTable.test(ref) && source.getAlias() == null) {
                    source.setAlias("`" + ref.table().name() + "`");
                }
            }
            List<Runnable> restore = unqualifyColumns(statement, refs, savedAlias);
            try {
                return SQLUtils.toMySqlString(statement, new SQLUtils.FormatOption(true, false));
            } finally {
                restore.forEach(Runnable::run);
            }
        } finally {
            for (Map.Entry<SQLExprTableSource, SQLExpr> e : savedExpr.entrySet()) {
                e.getKey().setExpr(e.getValue());
                e.getKey().setAlias(savedAlias.get(e.getKey()));
            }
        }
    }

    /**
     * {@code db.table.column} (Connector/J's updatable result sets write it) -> {@code table.column}, which names the
     * physical table through its alias; returns how to undo it.
     */
    private static List<Runnable> unqualifyColumns(SQLStatement statement, List<TableRef> refs,
                                                   Map<SQLExprTableSource, String> userAliases) {
        List<Runnable> restore = new ArrayList<>();
        statement.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLPropertyExpr column) {
                if (column.getOwner() instanceof SQLPropertyExpr owner && owner.getOwner() != null) {
                    String schema = unquote(owner.getOwnerName());
                    String table = unquote(owner.getName());
                    for (TableRef ref : refs) {
                        if (userAliases.get(ref.source()) == null && ref.table().schema().equalsIgnoreCase(schema)
                            && ref.table().name().equalsIgnoreCase(table)) {
                            column.setOwner(new SQLIdentifierExpr("`" + ref.table().name() + "`"));
                            restore.add(() -> column.setOwner(owner));
                            break;
                        }
                    }
                }
                return false;
            }
        });
        return restore;
    }

    /** {@code `db`.`table`} built directly: {@code setExpr(String)} would start a whole Druid parser per call. */
    public static SQLPropertyExpr qualifiedName(String db, String table) {
        return new SQLPropertyExpr(new SQLIdentifierExpr("`" + db + "`"), "`" + table + "`");
    }

    public static String unquote(String name) {
        if (name == null) {
            return null;
        }
        String n = name;
        if (n.length() >= 2 && (n.startsWith("`") && n.endsWith("`") || n.startsWith("\"") && n.endsWith("\""))) {
            n = n.substring(1, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
