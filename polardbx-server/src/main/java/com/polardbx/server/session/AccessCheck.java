package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.user.Privilege;
import com.polardbx.gms.user.UserStore;
import com.polardbx.gms.user.GrantRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Table- and database-level privilege checks of the session's account, with MySQL's error numbers. */
public final class AccessCheck {
    private final UserStore users;
    private final SessionState state;

    AccessCheck(UserStore users, SessionState state) {
        this.users = users;
        this.state = state;
    }

    /** 1142 unless the account holds {@code privilege} on the table (directly, on its database, or globally). */
    public void requireTable(Privilege privilege, String schema, String table) {
        if (!users.allowed(state.user(), state.accountHost(), privilege, schema, table)) {
            throw new SqlError(ErrorCode.ER_TABLEACCESS_DENIED, privilege.sqlName().toUpperCase(Locale.ROOT),
                state.user(), state.clientHost(), table);
        }
    }

    /** Whether the account holds {@code privilege} globally (FILE, PROCESS, SUPER are only global). */
    public boolean hasGlobal(Privilege privilege) {
        return users.allowed(state.user(), state.accountHost(), privilege, "*", "*");
    }

    /** MySQL's 1045 for an operation the account may not do at all (LOAD DATA INFILE without FILE). */
    public SqlError accessDenied() {
        return new SqlError(ErrorCode.ER_ACCESS_DENIED, state.user(), state.accountHost(), "YES");
    }

    /**
     * Whether the account may learn that {@code schema.table} exists (SHOW, information_schema), as MySQL decides:
     * some privilege on it, its database or globally. {@code table} null asks about the database: some privilege
     * on it or anything in it.
     */
    public boolean sees(String schema, String table) {
        String db = schema.toLowerCase(Locale.ROOT);
        for (GrantRow g : users.grantsOf(state.user(), state.accountHost())) {
            if (g.db().equals("*") || g.db().equals(db)
                && (table == null || g.table().equals("*") || g.table().equalsIgnoreCase(table))) {
                return true;
            }
        }
        return false;
    }

    /** 1044 unless the account {@link #sees} the database; 1142 ({@code verb} command denied) for a table. */
    public void requireSees(String schema, String table, String verb) {
        if (sees(schema, table)) {
            return;
        }
        if (table == null) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), schema);
        }
        throw new SqlError(ErrorCode.ER_TABLEACCESS_DENIED, verb, state.user(), state.clientHost(), table);
    }

    /**
     * An SQL condition over a row's schema (and table) column that keeps what {@link #sees} allows, for the logical
     * information_schema views; null when the account sees everything (a global privilege).
     */
    public String visibleCondition(String schemaColumn, String tableColumn) {
        List<String> terms = new ArrayList<>();
        terms.add(schemaColumn + " = 'information_schema'");
        for (GrantRow g : users.grantsOf(state.user(), state.accountHost())) {
            if (g.db().equals("*")) {
                return null;
            }
            String db = quote(g.db());
            if (g.table().equals("*") || tableColumn == null) {
                terms.add(schemaColumn + " = " + db);
            } else {
                terms.add("(" + schemaColumn + " = " + db + " AND " + tableColumn + " = " + quote(g.table()) + ")");
            }
        }
        return String.join(" OR ", terms);
    }

    private static String quote(String name) {
        return "'" + name.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** 1044 unless the account holds {@code privilege} on the database. */
    public void requireDatabase(Privilege privilege, String schema) {
        if (!users.allowed(state.user(), state.accountHost(), privilege, schema, "*")) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), schema);
        }
    }

    /** 1044 unless the account holds some privilege on the database or on something in it. */
    public void requireAnyOn(String schema) {
        if (!sees(schema, null)) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), schema);
        }
    }
}
