package com.polardbx.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** caching_sha2_password fast path, full authentication over TLS and over RSA, with mysql-connector-j. */
class TestMysqlServerAuthentication {
    @TempDir
    Path tlsDir;

    private static Connection connect(int port, String user, String password, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/test?" + options, user, password);
    }

    private static void assertWorks(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void sha2FastPathWithoutTls() throws SQLException {
        try (TestingMysqlServer server = new TestingMysqlServer(null, "caching_sha2_password", false)) {
            try (Connection c = connect(server.port(), "alice", "secret", "sslMode=DISABLED")) {
                assertWorks(c);
                assertEquals("test", server.lastSession().currentDatabase());
            }
            SQLException e = assertThrows(SQLException.class,
                () -> connect(server.port(), "alice", "wrong", "sslMode=DISABLED"));
            assertEquals(1045, e.getErrorCode());
        }
    }

    @Test
    void sha2FullAuthenticationOverTls() throws Exception {
        try (TestingMysqlServer server = new TestingMysqlServer(tlsDir, "caching_sha2_password", true)) {
            assertTrue(Files.exists(tlsDir.resolve("server-cert.pem")));
            try (Connection c = connect(server.port(), "bob", "pässwörd", "sslMode=REQUIRED")) {
                assertWorks(c);
            }
            SQLException e = assertThrows(SQLException.class,
                () -> connect(server.port(), "bob", "wrong", "sslMode=REQUIRED"));
            assertEquals(1045, e.getErrorCode());
            // many rows through TLS exercise the SslHandler with batched writes
            try (Connection c = connect(server.port(), "alice", "secret", "sslMode=REQUIRED");
                 Statement st = c.createStatement()) {
                assertTrue(st.execute("rows 20000"));
                int n = 0;
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        n++;
                    }
                }
                assertEquals(20000, n);
            }
        }
    }

    @Test
    void sha2FullAuthenticationWithRsaKeyExchange() throws SQLException {
        try (TestingMysqlServer server = new TestingMysqlServer(null, "caching_sha2_password", true)) {
            try (Connection c = connect(server.port(), "alice", "secret",
                "sslMode=DISABLED&allowPublicKeyRetrieval=true")) {
                assertWorks(c);
            }
            SQLException wrong = assertThrows(SQLException.class, () -> connect(server.port(), "alice", "nope",
                "sslMode=DISABLED&allowPublicKeyRetrieval=true"));
            assertEquals(1045, wrong.getErrorCode());
            // without permission to fetch the key the client gives up by itself, as against MySQL
            assertThrows(SQLException.class, () -> connect(server.port(), "alice", "secret", "sslMode=DISABLED"));
        }
    }

    @Test
    void tlsCertificateIsReusedAcrossRestarts() throws Exception {
        try (TestingMysqlServer server = new TestingMysqlServer(tlsDir, "mysql_native_password", false)) {
            try (Connection c = connect(server.port(), "alice", "secret", "sslMode=REQUIRED")) {
                assertWorks(c);
            }
        }
        String cert = Files.readString(tlsDir.resolve("server-cert.pem"));
        try (TestingMysqlServer server = new TestingMysqlServer(tlsDir, "mysql_native_password", false)) {
            try (Connection c = connect(server.port(), "root", "", "sslMode=REQUIRED")) {
                assertWorks(c);
            }
        }
        assertEquals(cert, Files.readString(tlsDir.resolve("server-cert.pem")));
    }
}
