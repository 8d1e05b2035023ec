package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableAddConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropConstraint;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableDropForeignKey;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableItem;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.MysqlForeignKey;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.ddl.SqlTokens.Token;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The foreign keys an ALTER TABLE adds and drops, and the physical form of those items: an added key becomes
 * {@code ADD KEY .. , ADD CONSTRAINT <physical name> FOREIGN KEY .. REFERENCES <physical parent>}, a dropped one
 * {@code DROP FOREIGN KEY IF EXISTS <physical name>} (a key waiting for its parent has no physical form).
 */
final class ForeignKeyChanges {

    private final List<ForeignKeyDdl.Planned> added;
    private final List<String> dropped;
    private final List<ForeignKeyDef> after;
    private final long checkedRows;

    private ForeignKeyChanges(List<ForeignKeyDdl.Planned> added, List<String> dropped, List<ForeignKeyDef> after,
                              long checkedRows) {
        this.added = added;
        this.dropped = dropped;
        this.after = after;
        this.checkedRows = checkedRows;
    }

    /** No key changes: the table keeps the keys it has (CREATE/DROP INDEX, other ALTERs). */
    static ForeignKeyChanges none(TableMeta table) {
        return new ForeignKeyChanges(List.of(), List.of(), table.foreignKeys(), -1);
    }

    static ForeignKeyChanges of(DdlContext ctx, TableMeta table, SQLAlterTableStatement alter, boolean checks) {
        List<ForeignKeySpec> specs = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (SQLAlterTableItem item : alter.getItems()) {
            if (item instanceof SQLAlterTableAddConstraint add && add.getConstraint() instanceof MysqlForeignKey fk) {
                specs.add(ForeignKeySpec.of(table.schema(), fk));
            } else if (item instanceof SQLAlterTableDropForeignKey drop) {
                dropped.add(existing(table, SQLUtils.normalize(drop.getIndexName().getSimpleName()), true));
            } else if (item instanceof SQLAlterTableDropConstraint drop) {
                String name = SQLUtils.normalize(drop.getConstraintName().getSimpleName());
                if (table.foreignKeys().stream().anyMatch(k -> k.name().equalsIgnoreCase(name))) {
                    dropped.add(existing(table, name, false));
                }
            }
        }
        if (specs.isEmpty() && dropped.isEmpty()) {
            return none(table);
        }
        List<ForeignKeyDef> kept = table.foreignKeys().stream()
            .filter(k -> dropped.stream().noneMatch(d -> d.equalsIgnoreCase(k.name()))).toList();
        specs = ForeignKeySpec.named(specs, table.name(), ForeignKeySpec.highestGenerated(table.name(),
            table.foreignKeys()));
        ForeignKeyDdl ddl = new ForeignKeyDdl(ctx);
        List<ForeignKeyDdl.Planned> added = ddl.planAdd(table.withForeignKeys(kept), specs, checks);
        List<ForeignKeyDef> after = new ArrayList<>(kept);
        added.forEach(p -> after.add(p.def()));
        return new ForeignKeyChanges(added, dropped, List.copyOf(after), ddl.checkedRows());
    }

    private static String existing(TableMeta table, String name, boolean foreignKey) {
        return table.foreignKeys().stream().filter(k -> k.name().equalsIgnoreCase(name)).map(ForeignKeyDef::name)
            .findFirst().orElseThrow(() -> SqlError.passThrough(ErrorCode.ER_CANT_DROP_FIELD_OR_KEY.errno(), "42000",
                "Can't DROP " + (foreignKey ? "FOREIGN KEY" : "CONSTRAINT") + " `" + name + "`; check that it exists",
                null));
    }

    boolean isEmpty() {
        return added.isEmpty() && dropped.isEmpty();
    }

    /**
     * The rows a key the CN checks was checked against, or -1: MariaDB copies the table to add a checked key and
     * reports that many rows.
     */
    long checkedRows() {
        return checkedRows;
    }

    /** The table's foreign keys once the ALTER is done. */
    List<ForeignKeyDef> after() {
        return after;
    }

    /** Rewrites the ALTER's foreign key items, in order, for each physical table of {@code table}. */
    PhysicalSql.ItemRewriter rewriter(TableMeta table) {
        List<PhysicalLocation> locations = table.partitions().stream().map(PhysicalLocation::of).toList();
        Iterator<ForeignKeyDdl.Planned> adds = added.iterator();
        Iterator<String> drops = dropped.iterator();
        return item -> {
            if (isAddForeignKey(item)) {
                ForeignKeyDdl.Planned key = adds.next();
                return l -> {
                    String physical = key.physical(l, locations.indexOf(l));
                    return physical.isEmpty() ? "" : "ADD " + physical.replace(", CONSTRAINT ", ", ADD CONSTRAINT ");
                };
            }
            if (isDropForeignKey(item, table)) {
                String name = drops.next();
                return l -> "DROP FOREIGN KEY IF EXISTS "
                    + PhysicalLocation.quote(ForeignKeyText.physicalName(name, l));
            }
            return null;
        };
    }

    private static boolean isAddForeignKey(List<Token> item) {
        if (!item.get(0).is("ADD")) {
            return false;
        }
        for (int i = 1; i < Math.min(item.size(), 4); i++) {
            if (item.get(i).is("FOREIGN")) {
                return true;
            }
        }
        return false;
    }

    private boolean isDropForeignKey(List<Token> item, TableMeta table) {
        if (item.size() < 3 || !item.get(0).is("DROP")) {
            return false;
        }
        if (item.get(1).is("FOREIGN")) {
            return true;
        }
        return item.get(1).is("CONSTRAINT") && dropped.stream()
            .anyMatch(d -> d.equalsIgnoreCase(item.get(item.size() - 1).text()));
    }
}
