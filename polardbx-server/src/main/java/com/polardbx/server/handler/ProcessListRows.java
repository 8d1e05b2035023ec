package com.polardbx.server.handler;

import com.polardbx.server.ServerContext;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.session.SqlSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The CN's sessions as process-list rows (Id, User, Host, db, Command, Time, State, Info), for SHOW PROCESSLIST and
 * information_schema.PROCESSLIST. A session is {@code Query} from the start of a statement until its last row is
 * sent (the statement's cursor is closed), else {@code Sleep}.
 */
final class ProcessListRows {
    /** MySQL's information_schema.PROCESSLIST columns, in order. */
    static final List<String> COLUMNS = List.of("ID", "USER", "HOST", "DB", "COMMAND", "TIME", "STATE", "INFO");

    private ProcessListRows() {
    }

    /** The sessions {@code viewer} may see: its user's own, or all of them with the PROCESS privilege. */
    static List<Object[]> of(ServerContext context, SessionState viewer) {
        List<Object[]> rows = new ArrayList<>();
        long now = System.currentTimeMillis();
        SessionAdmin admin = new SessionAdmin(context, viewer);
        for (SqlSession s : context.processes().all()) {
            SessionState st = s.state();
            if (!admin.sees(st)) {
                continue;
            }
            String info = st.currentSql();
            long since = info == null ? st.connectedAtMillis() : st.statementStartMillis();
            rows.add(new Object[] {st.connectionId(), st.user(), st.clientHost(), st.database(),
                info == null ? "Sleep" : "Query", Math.max(0, now - since) / 1000, info == null ? "" : st.stage(),
                info});
        }
        return rows;
    }

    /**
     * The rows as a derived table a data node can evaluate (so that any WHERE, ORDER BY or projection over
     * information_schema.PROCESSLIST works as on MySQL): one {@code SELECT} of literals per session, strings as
     * hexadecimal literals (no escaping rules of the DN's sql_mode apply). Never empty: the asking session is listed.
     */
    static String derivedTable(List<Object[]> rows) {
        return DerivedTables.of(COLUMNS, rows);
    }

    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof java.math.BigInteger big) {
            return big.toString();
        }
        if (value instanceof Number n) {
            return Long.toString(n.longValue());
        }
        byte[] utf8 = value.toString().getBytes(StandardCharsets.UTF_8);
        return utf8.length == 0 ? "CONVERT('' USING utf8mb4)"
            : "CONVERT(X'" + HexFormat.of().formatHex(utf8) + "' USING utf8mb4)";
    }
}
