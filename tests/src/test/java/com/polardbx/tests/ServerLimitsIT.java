package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CN's limits as MySQL has them: max_connections (1040, one more for SUPER), connect_timeout for sockets that
 * never log in, wait_timeout for idle sessions, max_allowed_packet for packets and for COM_STMT_SEND_LONG_DATA (which
 * never gets an answer, even malformed; the error comes at execution).
 */
class ServerLimitsIT {
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS 'limits_app'@'%'");
            st.execute("CREATE USER 'limits_app'@'%' IDENTIFIED BY 'app_pw'");
        }
    }

    private static Connection app() throws SQLException {
        return java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port()
            + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=20000", "limits_app", "app_pw");
    }

    private static void setGlobal(String variable, Object value) throws SQLException {
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "SET GLOBAL " + variable + " = " + value);
        }
    }

    @Test
    void maxConnectionsRefusesWith1040AndKeepsOneForSuper() throws Exception {
        List<Connection> open = new ArrayList<>();
        try (Connection admin = cluster.connect(null, null)) {
            int sessions = SqlFiles.rows(admin, "SHOW PROCESSLIST").size();
            int max = sessions + 3;
            SqlFiles.execute(admin, "SET GLOBAL max_connections = " + max);
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(app());
                }
                SQLException refused = assertThrows(SQLException.class, ServerLimitsIT::app);
                assertEquals(1040, refused.getErrorCode());
                assertEquals("08004", refused.getSQLState());
                assertTrue(refused.getMessage().contains("Too many connections"), refused.getMessage());
                open.add(cluster.connect(null, null)); // the connection kept for SUPER
                assertEquals(List.of("1"), SqlFiles.rows(open.get(open.size() - 1), "SELECT 1"));
                SQLException beyond = assertThrows(SQLException.class, () -> cluster.connect(null, null));
                assertEquals(1040, beyond.getErrorCode());
            } finally {
                SqlFiles.execute(admin, "SET GLOBAL max_connections = 1000");
            }
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    @Test
    void socketsThatNeverLogInAreClosedAfterConnectTimeout() throws Exception {
        setGlobal("connect_timeout", 2);
        try (WireClient silent = new WireClient(cluster.port(), 10_000)) {
            long start = System.nanoTime();
            assertTrue(silent.closedByServer(), "the server hung up on a client that never answered the greeting");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds >= 1 && seconds <= 6, "closed after " + seconds + " s");
        } finally {
            setGlobal("connect_timeout", 10);
        }
        try (WireClient halfway = new WireClient(cluster.port(), 20_000)) {
            // connect_timeout is back at 10 s: a client that logs in at once is unaffected
            assertTrue(halfway.login("root", "").isOk());
            assertTrue(halfway.command(WireClient.COM_PING, new byte[0]).isOk());
        }
    }

    @Test
    void idleSessionsAreClosedAfterWaitTimeout() throws Exception {
        try (Connection c = cluster.connect(null, null); Connection busy = cluster.connect(null, null)) {
            SqlFiles.execute(c, "SET SESSION wait_timeout = 2");
            SqlFiles.execute(busy, "SET SESSION wait_timeout = 2");
            Thread.sleep(1_000);
            assertEquals(List.of("1"), SqlFiles.rows(busy, "SELECT 1")); // activity restarts the wait
            Thread.sleep(3_500);
            assertThrows(SQLException.class, () -> SqlFiles.rows(c, "SELECT 1"), "closed after 2 s idle");
        }
    }

    @Test
    void anIdleSessionIsToldWhyBeforeItIsClosed() throws Exception {
        try (WireClient wire = new WireClient(cluster.port(), 10_000)) {
            assertTrue(wire.login("root", "").isOk());
            assertTrue(wire.query("SET SESSION wait_timeout = 1").isOk());
            long start = System.nanoTime();
            // MySQL 8: an unsolicited ERR with sequence id 0, then the connection closes
            WireClient.Packet goodbye = wire.read();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(goodbye.isError(), goodbye.toString());
            assertEquals(4031, goodbye.errno());
            assertEquals(0, goodbye.sequenceId());
            assertEquals("HY000", new String(goodbye.payload(), 4, 5, StandardCharsets.US_ASCII));
            assertEquals("The client was disconnected by the server because of inactivity. See wait_timeout and"
                + " interactive_timeout for configuring this behavior.", goodbye.message());
            assertTrue(millis >= 500 && millis < 5_000, "after " + millis + " ms");
            assertTrue(wire.closedByServer());
        }
    }

    /** Prepares {@code SELECT ?} on a raw connection; returns the statement id. */
    private static int prepareOneParameter(WireClient wire) throws Exception {
        wire.sendCommand(WireClient.COM_STMT_PREPARE, "SELECT ?".getBytes(StandardCharsets.UTF_8));
        WireClient.Packet ok = wire.read();
        assertTrue(ok.isOk(), ok.toString());
        byte[] p = ok.payload();
        int id = (p[1] & 0xFF) | (p[2] & 0xFF) << 8 | (p[3] & 0xFF) << 16 | (p[4] & 0xFF) << 24;
        int columns = (p[5] & 0xFF) | (p[6] & 0xFF) << 8;
        int parameters = (p[7] & 0xFF) | (p[8] & 0xFF) << 8;
        for (int i = 0; i < parameters + 1 + (columns > 0 ? columns + 1 : 0); i++) {
            wire.read(); // definitions, each block followed by an EOF
        }
        return id;
    }

    private static byte[] longData(int statementId, int parameter, byte[] chunk) {
        byte[] out = new byte[6 + chunk.length];
        System.arraycopy(WireClient.int4(statementId), 0, out, 0, 4);
        out[4] = (byte) parameter;
        out[5] = (byte) (parameter >> 8);
        System.arraycopy(chunk, 0, out, 6, chunk.length);
        return out;
    }

    /** COM_STMT_EXECUTE of a one-parameter statement whose value was sent as long data (type VAR_STRING). */
    private static byte[] executeWithLongData(int statementId) {
        return new byte[] {(byte) statementId, (byte) (statementId >> 8), (byte) (statementId >> 16),
            (byte) (statementId >> 24), 0, 1, 0, 0, 0, 0, 1, (byte) 0xFD, 0};
    }

    @Test
    void longDataOverMaxAllowedPacketFailsAtExecutionAndNeverGetsAnAnswer() throws Exception {
        setGlobal("max_allowed_packet", 1024 * 1024);
        try (WireClient wire = new WireClient(cluster.port(), 20_000)) {
            assertTrue(wire.login("root", "").isOk());
            int id = prepareOneParameter(wire);
            byte[] half = new byte[512 * 1024 - 100];
            java.util.Arrays.fill(half, (byte) 'a');
            wire.sendCommand(WireClient.COM_STMT_SEND_LONG_DATA, longData(id, 0, half));
            wire.sendCommand(WireClient.COM_STMT_SEND_LONG_DATA, new byte[] {1, 2}); // malformed: no answer either
            wire.sendCommand(WireClient.COM_STMT_SEND_LONG_DATA, longData(999_999, 0, new byte[10])); // unknown id
            wire.sendCommand(WireClient.COM_STMT_CLOSE, new byte[] {7}); // malformed close: no answer
            assertTrue(wire.command(WireClient.COM_PING, new byte[0]).isOk(), "the first answer is the ping's");
            wire.sendCommand(WireClient.COM_STMT_EXECUTE, executeWithLongData(id));
            WireClient.Packet within = wire.readResponse();
            assertFalse(within.isError(), within.toString()); // 512 KB of long data is within the limit

            for (int i = 0; i < 3; i++) {
                wire.sendCommand(WireClient.COM_STMT_SEND_LONG_DATA, longData(id, 0, half));
            }
            assertTrue(wire.command(WireClient.COM_PING, new byte[0]).isOk());
            WireClient.Packet tooLong = wire.command(WireClient.COM_STMT_EXECUTE, executeWithLongData(id));
            assertTrue(tooLong.isError(), tooLong.toString());
            assertEquals(1105, tooLong.errno());
            assertEquals("Parameter of prepared statement which is set through mysql_send_long_data() is longer "
                + "than 'max_allowed_packet' bytes", tooLong.message());
            // the statement is usable again: the oversized data was dropped
            wire.sendCommand(WireClient.COM_STMT_SEND_LONG_DATA, longData(id, 0, "small".getBytes(StandardCharsets.UTF_8)));
            wire.sendCommand(WireClient.COM_STMT_EXECUTE, executeWithLongData(id));
            assertFalse(wire.readResponse().isError());

            byte[] huge = new byte[1024 * 1024 + 10];
            wire.sendCommand(WireClient.COM_QUERY, huge);
            WireClient.Packet packetTooLarge = wire.read();
            assertEquals(1153, packetTooLarge.errno(), packetTooLarge.toString());
            assertTrue(wire.closedByServer());
        } finally {
            setGlobal("max_allowed_packet", 67108864);
        }
    }
}
