package com.polardbx.gms.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.gms.store.TestingMetaDb;
import com.polardbx.testing.TestingDataNodes;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserStoreIT {
    private static MetaDb db;
    private static UserStore users;

    @BeforeAll
    static void start() throws Exception {
        db = TestingMetaDb.fresh(TestingDataNodes.shared(), 1);
        users = new UserStore(db);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void bootstrapCreatesRootOnLoopbackOnly() {
        for (String client : List.of("127.0.0.1", "::1", "localhost")) {
            UserRecord root = users.find("root", client).orElseThrow();
            assertFalse(root.hasPassword());
            assertTrue(users.allowed("root", root.host(), Privilege.DROP, "any", "thing"));
        }
        assertTrue(users.find("root", "10.0.0.8").isEmpty());
        assertEquals(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"),
            users.showGrants("root", "localhost"));
        // a second store on the same metadb does not create them again
        new UserStore(db);
        assertEquals(3, new UserStore(db).users().stream().filter(u -> u.user().equals("root")).count());
    }

    @Test
    void accountsAndHostMatching() {
        users.createUser("app", "%", "pw1");
        users.createUser("app", "10.1.%", "pw2");
        users.createUser("app", "10.1.2.3", "pw3");
        assertEquals(1396, assertThrows(SqlError.class, () -> users.createUser("app", "%", "x")).errno());
        assertEquals("10.1.2.3", users.find("app", "10.1.2.3").orElseThrow().host());
        assertEquals("10.1.%", users.find("app", "10.1.9.9").orElseThrow().host());
        assertEquals("%", users.find("app", "192.168.0.1").orElseThrow().host());
        assertArrayEquals(PasswordHashes.nativeHash("pw2"), users.find("app", "10.1.9.9").orElseThrow().nativeHash());
        assertArrayEquals(PasswordHashes.sha2Hash("pw1"), users.find("app", "1.2.3.4").orElseThrow().sha2Hash());

        users.alterPassword("app", "%", "new");
        assertArrayEquals(PasswordHashes.nativeHash("new"), new UserStore(db).find("app", "1.2.3.4")
            .orElseThrow().nativeHash());
        users.dropUser("app", "10.1.%");
        assertEquals("%", users.find("app", "10.1.9.9").orElseThrow().host());
        assertEquals(1396, assertThrows(SqlError.class, () -> users.dropUser("app", "10.1.%")).errno());
        assertEquals(1396, assertThrows(SqlError.class, () -> users.alterPassword("nobody", "%", "x")).errno());
        assertTrue(users.find("nobody", "127.0.0.1").isEmpty());
    }

    @Test
    void grantsRevokesAndShowGrants() {
        users.createUser("reader", "%", "r");
        assertEquals(List.of("GRANT USAGE ON *.* TO `reader`@`%`"), users.showGrants("reader", "%"));
        assertFalse(users.allowed("reader", "%", Privilege.SELECT, "shop", "orders"));
        assertFalse(users.anyPrivilegeOn("reader", "%", "shop"));

        users.grant("reader", "%", EnumSet.of(Privilege.SELECT, Privilege.INSERT), "Shop", "*", false);
        users.grant("reader", "%", EnumSet.of(Privilege.UPDATE), "shop", "Orders", true);
        assertTrue(users.allowed("reader", "%", Privilege.SELECT, "SHOP", "anything"));
        assertTrue(users.allowed("reader", "%", Privilege.UPDATE, "shop", "orders"));
        assertFalse(users.allowed("reader", "%", Privilege.UPDATE, "shop", "items"));
        assertFalse(users.allowed("reader", "%", Privilege.SELECT, "other", "t"));
        assertTrue(users.anyPrivilegeOn("reader", "%", "shop"));
        assertEquals(List.of("GRANT USAGE ON *.* TO `reader`@`%`",
            "GRANT SELECT, INSERT ON `shop`.* TO `reader`@`%`",
            "GRANT UPDATE ON `shop`.`orders` TO `reader`@`%` WITH GRANT OPTION"), users.showGrants("reader", "%"));

        users.revoke("reader", "%", EnumSet.of(Privilege.INSERT), "shop", "*", false);
        assertFalse(users.allowed("reader", "%", Privilege.INSERT, "shop", "t"));
        assertTrue(new UserStore(db).allowed("reader", "%", Privilege.SELECT, "shop", "t"));
        assertEquals(1141, assertThrows(SqlError.class, () -> users.revoke("reader", "%",
            EnumSet.of(Privilege.SELECT), "nodb", "*", false)).errno());
        assertEquals(1133, assertThrows(SqlError.class, () -> users.grant("ghost", "%",
            EnumSet.of(Privilege.SELECT), "*", "*", false)).errno());

        users.grant("reader", "%", EnumSet.of(Privilege.ALL), "*", "*", false);
        users.revoke("reader", "%", EnumSet.of(Privilege.DROP), "*", "*", false);
        assertTrue(users.allowed("reader", "%", Privilege.CREATE, "x", "y"));
        assertFalse(users.allowed("reader", "%", Privilege.DROP, "x", "y"));
        users.revoke("reader", "%", EnumSet.of(Privilege.ALL), "*", "*", false);
        assertFalse(users.allowed("reader", "%", Privilege.CREATE, "x", "y"));

        users.dropUser("reader", "%");
        users.createUser("reader", "%", "r");
        assertEquals(List.of("GRANT USAGE ON *.* TO `reader`@`%`"), users.showGrants("reader", "%"));
    }
}
