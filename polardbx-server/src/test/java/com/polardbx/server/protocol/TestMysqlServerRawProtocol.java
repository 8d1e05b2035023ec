package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Protocol corner cases driven packet by packet: auth switch, sequence ids, commands, 16 MB packets, kill. */
class TestMysqlServerRawProtocol {
    private static TestingMysqlServer server;

    @BeforeAll
    static void start() {
        server = new TestingMysqlServer(null, "mysql_native_password", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unknownPluginGetsAuthSwitchRequest() throws IOException {
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            RawMysqlClient.Packet sw = c.handshake("alice", new byte[] {1, 2, 3}, null, "dialog");
            assertEquals(0xFE, sw.first());
            assertEquals(2, sw.sequenceId());
            String rest = sw.text(1);
            assertTrue(rest.startsWith("mysql_native_password\0"), rest);
            c.write(3, PasswordScrambles.nativeReply("secret", c.nonce));
            RawMysqlClient.Packet ok = c.read();
            assertEquals(0x00, ok.first());
            assertEquals(4, ok.sequenceId());
            assertEquals("alice", server.lastSession().user);
        }
    }

    @Test
    void failingAccountStoreGivesAnErrorAndHangsUp() throws IOException {
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            RawMysqlClient.Packet err = c.handshake("broken", new byte[20], null, "mysql_native_password");
            assertEquals(1105, err.errno());
            assertEquals(2, err.sequenceId());
            assertThrows(IOException.class, c::read);
        }
    }

    @Test
    void sequenceIdsAndSimpleCommands() throws IOException {
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            RawMysqlClient.Packet ok = c.login();
            assertEquals(0x00, ok.first());
            assertEquals(2, ok.sequenceId());

            RawMysqlClient.Packet ping = c.command(CommandCode.PING, new byte[0]);
            assertEquals(0x00, ping.first());
            assertEquals(1, ping.sequenceId());

            RawMysqlClient.Packet stats = c.command(CommandCode.STATISTICS, new byte[0]);
            assertTrue(stats.text(0).startsWith("Uptime: "), stats.text(0));

            RawMysqlClient.Packet unknown = c.command(0x05, new byte[0]);
            assertEquals(0xFF, unknown.first());
            assertEquals(1047, unknown.errno());

            // COM_QUERY "select 1" without DEPRECATE_EOF: count, column, EOF, row, EOF with ids 1..5
            RawMysqlClient.Packet count = c.query("select 1");
            assertEquals(1, count.payload()[0]);
            List<RawMysqlClient.Packet> rest = c.readUntilEnd(true);
            assertEquals(4, rest.size());
            for (int i = 0; i < rest.size(); i++) {
                assertEquals(i + 2, rest.get(i).sequenceId());
            }
            assertEquals("1", rest.get(2).text(1));

            RawMysqlClient.Packet fields = c.command(CommandCode.FIELD_LIST, "t1\0".getBytes(StandardCharsets.UTF_8));
            List<RawMysqlClient.Packet> more = c.readUntilEnd(false);
            assertEquals(2, more.size());
            assertTrue(fields.text(0).contains("id"));
            assertEquals(0xFE, more.get(1).first());

            RawMysqlClient.Packet unknownStatement = c.command(CommandCode.STMT_RESET, RawMysqlClient.int4(77));
            assertEquals(1243, unknownStatement.errno());
            RawMysqlClient.Packet prepareOk = c.command(CommandCode.STMT_PREPARE,
                "select ?".getBytes(StandardCharsets.UTF_8));
            assertEquals(0x00, prepareOk.first());
            c.readUntilEnd(false);  // one parameter definition and its EOF
            int statementId = prepareOk.payload()[1] & 0xFF;
            assertEquals(0x00, c.command(CommandCode.STMT_RESET, RawMysqlClient.int4(statementId)).first());
            // executing with no types bound yet is an error, not a crash
            RawMysqlClient.Packet noTypes = c.command(CommandCode.STMT_EXECUTE, RawMysqlClient.concat(
                RawMysqlClient.int4(statementId), new byte[] {0, 1, 0, 0, 0, 0, 0}));
            assertEquals(1210, noTypes.errno());

            RawMysqlClient.Packet initDb = c.command(CommandCode.INIT_DB, "nodb".getBytes(StandardCharsets.UTF_8));
            assertEquals(1049, initDb.errno());
            assertEquals("#42000", initDb.text(3).substring(0, 6));
        }
    }

    @Test
    void setOptionTogglesMultiStatements() throws IOException {
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            c.login();
            RawMysqlClient.Packet off = c.command(CommandCode.SET_OPTION, new byte[] {1, 0});
            assertEquals(0xFE, off.first());
            RawMysqlClient.Packet single = c.query("insert 1; insert 2");
            assertEquals(0x00, single.first());
            assertEquals("insert 1; insert 2", server.lastSession().executed.get(0));
            c.command(CommandCode.SET_OPTION, new byte[] {0, 0});
            RawMysqlClient.Packet first = c.query("insert 1; insert 2");
            assertEquals(0x00, first.first());
            // status flags of the first OK carry SERVER_MORE_RESULTS_EXISTS
            int status = first.payload()[3] & 0xFF;
            assertTrue((status & ServerStatus.MORE_RESULTS_EXISTS) != 0);
            RawMysqlClient.Packet second = c.read();
            assertEquals(0x00, second.first());
            assertEquals(0, second.payload()[3] & ServerStatus.MORE_RESULTS_EXISTS);
        }
    }

    @Test
    void changeUserAndResetConnection() throws IOException {
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            c.login();
            TestingServerSession first = server.lastSession();
            c.query("begin");
            RawMysqlClient.Packet reset = c.command(CommandCode.RESET_CONNECTION, new byte[0]);
            assertEquals(0x00, reset.first());
            assertFalse(first.inTransaction());

            byte[] auth = PasswordScrambles.nativeReply("pässwörd", c.nonce);
            byte[] change = RawMysqlClient.concat("bob\0".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) auth.length},
                auth, "test\0".getBytes(StandardCharsets.UTF_8), new byte[] {45, 0},
                "mysql_native_password\0".getBytes(StandardCharsets.UTF_8));
            RawMysqlClient.Packet ok = c.command(CommandCode.CHANGE_USER, change);
            assertEquals(0x00, ok.first(), ok.text(0));
            TestingServerSession second = server.lastSession();
            assertTrue(first.closed);
            assertEquals("bob", second.user);
            assertEquals("test", second.currentDatabase());

            byte[] wrong = RawMysqlClient.concat("bob\0".getBytes(StandardCharsets.UTF_8), new byte[] {20},
                new byte[20], new byte[] {0}, new byte[] {45, 0},
                "mysql_native_password\0".getBytes(StandardCharsets.UTF_8));
            RawMysqlClient.Packet denied = c.command(CommandCode.CHANGE_USER, wrong);
            assertEquals(1045, denied.errno());
        }
    }

    @Test
    void packetsOf16MegabytesAndMore() throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + server.port() + "/?sslMode=DISABLED&maxAllowedPacket=67108864";
        try (Connection c = DriverManager.getConnection(url, "alice", "secret"); Statement st = c.createStatement()) {
            // inbound: a 17 MB statement arrives in two chunks
            String longSql = "insert " + "x".repeat(17 * 1024 * 1024);
            assertEquals(3, st.executeUpdate(longSql));
            assertEquals(longSql.length(), server.lastSession().executed.get(server.lastSession().executed.size() - 1)
                .length());
            // outbound: a row payload of exactly 0xFFFFFF bytes (needs an empty trailing chunk) and one above
            for (int size : new int[] {0xFFFFFF - 4, 20 * 1024 * 1024}) {
                assertTrue(st.execute("big " + size));
                try (ResultSet rs = st.getResultSet()) {
                    assertTrue(rs.next());
                    assertEquals(size, rs.getString(1).length());
                    assertFalse(rs.next());
                }
            }
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void packetAboveMaxPacketSizeIsRejected() throws Exception {
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            c.login();
            byte[] huge = new byte[65 * 1024 * 1024];
            huge[0] = CommandCode.QUERY;
            c.write(0, huge);
            RawMysqlClient.Packet err = c.read();
            assertEquals(1153, err.errno());
            assertThrows(IOException.class, c::read);
        }
    }

    @Test
    void killStopsAnotherConnection() throws Exception {
        try (RawMysqlClient victim = new RawMysqlClient(server.port());
             RawMysqlClient killer = new RawMysqlClient(server.port())) {
            victim.login();
            TestingServerSession victimSession = server.lastSession();
            killer.login();
            victim.write(0, RawMysqlClient.concat(new byte[] {CommandCode.QUERY}, "sleep".getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(100);
            RawMysqlClient.Packet ok = killer.command(CommandCode.PROCESS_KILL, RawMysqlClient.int4(victim.connectionId));
            assertEquals(0x00, ok.first());
            assertTrue(victimSession.cancelled);
            waitUntil(() -> victimSession.closed);
            RawMysqlClient.Packet missing = killer.command(CommandCode.PROCESS_KILL, RawMysqlClient.int4(999_999));
            assertEquals(1094, missing.errno());
        }
    }

    @Test
    void clientVanishingMidResultClosesCursorAndSession() throws Exception {
        TestingServerSession session;
        try (RawMysqlClient c = new RawMysqlClient(server.port())) {
            c.login();
            session = server.lastSession();
            c.query("rows 5000000");
            c.read();
        }
        TestingServerSession s = session;
        waitUntil(() -> s.closed && s.openCursors == 0);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "condition not reached in time");
            Thread.sleep(10);
        }
    }
}
