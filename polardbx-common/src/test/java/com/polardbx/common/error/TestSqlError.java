package com.polardbx.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSqlError {
    @Test
    void passThroughKeepsMysqlsSqlStateForKnownErrnos() {
        SqlError timeout = SqlError.passThrough(1205, "40001", "Lock wait timeout exceeded; try restarting transaction",
            null);
        assertEquals(1205, timeout.errno());
        assertEquals("HY000", timeout.sqlState(), "Connector/J's 40001 for 1205 is not what MySQL sends");
        assertEquals("40001", SqlError.passThrough(1213, "40001", "Deadlock", null).sqlState());
        assertEquals("XA102", SqlError.passThrough(1614, "XA102", "XA_RBDEADLOCK", null).sqlState(), "unknown errno");
        assertEquals("HY000", SqlError.passThrough(1614, null, "no state", null).sqlState());
    }

    @Test
    void errnosAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(true, seen.add(code.errno()), "errno used twice: " + code.errno());
        }
        assertEquals(ErrorCode.ER_LOCK_DEADLOCK, ErrorCode.byErrno(1213));
        assertNull(ErrorCode.byErrno(1));
    }
}
