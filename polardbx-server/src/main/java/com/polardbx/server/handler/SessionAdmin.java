package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.session.SqlSession;

/**
 * Who may see, stop and reconfigure other sessions, as MySQL decides it: PROCESS to see other users' sessions, SUPER
 * to kill them or to change global variables. A session's owner is its user name, as in MySQL.
 */
public final class SessionAdmin {
    private final ServerContext context;
    private final SessionState state;

    public SessionAdmin(ServerContext context, SessionState state) {
        this.context = context;
        this.state = state;
    }

    /** Whether the session's account holds {@code privilege} globally (on {@code *.*}). */
    public boolean hasGlobal(Privilege privilege) {
        return context.users().allowed(state.user(), state.accountHost(), privilege, "*", "*");
    }

    /** Whether this session may see {@code other} in SHOW PROCESSLIST and information_schema.PROCESSLIST. */
    public boolean sees(SessionState other) {
        return state.user().equals(other.user()) || hasGlobal(Privilege.PROCESS);
    }

    /** The session with id {@code id} if this session may kill it; 1094 when there is none, 1095 when not its own. */
    public SqlSession killable(long id) {
        SqlSession target = context.processes().find(id);
        if (target == null) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_THREAD, id);
        }
        if (!state.user().equals(target.state().user()) && !hasGlobal(Privilege.SUPER)) {
            throw new SqlError(ErrorCode.ER_KILL_DENIED, id);
        }
        return target;
    }

    /** 1227 unless the account may change global variables (SUPER). */
    public void requireSetGlobal() {
        if (!hasGlobal(Privilege.SUPER)) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "SUPER or SYSTEM_VARIABLES_ADMIN");
        }
    }
}
