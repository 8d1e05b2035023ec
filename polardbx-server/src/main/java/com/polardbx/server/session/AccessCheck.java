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

    /** Whether the account holds {@code privilege} globally (FILE, PROCESS, SUPER are only global). */
    public boolean hasGlobal(Privilege privilege) {
        return users.allowed(state.user(), state.accountHost(), privilege, "*", "*");
    }

    /** MySQL's 1045 for an operation the account may not do at all (LOAD DATA INFILE without FILE). */
    public SqlError accessDenied() {
        return new SqlError(ErrorCode.ER_ACCESS_DENIED, state.user(), state.accountHost(), "YES");
    }

    /** 1044 unless the account holds {@code privilege} on the database. */
    public void requireDatabase(Privilege privilege, String schema) {
        if (!users.allowed(state.user(), state.accountHost(), privilege, schema, "*")) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.clientHost(), schema);
        }
    }
}
