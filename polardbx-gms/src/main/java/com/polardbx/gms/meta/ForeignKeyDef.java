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

    /**
     * {@code CONSTRAINT `n` FOREIGN KEY (`a`) REFERENCES [`db`.]`p` (`x`) [ON DELETE ..] [ON UPDATE ..]} as MariaDB
     * prints it in SHOW CREATE TABLE and in 1451/1452 messages; the parent's database only when it is not the child's.
     */
    public String clause(String childSchema) {
        String parent = (refSchema.equalsIgnoreCase(childSchema) ? "" : quote(refSchema) + ".") + quote(refTable);
        return "CONSTRAINT " + quote(name) + " FOREIGN KEY " + columns(columns) + " REFERENCES " + parent + " "
            + columns(refColumns) + actions();
    }

    /** The {@code ON DELETE}/{@code ON UPDATE} part MariaDB prints (RESTRICT, the default, is left out). */
    public String actions() {
        return (RESTRICT.equals(onDelete) ? "" : " ON DELETE " + onDelete)
            + (RESTRICT.equals(onUpdate) ? "" : " ON UPDATE " + onUpdate);
    }

    /** Whether a change of the parent can change the child's key columns (SET NULL, SET DEFAULT, CASCADE update). */
    public boolean changesChildColumns() {
        return !onUpdate.equals(RESTRICT) && !onUpdate.equals("NO ACTION")
            || onDelete.equals("SET NULL") || onDelete.equals("SET DEFAULT");
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String columns(List<String> names) {
        return names.stream().map(ForeignKeyDef::quote).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    /** The same key pointing at a renamed parent. */
    public ForeignKeyDef withParent(String schema, String table) {
        return new ForeignKeyDef(name, columns, schema, table, refColumns, onDelete, onUpdate);
    }
}
