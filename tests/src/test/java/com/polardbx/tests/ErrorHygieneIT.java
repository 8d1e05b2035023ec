package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements and packets that once reached clients as Java internals (StackOverflowError, Netty buffer dumps, Druid
 * NullPointerExceptions, "Index 0 out of bounds") get MySQL's own errors: 1064/1436 for deep nesting, 1835 for short
 * packets, 1243 for unknown statement ids, 1210 for parameters the packet does not hold, 1047 for unknown commands.
 */
class ErrorHygieneIT {
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS hygiene");
            st.execute("CREATE DATABASE hygiene MODE='auto'");
            st.execute("CREATE TABLE hygiene.t (id INT PRIMARY KEY, v VARCHAR(20)) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("INSERT INTO hygiene.t VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e')");
        }
    }

    /** Runs {@code sql}; returns "ok" or the errno, failing when the error is not clean. */
    private static String outcome(Connection c, String sql) {
        try {
            SqlFiles.execute(c, sql);
            return "ok";
        } catch (SQLException e) {
            assertNull(CleanErrors.problem(e.getErrorCode(), e.getMessage()), e.getErrorCode() + ": " + e.getMessage());
            return Integer.toString(e.getErrorCode());
        }
    }

    @Test
    void deepNestingAndLongOrChainsGetMysqlErrorsOrResults() throws SQLException {
        try (Connection c = cluster.connect("hygiene", null)) {
            for (int depth : new int[] {500, 5_000, 50_000}) {
                String nested = "(".repeat(depth) + "1" + ")".repeat(depth);
                assertTrue(Set.of("ok", "1064", "1436").contains(outcome(c, "SELECT " + nested)), "depth " + depth);
                assertTrue(Set.of("ok", "1064", "1436").contains(outcome(c, "SELECT id FROM t WHERE id = " + nested)));
            }
            String ors = IntStream.range(0, 20_000).mapToObj(i -> "id = " + i).collect(Collectors.joining(" OR "));
            String result = outcome(c, "SELECT COUNT(*) FROM t WHERE " + ors);
            assertTrue(Set.of("ok", "1436").contains(result), result);
            if (result.equals("ok")) {
                assertEquals(List.of("5"), SqlFiles.rows(c, "SELECT COUNT(*) FROM t WHERE " + ors));
            }
            String huge = "'" + "x".repeat(1_000_000) + "'";
            for (String sql : List.of("INSERT INTO t VALUES (" + huge + ", 'a')", "INSERT INTO t VALUES (9, " + huge + ")",
                "SELECT * FROM t WHERE id = " + huge + " + 1")) {
                outcome(c, sql); // an error, if any, is clean and at most 512 characters (MySQL's limit)
            }
            String unbalanced = "SELECT * FROM t WHERE v = 'abc";
            assertEquals("1064", outcome(c, unbalanced));
            assertEquals(List.of("1"), SqlFiles.rows(c, "SELECT 1"), "the connection is still usable");
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static void assertError(WireClient.Packet p, int errno) {
        assertTrue(p.isError(), p.toString());
        assertEquals(errno, p.errno(), p.toString());
        assertNull(CleanErrors.problem(p.errno(), p.message()));
    }

    @Test
    void malformedCommandsGetMysqlErrors() throws Exception {
        try (WireClient wire = new WireClient(cluster.port(), 20_000)) {
            assertTrue(wire.login("root", "").isOk());
            assertError(wire.command(WireClient.COM_STMT_EXECUTE, bytes(1, 0)), 1835);
            WireClient.Packet unknown = wire.command(WireClient.COM_STMT_EXECUTE, bytes(0x39, 0x30, 0, 0, 0, 1, 0, 0, 0));
            assertError(unknown, 1243);
            assertEquals("Unknown prepared statement handler (12345) given to mysqld_stmt_execute", unknown.message());
            assertError(wire.command(WireClient.COM_STMT_RESET, bytes(0x39, 0x30, 0, 0)), 1243);
            assertError(wire.command(WireClient.COM_PROCESS_KILL, bytes(1)), 1835);
            assertError(wire.command(0x7E, bytes(1, 2, 3)), 1047);

            wire.sendCommand(WireClient.COM_STMT_PREPARE, "SELECT ?, ?".getBytes(StandardCharsets.UTF_8));
            WireClient.Packet prepared = wire.read();
            assertTrue(prepared.isOk(), prepared.toString());
            int id = prepared.payload()[1] & 0xFF;
            int columns = prepared.payload()[5] & 0xFF;
            for (int i = 0; i < 2 + 1 + (columns > 0 ? columns + 1 : 0); i++) {
                wire.read();
            }
            byte[] head = bytes(id, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
            // unknown type codes, a value shorter than its type, a length-encoded string longer than the packet
            for (byte[] params : List.of(bytes(0xEE, 0, 0xEE, 0, 1, 2), bytes(8, 0, 8, 0, 1, 2, 3),
                bytes(0xFD, 0, 0xFD, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F),
                bytes(0xF6, 0, 0xF6, 0, 5, '1', '.', 'x', 'y', 'z', 1, '1'), bytes(10, 0, 10, 0, 4, 0xFF, 0xFF, 99, 99))) {
                byte[] packet = new byte[head.length + params.length];
                System.arraycopy(head, 0, packet, 0, head.length);
                System.arraycopy(params, 0, packet, head.length, params.length);
                WireClient.Packet answer = wire.command(WireClient.COM_STMT_EXECUTE, packet);
                assertError(answer, 1210);
                assertEquals("Incorrect arguments to mysqld_stmt_execute", answer.message());
            }
            assertTrue(wire.command(WireClient.COM_PING, new byte[0]).isOk(), "the connection is still in step");
        }
    }

    @Test
    void garbledHandshakeIsABadHandshake() throws Exception {
        try (WireClient wire = new WireClient(cluster.port(), 20_000)) {
            wire.write(1, bytes(1, 2, 3));
            WireClient.Packet answer = wire.read();
            assertError(answer, 1043);
            assertTrue(wire.closedByServer());
        }
        try (Connection c = cluster.connect(null, null)) {
            assertEquals(List.of("1"), SqlFiles.rows(c, "SELECT 1"));
        }
    }
}
