package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mariadb-java-client and the {@code mariadb} command-line client against the protocol front end. */
class TestMysqlServerMariadbClients {
    @TempDir
    static Path tlsDir;
    private static TestingMysqlServer server;

    @BeforeAll
    static void start() {
        server = new TestingMysqlServer(tlsDir, "caching_sha2_password", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port() + "/test?" + options,
            "alice", "secret");
    }

    @Test
    void mariadbJdbcTextAndBinary() throws SQLException {
        try (Connection c = connect("sslMode=disable"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select types")) {
                assertTrue(rs.next());
                TestMysqlServerConnectorJ.assertTypesRow(rs);
            }
            SQLException e = assertThrows(SQLException.class, () -> st.execute("bad"));
            assertEquals(1146, e.getErrorCode());
            assertEquals("42S02", e.getSQLState());
        }
        try (Connection c = connect("sslMode=disable&useServerPrepStmts=true")) {
            try (PreparedStatement ps = c.prepareStatement("select types"); ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                TestMysqlServerConnectorJ.assertTypesRow(rs);
            }
            try (PreparedStatement ps = c.prepareStatement("select ?, ?, ?")) {
                ps.setLong(1, Long.MIN_VALUE);
                ps.setBigDecimal(2, new BigDecimal("3.14159"));
                ps.setString(3, "mariadb");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(Long.MIN_VALUE, rs.getLong(1));
                    assertEquals(new BigDecimal("3.14159"), rs.getBigDecimal(2));
                    assertEquals("mariadb", rs.getString(3));
                }
            }
        }
    }

    @Test
    void mariadbJdbcOverTls() throws SQLException {
        try (Connection c = connect("sslMode=trust"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void mariadbCommandLineClient() throws Exception {
        String out = runCli("-uroot", "-e", "select 1");
        assertEquals("1\n1\n", out);
        String typed = runCli("-ualice", "-psecret", "-Dtest", "-N", "-e", "select types");
        String[] fields = typed.trim().split("\t");
        assertEquals("-7", fields[0]);
        assertEquals("18446744073709551615", fields[2]);
        assertEquals("12345.6700", fields[3]);
        assertEquals("1.5", fields[4]);
        assertEquals("0.1", fields[5]);
        assertEquals("NULL", fields[8]);
        assertEquals("1e20", fields[12]);
        String multi = runCli("-ualice", "-psecret", "-N", "-e", "select 1; insert into t values (1); rows 2");
        assertEquals("1\n0\trow-0\n1\trow-1\n", multi);
    }

    @Test
    void mariadbCommandLineClientOverTlsAndWrongPassword() throws Exception {
        assertEquals("1\n", runCli("-ualice", "-psecret", "--ssl", "--ssl-verify-server-cert=0", "-N", "-e",
            "select 1"));
        Process p = cli("-ualice", "-pwrong", "-e", "select 1");
        String err = readAll(p.getErrorStream());
        assertNotEquals(0, p.waitFor());
        assertTrue(err.contains("1045") && err.contains("Access denied for user 'alice'"), err);
    }

    private static String runCli(String... args) throws Exception {
        Process p = cli(args);
        String out = readAll(p.getInputStream());
        String err = readAll(p.getErrorStream());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertFalse(out.isEmpty(), err);
        return out;
    }

    private static Process cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults", "-h127.0.0.1",
            "-P" + server.port(), "--connect-timeout=10"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
