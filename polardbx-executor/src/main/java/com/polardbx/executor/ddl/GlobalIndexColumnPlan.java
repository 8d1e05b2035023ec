package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.expr.SQLLiteralExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableConvertCharSet;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropColumnItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRenameColumn;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableChangeColumn;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlAlterTableModifyColumn;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.ColumnType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an {@code ALTER TABLE} of columns does to the global indexes of its table, decided before anything runs:
 * which indexes lose their only column (dropped, as MySQL drops such a local index), and for each other index that
 * stores a changed column the same change on its index table, with the names in its metadata kept in step.
 *
 * <p>Refused with 1235 (nothing has run yet): a change that would move index rows between index shards (dropping
 * or retyping a column the index table is partitioned by), dropping a primary key column or the primary key,
 * {@code CONVERT TO CHARACTER SET}. Dropping a column of a multi-column UNIQUE global index gives MariaDB's own
 * 1072, as for a local one.
 */
final class GlobalIndexColumnPlan {

    /** One change to an index table, in statement order. */
    sealed interface Op permits Add, Drop, Change {
    }

    /** A new column; {@code literalDefault} the user's constant DEFAULT text, or null when there is none. */
    record Add(String column, String literalDefault) implements Op {
    }

    record Drop(String column) implements Op {
    }

    /** MODIFY, CHANGE or RENAME COLUMN: the index table's column takes the primary's new definition. */
    record Change(String from, String to) implements Op {
    }

    /**
     * The index after the ALTER.
     *
     * @param backfill the new or changed column values may differ from the primary's (a DEFAULT expression, a
     *                 generated column): the index rows are copied again from the primary after the change
     */
    record IndexChange(GlobalIndexMeta index, List<Op> ops, List<String> columns, List<String> covering,
                       List<String> partitionColumns, boolean backfill) {
    }

    private final List<GlobalIndexMeta> dropped;
    private final List<IndexChange> changed;

    private GlobalIndexColumnPlan(List<GlobalIndexMeta> dropped, List<IndexChange> changed) {
        this.dropped = dropped;
        this.changed = changed;
    }

    static GlobalIndexColumnPlan none() {
        return new GlobalIndexColumnPlan(List.of(), List.of());
    }

    List<GlobalIndexMeta> dropped() {
        return dropped;
    }

    List<IndexChange> changed() {
        return changed;
    }

    boolean isEmpty() {
        return dropped.isEmpty() && changed.isEmpty();
    }

    /** Mutable state of one index while the items are walked. */
    private static final class Draft {
        final GlobalIndexMeta index;
        final List<Op> ops = new ArrayList<>();
        final List<String> columns;
        final List<String> covering;
        final List<String> partitionColumns;
        final List<String> stored = new ArrayList<>();
        boolean backfill;
        boolean dropped;

        Draft(GlobalIndexMeta index) {
            this.index = index;
            this.columns = new ArrayList<>(index.columns());
            this.covering = new ArrayList<>(index.covering());
            this.partitionColumns = new ArrayList<>(index.table().partitionInfo().columns());
            index.storedColumns().forEach(stored::add);
        }

        boolean stores(String c) {
            return indexOf(stored, c) >= 0;
        }
    }

    static GlobalIndexColumnPlan of(TableMeta table, SQLAlterTableStatement alter) {
        if (table.globalIndexes().isEmpty()) {
            return none();
        }
        List<String> pk = table.primaryKey().map(IndexDef::columns).orElse(List.of());
        Map<String, Draft> drafts = new LinkedHashMap<>();
        table.globalIndexes().forEach(g -> drafts.put(g.name(), new Draft(g)));
        for (SQLAlterTableItem item : alter.getItems()) {
            if (item instanceof SQLAlterTableAddColumn add) {
                for (SQLColumnDefinition d : add.getColumns()) {
                    String c = name(d.getName());
                    Default def = defaultOf(d);
                    for (Draft g : drafts.values()) {
                        if (g.index.clustered() && !g.dropped) {
                            g.ops.add(new Add(c, def.literal));
                            g.covering.add(c);
                            g.stored.add(c);
                            g.backfill |= !def.constant;
                        }
                    }
                }
            } else if (item instanceof SQLAlterTableDropColumnItem drop) {
                for (SQLName n : drop.getColumns()) {
                    dropColumn(name(n), pk, drafts);
                }
            } else if (item instanceof MySqlAlterTableModifyColumn modify) {
                SQLColumnDefinition d = modify.getNewColumnDefinition();
                change(table, name(d.getName()), name(d.getName()), d, drafts);
            } else if (item instanceof MySqlAlterTableChangeColumn change) {
                SQLColumnDefinition d = change.getNewColumnDefinition();
                change(table, name(change.getColumnName()), name(d.getName()), d, drafts);
            } else if (item instanceof SQLAlterTableRenameColumn rename) {
                change(table, name(rename.getColumn()), name(rename.getTo()), null, drafts);
            } else if (item instanceof SQLAlterTableDropPrimaryKey) {
                throw refuse("dropping the primary key of a table with global indexes (their rows are found by it)");
            } else if (item instanceof SQLAlterTableConvertCharSet) {
                throw refuse("CONVERT TO CHARACTER SET on a table with global indexes (it would re-route index"
                    + " rows; drop the global indexes first)");
            }
        }
        List<GlobalIndexMeta> dropped = new ArrayList<>();
        List<IndexChange> changed = new ArrayList<>();
        for (Draft g : drafts.values()) {
            if (g.dropped) {
                dropped.add(g.index);
            } else if (!g.ops.isEmpty()) {
                changed.add(new IndexChange(g.index, List.copyOf(g.ops), List.copyOf(g.columns),
                    List.copyOf(g.covering), List.copyOf(g.partitionColumns), g.backfill));
            }
        }
        return new GlobalIndexColumnPlan(dropped, changed);
    }

    private static void dropColumn(String c, List<String> pk, Map<String, Draft> drafts) {
        if (indexOf(pk, c) >= 0) {
            throw refuse("dropping primary key column '" + c + "' of a table with global indexes (their rows are"
                + " found by the primary key)");
        }
        for (Draft g : drafts.values()) {
            if (g.dropped || !g.stores(c)) {
                continue;
            }
            int at = indexOf(g.columns, c);
            if (at >= 0 && g.columns.size() == 1) {
                g.dropped = true; // MySQL drops an index whose every column is dropped
                continue;
            }
            if (at >= 0 && g.index.unique()) {
                throw new SqlError(ErrorCode.ER_KEY_COLUMN_DOES_NOT_EXIST, c); // as MariaDB for a local UNIQUE key
            }
            if (indexOf(g.partitionColumns, c) >= 0) {
                throw refuse("dropping column '" + c + "' that partitions global index '" + g.index.name()
                    + "' (its rows would move between shards; drop or recreate the index first)");
            }
            if (at >= 0) {
                g.columns.remove(at);
            } else {
                g.covering.remove(indexOf(g.covering, c));
            }
            g.stored.remove(indexOf(g.stored, c));
            g.ops.add(new Drop(c));
        }
    }

    private static void change(TableMeta table, String from, String to, SQLColumnDefinition d,
                               Map<String, Draft> drafts) {
        boolean generated = d != null && (d.getAsExpr() != null || d.getGeneratedAlwaysAs() != null);
        for (Draft g : drafts.values()) {
            if (g.dropped || !g.stores(from)) {
                continue;
            }
            int part = indexOf(g.partitionColumns, from);
            if (part >= 0) {
                if (generated) {
                    throw refuse("making column '" + from + "', which partitions global index '" + g.index.name()
                        + "', a generated column");
                }
                if (d != null && !sameRouting(table.column(from).orElseThrow(), d)) {
                    throw refuse("changing the type of column '" + from + "', which partitions global index '"
                        + g.index.name() + "' (its rows could move between shards; drop the index first)");
                }
                if (!from.equalsIgnoreCase(to) && g.index.table().partitionInfo().expression() != null) {
                    throw refuse("renaming column '" + from + "' used in the partition expression of global index '"
                        + g.index.name() + "'");
                }
                g.partitionColumns.set(part, to);
            }
            rename(g.columns, from, to);
            rename(g.covering, from, to);
            rename(g.stored, from, to);
            g.ops.add(new Change(from, to));
            g.backfill |= generated;
        }
    }

    /**
     * Whether values keep their partition hash under the new definition: the same type (integer display widths
     * aside) and the same collation. Anything else is refused rather than risk a row on the wrong shard.
     */
    static boolean sameRouting(ColumnDef old, SQLColumnDefinition d) {
        String collation = d.getCollateExpr() == null ? old.collation()
            : SqlLiteralsText.unquote(SQLUtils.toMySqlString(d.getCollateExpr()));
        if (d.getCharsetExpr() != null && d.getCollateExpr() == null) {
            return false;
        }
        String type = SQLUtils.toMySqlString(d.getDataType()).toLowerCase(Locale.ROOT);
        ColumnType before = ColumnType.of(old);
        ColumnType after = ColumnType.of(new ColumnDef(old.name(), type, true, null, false, "", "", collation, 0));
        boolean collationSame = (old.collation() == null ? "" : old.collation()).equalsIgnoreCase(
            collation == null ? "" : collation);
        boolean integer = before.family() == ColumnType.Family.INTEGER && !"bit".equals(before.baseName());
        return before.family() == after.family() && baseAlias(before.baseName()).equals(baseAlias(after.baseName()))
            && before.unsigned() == after.unsigned() && before.scale() == after.scale()
            && (integer || before.length() == after.length()) && collationSame
            && type.contains("zerofill") == old.sqlType().toLowerCase(Locale.ROOT).contains("zerofill")
            && (integer || sameArguments(old.sqlType(), type));
    }

    private static boolean sameArguments(String oldType, String newType) {
        return arguments(oldType).equals(arguments(newType));
    }

    /** {@code (10,2)} of {@code decimal(10,2) unsigned}, without spaces; "" when there are none. */
    private static String arguments(String type) {
        int open = type.indexOf('(');
        int close = type.indexOf(')', Math.max(open, 0));
        return open < 0 || close < 0 ? "" : type.substring(open, close + 1).replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static String baseAlias(String base) {
        return "integer".equals(base) ? "int" : base;
    }

    /** A new column's default: constant (a literal, NULL or none) or computed per row or per statement. */
    private record Default(boolean constant, String literal) {
    }

    private static Default defaultOf(SQLColumnDefinition d) {
        boolean generated = d.getAsExpr() != null || d.getGeneratedAlwaysAs() != null;
        if (generated || d.isAutoIncrement() || d.getOnUpdate() != null) {
            return new Default(false, null);
        }
        SQLExpr def = d.getDefaultExpr();
        if (def == null) {
            // an implicit default (NULL, 0, '') is the same in the index table, except TIMESTAMP's automatic one
            String type = SQLUtils.toMySqlString(d.getDataType()).toLowerCase(Locale.ROOT);
            return new Default(!type.startsWith("timestamp"), null);
        }
        if (def instanceof SQLLiteralExpr || def instanceof SQLNullExpr) {
            return new Default(true, SQLUtils.toMySqlString(def));
        }
        return new Default(false, null);
    }

    /** The ALTER of an index table, with each column as the primary's physical table now defines it. */
    static String indexTableAlter(IndexChange change, Map<String, ColumnDef> primaryAfter) {
        List<String> parts = new ArrayList<>();
        for (Op op : change.ops()) {
            if (op instanceof Add a) {
                String def = columnSql(column(primaryAfter, a.column()));
                parts.add("ADD COLUMN " + def + (a.literalDefault() == null ? "" : " DEFAULT " + a.literalDefault()));
            } else if (op instanceof Drop d) {
                parts.add("DROP COLUMN " + SqlLiterals.identifier(d.column()));
            } else if (op instanceof Change c) {
                parts.add("CHANGE COLUMN " + SqlLiterals.identifier(c.from()) + " "
                    + columnSql(column(primaryAfter, c.to())));
            }
        }
        return String.join(", ", parts);
    }

    private static ColumnDef column(Map<String, ColumnDef> columns, String name) {
        ColumnDef c = columns.get(name.toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "column " + name + " missing from the altered table");
        }
        return c;
    }

    /** A column as an index table holds it: type, collation and nullability (no default, not generated). */
    static String columnSql(ColumnDef c) {
        StringBuilder sb = new StringBuilder(SqlLiterals.identifier(c.name())).append(' ').append(c.sqlType());
        if (c.collation() != null && !c.collation().isEmpty()) {
            sb.append(" COLLATE ").append(c.collation());
        }
        sb.append(c.nullable() ? " NULL" : " NOT NULL");
        return sb.toString();
    }

    private static void rename(List<String> names, String from, String to) {
        int at = indexOf(names, from);
        if (at >= 0) {
            names.set(at, to);
        }
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String name(SQLName n) {
        return SQLUtils.normalize(n.getSimpleName());
    }

    private static String name(SQLExpr n) {
        return SQLUtils.normalize(n instanceof SQLName s ? s.getSimpleName() : n.toString());
    }

    private static SqlError refuse(String what) {
        return new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, what);
    }

    /** Druid prints a COLLATE name as written (maybe quoted). */
    private static final class SqlLiteralsText {
        static String unquote(String s) {
            return com.polardbx.optimizer.route.TableNames.unquote(s.replace("'", "`"));
        }
    }
}
