package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.ast.SQLStatement;

/**
 * Told of every logical DDL that completed, in completion order, while the DDL engine still holds its lock (so no
 * other DDL runs in between). The CDC uses it to place the DDL in the global binlog. Must not throw for the DDL's sake:
 * a failure is logged, the DDL stays done.
 */
@FunctionalInterface
public interface DdlListener {
    DdlListener NONE = (schema, ddl, sql) -> { };

    /**
     * @param currentSchema the session's database, null when none
     * @param sql the statement as the client sent it
     */
    void afterDdl(String currentSchema, SQLStatement ddl, String sql);
}
