package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mysql-connector-j against the protocol front end: text and binary protocol, errors, multi-statements. */
class TestMysqlServerConnectorJ {
    @TempDir
    static Path tlsDir;
    private static TestingMysqlServer server;

    @BeforeAll
    static void start() {
        server = new TestingMysqlServer(tlsDir, "mysql_native_password", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Connection connect(String user, String password, String extra) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/?sslMode=DISABLED"
            + "&allowMultiQueries=true" + extra, user, password);
    }

    @Test
    void selectOneAndErrors() throws SQLException {
        try (Connection c = connect("alice", "secret", ""); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertFalse(rs.next());
            }
            SQLException e = assertThrows(SQLException.class, () -> st.execute("bad"));
            assertEquals(1146, e.getErrorCode());
            assertEquals("42S02", e.getSQLState());
            SQLException bug = assertThrows(SQLException.class, () -> st.execute("boom"));
            assertEquals(1105, bug.getErrorCode());
            assertEquals("HY000", bug.getSQLState());
            // the connection survives both errors
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
            }
            assertEquals(3, st.executeUpdate("insert into t values (1)", Statement.RETURN_GENERATED_KEYS));
            try (ResultSet keys = st.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(42, keys.getLong(1));
            }
        }
    }

    @Test
    void textProtocolTypes() throws SQLException {
        try (Connection c = connect("alice", "secret", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select types")) {
            assertTrue(rs.next());
            assertTypesRow(rs);
        }
    }

    @Test
    void binaryProtocolTypesAndParameters() throws SQLException {
        try (Connection c = connect("alice", "secret", "&useServerPrepStmts=true&cachePrepStmts=false")) {
            try (PreparedStatement ps = c.prepareStatement("select types"); ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertTypesRow(rs);
            }
            try (PreparedStatement ps = c.prepareStatement("select ?, ?, ?, ?, ?, ?, ?, ?, ?")) {
                for (int round = 0; round < 2; round++) {
                    ps.setLong(1, -5_000_000_000L + round);
                    ps.setInt(2, 42);
                    ps.setDouble(3, 2.25);
                    ps.setString(4, "päram");
                    ps.setBigDecimal(5, new BigDecimal("-1.50"));
                    ps.setNull(6, java.sql.Types.VARCHAR);
                    ps.setBytes(7, new byte[] {9, 8, 7});
                    ps.setTimestamp(8, java.sql.Timestamp.valueOf("2023-05-06 07:08:09.5"));
                    ps.setDate(9, java.sql.Date.valueOf("2020-02-29"));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(-5_000_000_000L + round, rs.getLong(1));
                        assertEquals(42, rs.getInt(2));
                        assertEquals(2.25, rs.getDouble(3));
                        assertEquals("päram", rs.getString(4));
                        assertEquals(0, new BigDecimal("-1.50").compareTo(rs.getBigDecimal(5)));
                        assertNull(rs.getString(6));
                        assertArrayEquals(new byte[] {9, 8, 7}, rs.getBytes(7));
                        assertEquals("2023-05-06 07:08:09.500000", rs.getString(8));
                        assertEquals("2020-02-29", rs.getString(9));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select ?, ?")) {
                // streams travel as COM_STMT_SEND_LONG_DATA
                byte[] blob = new byte[100_000];
                blob[99_999] = 5;
                ps.setBinaryStream(1, new java.io.ByteArrayInputStream(blob), blob.length);
                ps.setCharacterStream(2, new java.io.StringReader("long text ü"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(blob, rs.getBytes(1));
                    assertEquals("long text ü", rs.getString(2));
                }
                ps.clearParameters();
                ps.setBytes(1, new byte[] {1});
                ps.setString(2, "short");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(new byte[] {1}, rs.getBytes(1));
                    assertEquals("short", rs.getString(2));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into t values (?)")) {
                ps.setString(1, "x");
                assertEquals(1, ps.executeUpdate());
            }
        }
        try (Connection c = connect("alice", "secret", "&useServerPrepStmts=true&emulateUnsupportedPstmts=false")) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement("bad"));
            assertEquals(1146, e.getErrorCode());
        }
    }

    @Test
    void multiStatementsAndErrorStopsBatch() throws SQLException {
        try (Connection c = connect("alice", "secret", ""); Statement st = c.createStatement()) {
            assertTrue(st.execute("select 1; insert into t values (1); rows 3"));
            try (ResultSet rs = st.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
            assertFalse(st.getMoreResults());
            assertEquals(3, st.getUpdateCount());
            assertTrue(st.getMoreResults());
            try (ResultSet rs = st.getResultSet()) {
                int n = 0;
                while (rs.next()) {
                    assertEquals("row-" + n, rs.getString(2));
                    n++;
                }
                assertEquals(3, n);
            }
            assertFalse(st.getMoreResults());
            assertEquals(-1, st.getUpdateCount());

            TestingServerSession session = server.lastSession();
            int before = session.executed.size();
            assertThrows(SQLException.class, () -> {
                st.execute("select 1; bad; select 1");
                while (st.getMoreResults() || st.getUpdateCount() != -1) {
                    // drain
                }
            });
            assertEquals(List.of("select 1", "bad"), session.executed.subList(before, session.executed.size()));
        }
    }

    @Test
    void wrongPasswordUnknownUserAndUnknownDatabase() {
        SQLException wrong = assertThrows(SQLException.class, () -> connect("alice", "nope", ""));
        assertEquals(1045, wrong.getErrorCode());
        assertEquals("28000", wrong.getSQLState());
        assertTrue(wrong.getMessage().contains("Access denied for user 'alice'@'127.0.0.1' (using password: YES)"),
            wrong.getMessage());
        SQLException unknown = assertThrows(SQLException.class, () -> connect("mallory", "", ""));
        assertEquals(1045, unknown.getErrorCode());
        assertTrue(unknown.getMessage().contains("(using password: NO)"), unknown.getMessage());
        SQLException db = assertThrows(SQLException.class, () -> DriverManager.getConnection(
            "jdbc:mysql://127.0.0.1:" + server.port() + "/nodb?sslMode=DISABLED", "alice", "secret"));
        assertEquals(1049, db.getErrorCode());
    }

    @Test
    void emptyPasswordAndUnicodePassword() throws SQLException {
        try (Connection c = connect("root", "", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next());
        }
        try (Connection c = connect("bob", "pässwörd", "&characterEncoding=UTF-8")) {
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void largeResultStreamsAndCursorIsClosed() throws SQLException {
        try (Connection c = connect("alice", "secret", ""); Statement st = c.createStatement();
             ResultSet rs = query(st, "rows 50000")) {
            int n = 0;
            while (rs.next()) {
                assertEquals(n, rs.getLong(1));
                n++;
            }
            assertEquals(50000, n);
        }
        TestingServerSession session = server.lastSession();
        assertEquals(0, session.openCursors);
    }

    @Test
    void errorInTheMiddleOfRows() throws SQLException {
        try (Connection c = connect("alice", "secret", ""); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = query(st, "fail after 5")) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            });
            assertEquals(1213, e.getErrorCode());
            assertEquals(0, server.lastSession().openCursors);
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void transactionStatusAndPing() throws SQLException {
        try (Connection c = connect("alice", "secret", "&useLocalTransactionState=true");
             Statement st = c.createStatement()) {
            st.execute("begin");
            assertTrue(server.lastSession().inTransaction());
            st.execute("commit");
            assertTrue(c.isValid(5));
        }
    }

    @Test
    void closingTheConnectionClosesTheSession() throws Exception {
        TestingServerSession session;
        try (Connection c = connect("alice", "secret", "")) {
            session = server.lastSession();
            assertFalse(session.closed);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (!session.closed && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(session.closed);
    }

    /** Connector/J refuses executeQuery() for text not starting with SELECT, so run our test statements this way. */
    private static ResultSet query(Statement st, String sql) throws SQLException {
        assertTrue(st.execute(sql));
        return st.getResultSet();
    }

    static void assertTypesRow(ResultSet rs) throws SQLException {
        assertEquals(-7, rs.getInt("i"));
        assertEquals(9007199254740993L, rs.getLong("bi"));
        assertEquals("18446744073709551615", rs.getString("ubi"));
        assertEquals(new BigDecimal("12345.6700"), rs.getBigDecimal("dec"));
        assertEquals(1.5, rs.getDouble("d"));
        assertEquals(0.1f, rs.getFloat("f"));
        assertEquals("héllo wörld", rs.getString("s"));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, rs.getBytes("b"));
        assertNull(rs.getString("n"));
        assertTrue(rs.wasNull());
        assertEquals(java.sql.Date.valueOf("2024-01-31"), rs.getDate("dt"));
        assertEquals(java.sql.Timestamp.valueOf("2024-01-31 10:20:30.123456"), rs.getTimestamp("ts"));
        assertEquals("-838:59:59", rs.getString("tm"));
        assertEquals(1e20, rs.getDouble("big"));
        assertEquals(100, rs.getInt("ti"));
        assertEquals(-300, rs.getShort("si"));
    }
}
