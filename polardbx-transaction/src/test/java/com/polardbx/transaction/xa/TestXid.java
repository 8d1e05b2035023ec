package com.polardbx.transaction.xa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestXid {
    @Test
    void gtridCarriesPrefixCnAndTransactionId() {
        Xid xid = new Xid("cn-1", 123456789L, "dn2");
        assertEquals("pdx-cn-1-123456789", xid.gtrid());
        assertEquals(Optional.of(xid), Xid.parse(Xid.FORMAT_ID, xid.gtrid(), "dn2"));
    }

    @Test
    void sqlFormUsesHexLiterals() {
        Xid xid = new Xid("c'n", 5L, "dn1");
        assertEquals("X'7064782d63276e2d35',X'646e31'," + Xid.FORMAT_ID, xid.toSql());
    }

    @Test
    void foreignBranchesAreNotParsed() {
        assertTrue(Xid.parse(1, "pdx-cn-5", "dn1").isEmpty(), "other format id");
        assertTrue(Xid.parse(Xid.FORMAT_ID, "app-cn-5", "dn1").isEmpty(), "other prefix");
        assertTrue(Xid.parse(Xid.FORMAT_ID, "pdx-cn-abc", "dn1").isEmpty(), "no transaction id");
        assertTrue(Xid.parse(Xid.FORMAT_ID, "pdx-5", "dn1").isEmpty(), "no CN id");
    }

    @Test
    void longestCnIdFitsTheGtridLimit() {
        Xid xid = new Xid("c".repeat(Xid.MAX_CN_ID_LENGTH), Long.MAX_VALUE, "dn1");
        assertEquals(64, xid.gtrid().length());
    }
}
