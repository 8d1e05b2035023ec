package com.polardbx.gms.user;

import java.util.Set;

/**
 * The privileges one account holds at one level: {@code *.*}, {@code db.*} or {@code db.table}.
 *
 * @param db lower-case database name or {@code *}
 * @param table lower-case table name or {@code *}
 */
public record GrantRow(String user, String host, String db, String table, Set<Privilege> privileges,
                       boolean grantOption) {
    public boolean covers(Privilege p) {
        return privileges.contains(Privilege.ALL) || privileges.contains(p);
    }

    /** The {@code ON} part as MySQL prints it: {@code *.*}, {@code `db`.*} or {@code `db`.`t`}. */
    public String target() {
        if (db.equals("*")) {
            return "*.*";
        }
        return quote(db) + "." + (table.equals("*") ? "*" : quote(table));
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
