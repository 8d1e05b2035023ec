package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLHint;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOperator;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLInListExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlForceIndexHint;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlIgnoreIndexHint;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlIndexHintImpl;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlUseIndexHint;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The global indexes a one-table query could read through: PUBLIC indexes all of whose columns the WHERE pins to
 * constants ({@code =} or {@code IN}), within what the statement's {@code FORCE/USE INDEX}, {@code IGNORE INDEX} and
 * {@code FORCE INDEX(PRIMARY)} allow. Which of them (or the primary) is read is {@link AccessPathChooser}'s choice,
 * by cost. The index hints of a table with global indexes are taken out of the statement: the DNs' tables do not
 * have the global ones, and which local index serves is the DN's choice.
 */
public final class GlobalIndexAccess {
    /** Beyond this many key combinations a lookup would read more than a scan. */
    private static final int MAX_TUPLES = 1000;

    /** The chosen index and, per index column, the constants the WHERE allows. */
    public record Choice(GlobalIndexMeta index, Map<String, List<SQLExpr>> values) {
        /** Every combination of the columns' values, as rows of the index columns in order. */
        public List<List<SQLExpr>> tuples() {
            List<List<SQLExpr>> out = new ArrayList<>();
            out.add(new ArrayList<>());
            for (String c : index.columns()) {
                List<List<SQLExpr>> next = new ArrayList<>();
                for (List<SQLExpr> prefix : out) {
                    for (SQLExpr v : values.get(c.toLowerCase(Locale.ROOT))) {
                        List<SQLExpr> t = new ArrayList<>(prefix);
                        t.add(v);
                        next.add(t);
                    }
                }
                out = next;
            }
            return out;
        }
    }

    private GlobalIndexAccess() {
    }

    /** Removes index hints that name global indexes; returns the hinted wishes (forced names, ignored names). */
    public static Hints takeHints(SQLExprTableSource source, TableMeta table) {
        Hints hints = new Hints();
        if (source.getHints() == null) {
            return hints;
        }
        List<SQLHint> kept = new ArrayList<>();
        for (SQLHint h : source.getHints()) {
            if (!(h instanceof MySqlIndexHintImpl ih)) {
                kept.add(h);
                continue;
            }
            List<String> names = ih.getIndexList().stream().map(SQLName::getSimpleName).map(TableNames::unquote)
                .toList();
            boolean primary = names.stream().anyMatch(n -> n.equalsIgnoreCase("PRIMARY"));
            if (ih instanceof MySqlIgnoreIndexHint) {
                names.stream().filter(n -> table.globalIndex(n).isPresent()).forEach(hints.ignored::add);
            } else if (ih instanceof MySqlForceIndexHint || ih instanceof MySqlUseIndexHint) {
                List<String> global = names.stream().filter(n -> table.globalIndex(n).isPresent()).toList();
                hints.wanted.addAll(global);
                hints.primaryOnly |= primary && ih instanceof MySqlForceIndexHint;
                hints.forced |= !global.isEmpty() && ih instanceof MySqlForceIndexHint;
            }
            // every index hint goes: the CN chose already, and the planner's parser does not take them
        }
        source.getHints().clear();
        source.getHints().addAll(kept);
        return hints;
    }

    /** What the statement's index hints say about global indexes. */
    public static final class Hints {
        /** No hints: every PUBLIC global index may be chosen. */
        public Hints() {
        }

        final List<String> wanted = new ArrayList<>();
        final List<String> ignored = new ArrayList<>();
        boolean primaryOnly;
        /** FORCE INDEX of a global index: as MySQL's, a scan of the table is only the last resort. */
        boolean forced;

        /** Whether a scan of the primary is out of the question while a named index is usable. */
        public boolean forced() {
            return forced;
        }
    }

    /** The indexes the query could read through (none: it reads the primary), in the table's order. */
    public static List<Choice> candidates(TableMeta table, String alias, SQLExpr where, Hints hints) {
        List<Choice> out = new ArrayList<>();
        if (where == null || hints.primaryOnly || table.globalIndexes().isEmpty()) {
            return out;
        }
        Map<String, List<SQLExpr>> pinned = pinned(table, alias, where);
        for (GlobalIndexMeta g : table.globalIndexes()) {
            boolean routable = g.table().partitionInfo().columns().stream()
                .allMatch(c -> g.columns().stream().anyMatch(c::equalsIgnoreCase));
            if (!routable || !g.state().readable() || hints.ignored.stream().anyMatch(g.name()::equalsIgnoreCase)) {
                continue;
            }
            if (!hints.wanted.isEmpty() && hints.wanted.stream().noneMatch(g.name()::equalsIgnoreCase)) {
                continue;
            }
            Map<String, List<SQLExpr>> values = new LinkedHashMap<>();
            long tuples = 1;
            for (String c : g.columns()) {
                List<SQLExpr> v = pinned.get(c.toLowerCase(Locale.ROOT));
                com.polardbx.gms.meta.ColumnDef def = table.column(c).orElse(null);
                if (v != null && def != null && !v.stream().allMatch(x -> sameFamily(def, x))) {
                    v = null; // '10' for an INT column: MySQL converts; the partition function would not
                }
                if (v == null) {
                    values = null;
                    break;
                }
                values.put(c.toLowerCase(Locale.ROOT), v);
                tuples *= v.size();
            }
            if (values != null && tuples <= MAX_TUPLES) {
                out.add(new Choice(g, values));
            }
        }
        return out;
    }

    /** The constants the WHERE's top-level {@code =} / {@code IN} conjuncts allow, by lower-case column. */
    static Map<String, List<SQLExpr>> pinned(TableMeta table, String alias, SQLExpr where) {
        Map<String, List<SQLExpr>> pinned = new LinkedHashMap<>();
        if (where != null) {
            collect(where, alias == null ? table.name() : alias, pinned);
        }
        return pinned;
    }

    /** Top-level AND conjuncts {@code col = const} / {@code col IN (consts)} of this table, by lower-case column. */
    private static void collect(SQLExpr e, String qualifier, Map<String, List<SQLExpr>> out) {
        if (e instanceof SQLBinaryOpExpr b && b.getOperator() == SQLBinaryOperator.BooleanAnd) {
            collect(b.getLeft(), qualifier, out);
            collect(b.getRight(), qualifier, out);
            return;
        }
        if (e instanceof SQLBinaryOpExpr b && b.getOperator() == SQLBinaryOperator.Equality) {
            String column = column(b.getLeft(), qualifier);
            SQLExpr value = b.getRight();
            if (column == null) {
                column = column(b.getRight(), qualifier);
                value = b.getLeft();
            }
            if (column != null && constant(value)) {
                out.putIfAbsent(column, List.of(value));
            }
            return;
        }
        if (e instanceof SQLInListExpr in && !in.isNot()) {
            String column = column(in.getExpr(), qualifier);
            if (column != null && in.getTargetList().stream().allMatch(GlobalIndexAccess::constant)) {
                out.putIfAbsent(column, List.copyOf(in.getTargetList()));
            }
        }
    }

    private static boolean sameFamily(com.polardbx.gms.meta.ColumnDef column, SQLExpr value) {
        Object v = Literals.value(value);
        com.polardbx.gms.partition.ColumnType.Family f = com.polardbx.gms.partition.ColumnType.of(column).family();
        return switch (f) {
            case INTEGER -> v instanceof Long || v instanceof java.math.BigInteger;
            case STRING, TEXT -> v instanceof String;
            default -> false;
        };
    }

    private static boolean constant(SQLExpr e) {
        Object v = Literals.value(e);
        return v != Literals.NOT_CONSTANT && v != null;
    }

    private static String column(SQLExpr e, String qualifier) {
        if (e instanceof SQLIdentifierExpr id) {
            return TableNames.unquote(id.getName()).toLowerCase(Locale.ROOT);
        }
        if (e instanceof SQLPropertyExpr p && p.getOwner() instanceof SQLIdentifierExpr owner
            && TableNames.unquote(owner.getName()).equalsIgnoreCase(qualifier)) {
            return TableNames.unquote(p.getName()).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /**
     * Whether the index stores every column the statement reads (so the index table can answer it alone): columns
     * named anywhere in it, {@code *} meaning all of the table's (not in {@code COUNT(*)}). Names that are no column
     * of the table (select-list aliases) are ignored.
     */
    public static boolean covers(com.alibaba.druid.sql.ast.SQLObject statement, TableMeta table, GlobalIndexMeta index) {
        boolean[] covered = {true};
        statement.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr x) {
                if (x.getParent() instanceof com.alibaba.druid.sql.ast.expr.SQLAggregateExpr) {
                    return false; // COUNT(*) counts rows: it reads no column
                }
                covered[0] &= table.columns().stream().allMatch(c -> index.stores(c.name()));
                return false;
            }

            @Override
            public boolean visit(SQLIdentifierExpr x) {
                check(TableNames.unquote(x.getName()));
                return false;
            }

            @Override
            public boolean visit(SQLPropertyExpr x) {
                if ("*".equals(x.getName())) {
                    covered[0] &= table.columns().stream().allMatch(c -> index.stores(c.name()));
                } else {
                    check(TableNames.unquote(x.getName()));
                }
                return false;
            }

            private void check(String name) {
                if (table.column(name).isPresent() && !index.stores(name)) {
                    covered[0] = false;
                }
            }
        });
        return covered[0];
    }
}
