package com.polardbx.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TestDataNodeMessages {
    @Test
    void physicalNamesBecomeLogical() {
        assertEquals("Can't create table `sec_a`.`c` (errno: 150 \"Foreign key constraint is incorrectly formed\")",
            DataNodeMessages.clean("Can't create table `sec_a_p0`.`c_91b0_00000` (errno: 150 \"Foreign key"
                + " constraint is incorrectly formed\")"));
        assertEquals("Table 'shop.orders' doesn't exist",
            DataNodeMessages.clean("Table 'shop_p12.orders_0a1f_00003' doesn't exist"));
        String key = "Duplicate entry '1' for key 'idx_p1'";
        assertEquals(key, DataNodeMessages.clean(key), "only a name before a dot is a database");
    }

    @Test
    void theCnsAccountBecomesTheClients() {
        DataNodeMessages.registerAccount("polardbx_cn_test");
        assertEquals("SELECT command denied to user 'ro'@'localhost' for table `t`",
            DataNodeMessages.asClient("SELECT command denied to user 'polardbx_cn_test'@'127.0.0.1' for table `t`",
                "ro", "localhost"));
        String other = "Operation CREATE USER failed for 'bob'@'%'";
        assertEquals(other, DataNodeMessages.asClient(other, "ro", "localhost"));
    }

    @Test
    void pathsLoseTheirDirectories() {
        assertEquals("Can't create/write to file './x.txt' (Errcode: 13)",
            DataNodeMessages.clean("Can't create/write to file '/tmp/data/dn1/files/x.txt' (Errcode: 13)"));
        assertEquals("Can't read dir of './data' (errno: 2)",
            DataNodeMessages.clean("Can't read dir of '/work/t/target/testing-dns/4242/data/' (errno: 2)"));
        assertEquals("XPATH syntax error: '/a/b['", DataNodeMessages.clean("XPATH syntax error: '/a/b['"));
        assertEquals(null, DataNodeMessages.clean(null));
    }
}
