package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.user.Privilege;
import com.polardbx.gms.user.UserStore;
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

    /** 1044 unless the account holds {@code privilege} on the database. */
    public void requireDatabase(Privilege privilege, String schema) {
        if (!users.allowed(state.user(), state.accountHost(), privilege, schema, "*")) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), schema);
        }
    }

    /** Whether the account holds any privilege on the table: MySQL lists only such tables to it. */
    public boolean canSeeTable(String schema, String table) {
        for (Privilege p : Privilege.values()) {
            if (p != Privilege.ALL && users.allowed(state.user(), state.accountHost(), p, schema, table)) {
                return true;
            }
        }
        return false;
    }

    /** 1044 unless the account holds some privilege on the database or on something in it. */
    public void requireAnyOn(String schema) {
        if (!users.anyPrivilegeOn(state.user(), state.accountHost(), schema)) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), schema);
        }
    }
}
