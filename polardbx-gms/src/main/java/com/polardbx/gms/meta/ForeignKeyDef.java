package com.polardbx.gms.meta;

import java.util.List;

/**
 * A foreign key of a logical table, with logical names only: the child columns, the parent table and columns, and
 * the referential actions as MySQL spells them ({@code RESTRICT}, {@code CASCADE}, {@code SET NULL},
 * {@code NO ACTION}, {@code SET DEFAULT}).
 *
 * @param name the constraint name, unique within the child's database (MySQL's rule)
 */
public record ForeignKeyDef(String name, List<String> columns, String refSchema, String refTable,
                            List<String> refColumns, String onDelete, String onUpdate) {
    /** The action MySQL applies when none is written. */
    public static final String RESTRICT = "RESTRICT";

    /** Whether this key points at {@code schema.table} (names compared as GMS stores them, lower case). */
    public boolean references(String schema, String table) {
        return refSchema.equalsIgnoreCase(schema) && refTable.equalsIgnoreCase(table);
    }

    /** The same key pointing at a renamed parent. */
    public ForeignKeyDef withParent(String schema, String table) {
        return new ForeignKeyDef(name, columns, schema, table, refColumns, onDelete, onUpdate);
    }
}
