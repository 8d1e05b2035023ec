package com.polardbx.server.handler;

import com.polardbx.gms.user.GrantRow;
import com.polardbx.gms.user.Privilege;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The account's own grants as the rows of {@code information_schema.USER_PRIVILEGES}, {@code SCHEMA_PRIVILEGES}
 * and {@code TABLE_PRIVILEGES} (what MySQL shows a user without access to the grant tables), as derived tables a
 * data node can evaluate. Stateless.
 */
final class PrivilegeRows {
    private static final Set<Privilege> TABLE_LEVEL = EnumSet.of(Privilege.SELECT, Privilege.INSERT,
        Privilege.UPDATE, Privilege.DELETE, Privilege.CREATE, Privilege.DROP, Privilege.REFERENCES, Privilege.INDEX,
        Privilege.ALTER, Privilege.CREATE_VIEW, Privilege.SHOW_VIEW, Privilege.TRIGGER);

    private PrivilegeRows() {
    }

    /** The derived table for {@code table} (USER_/SCHEMA_/TABLE_PRIVILEGES) or null for any other table. */
    static String derivedTable(String table, String user, String host, List<GrantRow> grants) {
        String grantee = "'" + user + "'@'" + host + "'";
        List<String> columns;
        List<Object[]> rows = new ArrayList<>();
        switch (table) {
            case "USER_PRIVILEGES" -> {
                columns = List.of("GRANTEE", "TABLE_CATALOG", "PRIVILEGE_TYPE", "IS_GRANTABLE");
                for (GrantRow g : grants) {
                    if (g.db().equals("*")) {
                        for (Privilege p : expand(g.privileges(), EnumSet.complementOf(EnumSet.of(Privilege.ALL)))) {
                            rows.add(new Object[] {grantee, "def", p.sqlName(), g.grantOption() ? "YES" : "NO"});
                        }
                    }
                }
                if (rows.isEmpty()) {
                    rows.add(new Object[] {grantee, "def", "USAGE", "NO"});
                }
            }
            case "SCHEMA_PRIVILEGES" -> {
                columns = List.of("GRANTEE", "TABLE_CATALOG", "TABLE_SCHEMA", "PRIVILEGE_TYPE", "IS_GRANTABLE");
                Set<Privilege> level = EnumSet.complementOf(EnumSet.of(Privilege.ALL));
                level.removeIf(Privilege::globalOnly);
                for (GrantRow g : grants) {
                    if (!g.db().equals("*") && g.table().equals("*")) {
                        for (Privilege p : expand(g.privileges(), level)) {
                            rows.add(new Object[] {grantee, "def", g.db(), p.sqlName(), yesNo(g)});
                        }
                    }
                }
            }
            case "TABLE_PRIVILEGES" -> {
                columns = List.of("GRANTEE", "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "PRIVILEGE_TYPE",
                    "IS_GRANTABLE");
                for (GrantRow g : grants) {
                    if (!g.db().equals("*") && !g.table().equals("*")) {
                        for (Privilege p : expand(g.privileges(), TABLE_LEVEL)) {
                            rows.add(new Object[] {grantee, "def", g.db(), g.table(), p.sqlName(), yesNo(g)});
                        }
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return derived(columns, rows);
    }

    private static String yesNo(GrantRow g) {
        return g.grantOption() ? "YES" : "NO";
    }

    private static List<Privilege> expand(Set<Privilege> granted, Set<Privilege> level) {
        List<Privilege> out = new ArrayList<>();
        for (Privilege p : Privilege.values()) {
            if (level.contains(p) && (granted.contains(Privilege.ALL) || granted.contains(p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Literal rows as a derived table with the given column names; an empty one when there are no rows. */
    private static String derived(List<String> columns, List<Object[]> rows) {
        StringBuilder sql = new StringBuilder("(");
        if (rows.isEmpty()) {
            sql.append("SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append("'' AS `").append(columns.get(c)).append('`');
            }
            return sql.append(" FROM DUAL WHERE 0)").toString();
        }
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(ProcessListRows.literal(rows.get(r)[c]));
                if (r == 0) {
                    sql.append(" AS `").append(columns.get(c)).append('`');
                }
            }
        }
        return sql.append(')').toString();
    }
}
