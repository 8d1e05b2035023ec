package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLColumnUniqueKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.ast.statement.SQLUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlTableIndex;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Foreign keys in DDL: resolves each key's parent, checks that the DNs can enforce it (see
 * {@link ForeignKeyPlacement}), writes the physical clauses, connects keys whose parent appears later, and guards
 * parents against DROP TABLE.
 *
 * <p>A key whose parent does not exist yet is accepted only with {@code foreign_key_checks=0} (as MariaDB does, and
 * as dumps create tables in name order): its physical form points at a table that does not exist, and it is pointed
 * at the parent's physical tables when the parent is created.
 */
final class ForeignKeyDdl {
    private static final String INCORRECTLY_FORMED = "150 \"Foreign key constraint is incorrectly formed\"";
    private static final String DUPLICATE = "121 \"Duplicate key on write or update\"";

    private final DdlContext ctx;
    /** The child's row count once {@link #planAdd} checked its rows for a key the CN checks, else -1. */
    private long checkedRows = -1;

    ForeignKeyDdl(DdlContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A key ready to be written: its parent's physical table per physical child table (null when the CN checks the
     * key: it then has no physical form) and whether the child needs an index made for it. While the parent is
     * missing the key points at a table that does not exist (MariaDB allows that with foreign_key_checks off), so the
     * DN refuses child rows with 1452 as MariaDB does.
     */
    record Planned(ForeignKeySpec spec, List<PhysicalLocation> parents, boolean needsIndex) {
        ForeignKeyDef def() {
            return spec.def();
        }

        /** The physical text of this key on the {@code position}-th child table ("" when there is none). */
        String physical(PhysicalLocation child, int position) {
            List<String> parts = new ArrayList<>();
            if (needsIndex) {
                parts.add(ForeignKeyText.indexClause(spec.indexName(), def().columns()));
            }
            if (parents != null) {
                parts.add(ForeignKeyText.physicalClause(def(), child, parents.get(position)));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Plans the keys of a new table.
     *
     * @param self the new table's placement (for keys referencing the table itself)
     * @param userIndexes the column lists of the indexes the statement declares
     */
    List<Planned> planCreate(QualifiedName child, ForeignKeyPlacement self, List<ForeignKeySpec> keys,
                             List<List<String>> userIndexes, boolean checks) {
        checkNames(child, keys, List.of());
        List<Planned> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            ForeignKeySpec k = keys.get(i);
            boolean covered = userIndexes.stream().anyMatch(ix -> ForeignKeySpec.covers(ix, k.def().columns()));
            for (int j = 0; j < keys.size() && !covered; j++) {
                List<String> other = keys.get(j).def().columns();
                covered = j != i && ForeignKeySpec.covers(other, k.def().columns())
                    && (other.size() > k.def().columns().size() || j > i);
            }
            out.add(new Planned(k, parents(child, self, k.def(), checks), !covered));
        }
        return out;
    }

    long checkedRows() {
        return checkedRows;
    }

    /**
     * Plans keys added by ALTER TABLE to an existing table. With {@code checks}, the rows of a key the CN checks are
     * checked here (the DNs check those of their own keys).
     */
    List<Planned> planAdd(TableMeta table, List<ForeignKeySpec> keys, boolean checks) {
        QualifiedName child = new QualifiedName(table.schema(), table.name());
        checkNames(child, keys, table.foreignKeys());
        ForeignKeyPlacement self = new ForeignKeyPlacement(table.kind(), table.partitionInfo());
        List<Planned> out = new ArrayList<>();
        for (ForeignKeySpec k : keys) {
            boolean covered = table.indexes().stream().anyMatch(ix -> ForeignKeySpec.covers(ix.columns(),
                k.def().columns()));
            List<PhysicalLocation> parents = parents(child, self, k.def(), checks);
            TableMeta parent = k.def().references(child.schema(), child.name()) ? table
                : ctx.meta().table(k.def().refSchema(), k.def().refTable()).orElse(null);
            if (parent != null) {
                ForeignKeyPlacement.checkColumnTypes(child.name(), self, table.columns(), k.def(),
                    new ForeignKeyPlacement(parent.kind(), parent.partitionInfo()), parent.columns());
                if (parents == null && checks) {
                    checkedRows = new ForeignKeyRowCheck(ctx.physical()).requireParents(table, k.def(), parent);
                }
            }
            out.add(new Planned(k, parents, !covered));
        }
        return out;
    }

    /** After the first physical child table exists: partitioned keys must hash alike on both sides. */
    void checkColumnTypes(QualifiedName child, ForeignKeyPlacement self, List<ColumnDef> columns,
                          List<Planned> keys) {
        for (Planned k : keys) {
            ForeignKeyDef d = k.def();
            boolean isSelf = d.references(child.schema(), child.name());
            TableMeta parent = isSelf ? null : ctx.meta().table(d.refSchema(), d.refTable()).orElse(null);
            if (isSelf) {
                ForeignKeyPlacement.checkColumnTypes(child.name(), self, columns, d, self, columns);
            } else if (parent != null) {
                ForeignKeyPlacement.checkColumnTypes(child.name(), self, columns, d,
                    new ForeignKeyPlacement(parent.kind(), parent.partitionInfo()), parent.columns());
            }
        }
    }

    private List<PhysicalLocation> parents(QualifiedName child, ForeignKeyPlacement self, ForeignKeyDef key,
                                           boolean checks) {
        if (key.references(child.schema(), child.name())) {
            return ForeignKeyPlacement.parents(self, key, self);
        }
        TableMeta parent = ctx.meta().table(key.refSchema(), key.refTable()).orElse(null);
        if (parent == null) {
            if (checks) {
                throw new SqlError(ErrorCode.ER_CANT_CREATE_TABLE, child.schema(), child.name(), INCORRECTLY_FORMED);
            }
            // on each child's DN, in the parent database's physical database there when it exists
            var parentDb = ctx.meta().database(key.refSchema());
            return self.info().partitions().stream().map(p -> new PhysicalLocation(p.dnId(),
                parentDb.map(db -> db.physicalDbs().getOrDefault(p.dnId(), p.physicalDb())).orElse(p.physicalDb()),
                PhysicalNames.missing(key.refTable()))).toList();
        }
        return ForeignKeyPlacement.parents(self, key, new ForeignKeyPlacement(parent.kind(), parent.partitionInfo()));
    }

    /** Constraint names are unique in a database (MariaDB: 1005 with errno 121). */
    private void checkNames(QualifiedName child, List<ForeignKeySpec> keys, List<ForeignKeyDef> kept) {
        Set<String> taken = new java.util.HashSet<>();
        for (TableMeta t : ctx.meta().tables(child.schema())) {
            if (!t.name().equalsIgnoreCase(child.name())) {
                taken.addAll(ForeignKeySpec.lowerNames(t.foreignKeys()));
            }
        }
        taken.addAll(ForeignKeySpec.lowerNames(kept));
        Set<String> inStatement = new java.util.HashSet<>();
        for (ForeignKeySpec k : keys) {
            String name = k.def().name().toLowerCase(Locale.ROOT);
            if (!inStatement.add(name)) {
                throw new SqlError(ErrorCode.ER_CANT_CREATE_TABLE, child.schema(), child.name(), INCORRECTLY_FORMED);
            }
            if (taken.contains(name)) {
                throw new SqlError(ErrorCode.ER_CANT_CREATE_TABLE, child.schema(), child.name(), DUPLICATE);
            }
        }
    }

    /**
     * After a table is created: points the keys waiting for it at its physical tables, without checking rows already
     * there (they were loaded with foreign_key_checks=0, as in MariaDB). A key the CN checks loses the physical
     * form that pointed at the missing table. Idempotent.
     */
    void connectWaitingChildren(TableMeta parent) {
        ForeignKeyPlacement placement = new ForeignKeyPlacement(parent.kind(), parent.partitionInfo());
        for (TableMeta child : ctx.meta().referencing(parent.schema(), parent.name())) {
            if (child.name().equals(parent.name()) && child.schema().equals(parent.schema())) {
                continue;
            }
            ForeignKeyPlacement childPlacement = new ForeignKeyPlacement(child.kind(), child.partitionInfo());
            List<PhysicalLocation> children = child.partitions().stream().map(PhysicalLocation::of).toList();
            for (ForeignKeyDef k : child.foreignKeys()) {
                if (!k.references(parent.schema(), parent.name())) {
                    continue;
                }
                List<PhysicalLocation> parents = ForeignKeyPlacement.parents(childPlacement, k, placement);
                ctx.physical().forEach(children, l -> {
                    String name = PhysicalLocation.quote(ForeignKeyText.physicalName(k.name(), l));
                    ctx.physical().execute(l.dnId(), withoutChecks("ALTER TABLE " + l.qualifiedName()
                        + " DROP FOREIGN KEY IF EXISTS " + name));
                    if (parents == null) {
                        return;
                    }
                    ctx.physical().execute(l.dnId(), withoutChecks("ALTER TABLE " + l.qualifiedName() + " ADD "
                        + ForeignKeyText.physicalClause(k, l, parents.get(children.indexOf(l)))));
                });
            }
        }
    }

    /** DROP TABLE with foreign_key_checks on: a parent still referenced by another table stays (1451). */
    boolean referencedByOthers(TableMeta table) {
        return ctx.meta().referencing(table.schema(), table.name()).stream()
            .anyMatch(t -> !(t.schema().equals(table.schema()) && t.name().equals(table.name())));
    }

    /** TRUNCATE with foreign_key_checks on: a table another table references is refused (1701, MariaDB's text). */
    void refuseTruncateOfParent(TableMeta table) {
        TableMeta named = null;
        ForeignKeyDef k = null;
        // InnoDB names the first key by "<child db>/<key name>", the order it keeps a parent's keys in
        for (TableMeta child : ctx.meta().referencing(table.schema(), table.name())) {
            if (child.schema().equals(table.schema()) && child.name().equals(table.name())) {
                continue;
            }
            for (ForeignKeyDef f : child.foreignKeys()) {
                if (f.references(table.schema(), table.name()) && (k == null
                    || (child.schema() + "/" + f.name()).compareTo(named.schema() + "/" + k.name()) < 0)) {
                    named = child;
                    k = f;
                }
            }
        }
        if (k != null) {
            TableMeta child = named;
            ForeignKeyDef plain = new ForeignKeyDef(k.name(), k.columns(), k.refSchema(), k.refTable(),
                k.refColumns(), ForeignKeyDef.RESTRICT, ForeignKeyDef.RESTRICT);
            // MariaDB qualifies the parent here and leaves the actions out
            String clause = plain.clause("");
            throw new SqlError(ErrorCode.ER_TRUNCATE_ILLEGAL_FK, "`" + child.schema() + "`.`" + child.name() + "`, "
                + clause);
        }
    }

    /** A DDL statement run with foreign key checks off on its DN (the CN has judged what needed judging). */
    static String withoutChecks(String ddl) {
        return "SET STATEMENT foreign_key_checks=0 FOR " + ddl;
    }

    /** The column lists of the indexes a CREATE TABLE statement declares (primary, unique and plain keys). */
    static List<List<String>> declaredIndexes(List<SQLTableElement> elements) {
        List<List<String>> out = new ArrayList<>();
        for (SQLTableElement e : elements) {
            if (e instanceof SQLUnique u) {
                out.add(columns(u.getColumns()));
            } else if (e instanceof MySqlTableIndex ix) {
                out.add(columns(ix.getColumns()));
            } else if (e instanceof SQLColumnDefinition col) {
                boolean keyed = col.getConstraints().stream()
                    .anyMatch(c -> c instanceof SQLColumnPrimaryKey || c instanceof SQLColumnUniqueKey);
                if (keyed) {
                    out.add(List.of(SQLUtils.normalize(col.getColumnName())));
                }
            }
        }
        return out;
    }

    private static List<String> columns(List<SQLSelectOrderByItem> items) {
        return items.stream().map(SQLSelectOrderByItem::getExpr).map(ForeignKeyDdl::columnOf).toList();
    }

    private static String columnOf(SQLExpr expr) {
        if (expr instanceof SQLIdentifierExpr id) {
            return SQLUtils.normalize(id.getName());
        } else if (expr instanceof SQLMethodInvokeExpr prefix) {
            return SQLUtils.normalize(prefix.getMethodName());
        }
        return expr.toString();
    }
}
