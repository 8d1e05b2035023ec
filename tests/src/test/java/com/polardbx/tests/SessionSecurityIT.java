package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions seen and stopped by a restricted user, as MySQL allows it: SHOW PROCESSLIST and
 * information_schema.PROCESSLIST list other users' sessions only with PROCESS; KILL, KILL QUERY and the protocol's
 * COM_PROCESS_KILL refuse another user's connection with 1095; SET GLOBAL needs SUPER (1227); SHOW GRANTS FOR shows
 * the named account's grants, and another account's only to a user with SELECT on mysql (1044).
 */
class SessionSecurityIT {
    static final String USER = "sess_ro";
    static final String PASSWORD = "ro_pw_1";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS sess_a");
            st.execute("CREATE DATABASE sess_a MODE='auto'");
            st.execute("CREATE TABLE sess_a.t (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 2");
            st.execute("INSERT INTO sess_a.t VALUES (1, 10), (2, 20)");
            for (String user : List.of(USER, "sess_other", "sess_proc")) {
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                st.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
                st.execute("GRANT SELECT ON sess_a.* TO '" + user + "'@'%'");
            }
            st.execute("GRANT PROCESS ON *.* TO 'sess_proc'@'%'");
        }
    }

    static Connection connectAs(String user) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port()
            + "/sess_a?sslMode=DISABLED&allowPublicKeyRetrieval=true", user, PASSWORD);
    }

    private static long id(Connection c) throws SQLException {
        return Long.parseLong(SqlFiles.rows(c, "SELECT CONNECTION_ID()").get(0));
    }

    private static int errno(Connection c, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> SqlFiles.execute(c, sql), sql);
        return e.getErrorCode();
    }

    /** Ids listed by SHOW PROCESSLIST and by information_schema.PROCESSLIST, which must agree. */
    private static List<String> visibleUsers(Connection c) throws SQLException {
        List<String> shown = SqlFiles.rows(c, "SHOW PROCESSLIST").stream().map(r -> r.split(" \\| ")[1]).sorted()
            .toList();
        List<String> table = SqlFiles.rows(c, "SELECT USER FROM information_schema.PROCESSLIST").stream().sorted()
            .toList();
        assertEquals(shown, table, "SHOW PROCESSLIST and information_schema.PROCESSLIST list the same sessions");
        return shown;
    }

    @Test
    void processListShowsOtherUsersOnlyWithProcessPrivilege() throws SQLException {
        try (Connection root = cluster.connect(null, null); Connection ro = connectAs(USER);
             Connection other = connectAs("sess_other"); Connection proc = connectAs("sess_proc")) {
            List<String> seenByRo = visibleUsers(ro);
            assertFalse(seenByRo.isEmpty());
            assertTrue(seenByRo.stream().allMatch(USER::equals), "sess_ro sees only its own sessions: " + seenByRo);
            assertTrue(SqlFiles.rows(ro, "SHOW FULL PROCESSLIST").stream().noneMatch(r -> r.contains("| root |")));
            for (Connection withProcess : List.of(root, proc)) {
                List<String> all = visibleUsers(withProcess);
                assertTrue(all.containsAll(List.of("root", USER, "sess_other", "sess_proc")), all.toString());
            }
            assertTrue(SqlFiles.rows(ro, "SELECT ID FROM information_schema.PROCESSLIST").contains(
                Long.toString(id(ro))));
        }
    }

    @Test
    void killOfAnotherUsersConnectionIsRefusedWith1095() throws Exception {
        try (Connection root = cluster.connect(null, null); Connection ro = connectAs(USER);
             Connection roToo = connectAs(USER)) {
            long rootId = id(root);
            assertEquals(1095, errno(ro, "KILL " + rootId));
            assertEquals(1095, errno(ro, "KILL QUERY " + rootId));
            assertEquals(1095, errno(ro, "KILL CONNECTION " + rootId));
            assertEquals(1094, errno(ro, "KILL 987654321"));
            try (WireClient wire = new WireClient(cluster.port(), 10_000)) {
                assertTrue(wire.login(USER, PASSWORD).isOk());
                WireClient.Packet answer = wire.command(WireClient.COM_PROCESS_KILL, WireClient.int4(rootId));
                assertTrue(answer.isError(), answer.toString());
                assertEquals(1095, answer.errno());
                assertEquals("You are not owner of thread " + rootId, answer.message());
            }
            assertEquals(List.of("1"), SqlFiles.rows(root, "SELECT 1"), "root's connection survived");
            // a user may kill its own connections, and root (SUPER) anyone's
            SqlFiles.execute(ro, "KILL QUERY " + id(roToo));
            long roTooId = id(roToo);
            SqlFiles.execute(ro, "KILL " + roTooId);
            assertThrows(SQLException.class, () -> SqlFiles.rows(roToo, "SELECT 1"));
            SqlFiles.execute(root, "KILL " + id(ro));
            assertThrows(SQLException.class, () -> SqlFiles.rows(ro, "SELECT 1"));
        }
    }

    @Test
    void comProcessKillByOwnerOrSuperWorks() throws Exception {
        try (Connection ro = connectAs(USER); WireClient wire = new WireClient(cluster.port(), 10_000)) {
            assertTrue(wire.login("root", "").isOk());
            assertTrue(wire.command(WireClient.COM_PROCESS_KILL, WireClient.int4(id(ro))).isOk());
            assertThrows(SQLException.class, () -> SqlFiles.rows(ro, "SELECT 1"));
        }
    }

    @Test
    void setGlobalWithoutSuperIs1227() throws SQLException {
        try (Connection root = cluster.connect(null, null); Connection ro = connectAs(USER)) {
            String before = SqlFiles.rows(root, "SELECT @@GLOBAL.wait_timeout").get(0);
            SQLException e = assertThrows(SQLException.class,
                () -> SqlFiles.execute(ro, "SET GLOBAL wait_timeout = 5"));
            assertEquals(1227, e.getErrorCode());
            assertEquals("42000", e.getSQLState());
            assertEquals("Access denied; you need (at least one of) the SUPER or SYSTEM_VARIABLES_ADMIN privilege(s) "
                + "for this operation", e.getMessage());
            assertEquals(1227, errno(ro, "SET @@global.max_connections = 5"));
            assertEquals(1227, errno(ro, "SET GLOBAL TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
            assertEquals(before, SqlFiles.rows(root, "SELECT @@GLOBAL.wait_timeout").get(0));
            SqlFiles.execute(ro, "SET SESSION wait_timeout = 100"); // the session's own value needs nothing
            assertEquals(List.of("100"), SqlFiles.rows(ro, "SELECT @@SESSION.wait_timeout"));
        }
    }

    @Test
    void showGrantsForShowsTheNamedAccount() throws SQLException {
        try (Connection root = cluster.connect(null, null); Connection ro = connectAs(USER)) {
            List<String> own = List.of("GRANT USAGE ON *.* TO `sess_ro`@`%`", "GRANT SELECT ON `sess_a`.* TO `sess_ro`@`%`");
            assertEquals(own, SqlFiles.rows(ro, "SHOW GRANTS"));
            assertEquals(own, SqlFiles.rows(ro, "SHOW GRANTS FOR CURRENT_USER()"));
            assertEquals(own, SqlFiles.rows(ro, "SHOW GRANTS FOR 'sess_ro'@'%'"));
            assertEquals(own, SqlFiles.rows(root, "SHOW GRANTS FOR sess_ro"));
            assertEquals(List.of("Grants for sess_ro@%"), SqlFiles.labels(root, "SHOW GRANTS FOR 'sess_ro'"));
            assertTrue(SqlFiles.rows(root, "SHOW GRANTS FOR 'sess_proc'@'%'").contains(
                "GRANT PROCESS ON *.* TO `sess_proc`@`%`"));
            SQLException e = assertThrows(SQLException.class, () -> SqlFiles.rows(ro, "SHOW GRANTS FOR 'root'@'%'"));
            assertEquals(1044, e.getErrorCode());
            assertEquals("Access denied for user 'sess_ro'@'%' to database 'mysql'", e.getMessage());
            assertEquals(1141, errno(root, "SHOW GRANTS FOR 'no_such_user'@'%'"));
        }
    }
}
