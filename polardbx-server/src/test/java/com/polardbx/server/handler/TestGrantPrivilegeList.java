package com.polardbx.server.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.user.Privilege;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TestGrantPrivilegeList {
    @Test
    void readsMariaDbNamesAndLeavesTheRestToDruid() {
        GrantPrivilegeList l = GrantPrivilegeList.read(
            "grant Binlog  Admin, REPLICATION CLIENT, replica monitor, READ_ONLY ADMIN, select ON *.* TO 'u'@'%'");
        assertEquals(EnumSet.of(Privilege.BINLOG_ADMIN, Privilege.BINLOG_MONITOR, Privilege.SLAVE_MONITOR,
            Privilege.READ_ONLY_ADMIN, Privilege.SELECT), l.privileges());
        assertEquals("grant USAGE ON *.* TO 'u'@'%'", l.rewritten());
        assertEquals(EnumSet.noneOf(Privilege.class), GrantPrivilegeList.read("GRANT USAGE ON db.* TO u").privileges());
        assertEquals(EnumSet.of(Privilege.SLAVE_MONITOR),
            GrantPrivilegeList.read("REVOKE SLAVE MONITOR ON *.* FROM u").privileges());
        assertNull(GrantPrivilegeList.read("GRANT SELECT (a, b) ON t TO u"), "column privileges");
        assertNull(GrantPrivilegeList.read("REVOKE ALL PRIVILEGES, GRANT OPTION FROM u"), "no ON");
        assertNull(GrantPrivilegeList.read("SELECT 1"));
    }

    @Test
    void unknownNamesAreSyntaxErrors() {
        SqlError e = assertThrows(SqlError.class, () -> GrantPrivilegeList.read("GRANT SELECT, BINLOG FOO ON *.* TO u"));
        assertEquals(1064, e.errno());
    }

    @Test
    void printsAndStoresAsMariaDb() {
        assertEquals("READ_ONLY ADMIN", Privilege.READ_ONLY_ADMIN.sqlName());
        assertEquals("BINLOG MONITOR", Privilege.fromSql("replication client").sqlName());
        assertEquals("REPLICATION SLAVE ADMIN", Privilege.fromSql("REPLICATION REPLICA ADMIN").sqlName());
    }
}
