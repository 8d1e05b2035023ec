package com.polardbx.gms.meta;

import java.util.List;

/**
 * A logical view: its query, stored with every table name qualified by its database (as MySQL stores views), and
 * the columns it had when it was created or last altered.
 *
 * @param definition the SELECT, its table names qualified, printed on one line
 * @param columnList the column names given in {@code CREATE VIEW v (a, b) AS ...}; empty when none were given
 * @param columns the view's columns as {@code SHOW COLUMNS} and {@code information_schema.COLUMNS} describe them
 * @param definer {@code user@host}, unquoted
 * @param updatable whether INSERT/UPDATE/DELETE may write through it (information_schema.VIEWS.IS_UPDATABLE)
 */
public record ViewMeta(String schema, String name, String definition, List<String> columnList,
                       List<ColumnDef> columns, String algorithm, String definer, String securityType,
                       String checkOption, String characterSetClient, String collationConnection,
                       boolean updatable) {
    /** MySQL's SQL SECURITY INVOKER: the tables the view reads are checked against the querying user. */
    public boolean invokerSecurity() {
        return "INVOKER".equalsIgnoreCase(securityType);
    }
}
