package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drivers people use, each running the same script against the CN and against a plain MariaDB (a DN) holding the
 * same database, with the outputs compared: Python (PyMySQL, mysqlclient), PHP (PDO emulated and native prepares,
 * mysqli), Perl DBD::MariaDB (client and server prepares), Node mysql2 (query and execute), the mariadb CLI,
 * Connector/J and MariaDB Connector/J. The scripts live in {@code src/test/clients}; {@code bin/polardbx test}
 * installs their Debian packages, and this suite installs mysql2 with npm under {@code target/node}.
 */
class ClientMatrixIT {
    private static final String DB = "client_matrix";
    private static final Path SCRIPTS = Path.of("src", "test", "clients");
    private static TestingCluster cluster;
    private static TestingDataNodes nodes;
    /** Where {@code npm} put mysql2, for the node scripts. */
    private static String nodePath = "";

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        nodes = cluster.dataNodes();
        cluster.freshDatabases(DB);
    }

    @Test
    void pymysqlKeepsEveryByte() throws Exception {
        sameOutput("/usr/bin/python3", SCRIPTS.resolve("blobs.py").toString(), "pymysql");
    }

    @Test
    void mysqlclientKeepsEveryByte() throws Exception {
        sameOutput("/usr/bin/python3", SCRIPTS.resolve("blobs.py").toString(), "mysqldb");
    }

    @Test
    void phpPdoAndMysqliKeepEveryByte() throws Exception {
        sameOutput("php", SCRIPTS.resolve("blobs.php").toString());
    }

    @Test
    void perlDbdMariadbKeepsEveryByte() throws Exception {
        sameOutput("perl", SCRIPTS.resolve("blobs.pl").toString());
    }

    @Test
    void nodeMysql2KeepsEveryByte() throws Exception {
        Path modules = Path.of("target", "node", "node_modules");
        if (!Files.isDirectory(modules.resolve("mysql2"))) {
            run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", "target/node", "mysql2@3"), null);
        }
        nodePath = modules.toAbsolutePath().toString();
        sameOutput("node", SCRIPTS.resolve("blobs.js").toString());
    }

    @Test
    void mariadbCliKeepsEveryByteOfADumpWithoutHexBlob() throws Exception {
        ByteArrayOutputStream sql = new ByteArrayOutputStream();
        sql.writeBytes(("DROP TABLE IF EXISTS cli_blobs; CREATE TABLE cli_blobs (id INT PRIMARY KEY, b BLOB);\n"
            + "INSERT INTO cli_blobs VALUES (1, '").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 256; i++) {
            switch (i) { // the escapes mariadb-dump writes
                case 0 -> sql.writeBytes("\\0".getBytes(StandardCharsets.US_ASCII));
                case '\'', '\\' -> sql.writeBytes(new byte[] {'\\', (byte) i});
                case '\n' -> sql.writeBytes("\\n".getBytes(StandardCharsets.US_ASCII));
                case '\r' -> sql.writeBytes("\\r".getBytes(StandardCharsets.US_ASCII));
                case 0x1A -> sql.writeBytes("\\Z".getBytes(StandardCharsets.US_ASCII));
                default -> sql.write(i);
            }
        }
        sql.writeBytes(("'), (2, _binary'\u00ff\u00fe');\nSELECT id, HEX(b), LENGTH(b) FROM cli_blobs ORDER BY id;\n"
            + "SELECT HEX('\u00ff\u0080'), HEX(_binary'\u00c3\u00a9');\nDROP TABLE cli_blobs;\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        Path file = Files.createTempFile("cli-blobs", ".sql");
        Files.write(file, sql.toByteArray());
        String cn = run(List.of("mariadb", "-h127.0.0.1", "-P" + cluster.port(), "-uroot", "--skip-ssl", "-N", "-B",
            DB), file);
        String dn = run(List.of("mariadb", "-h127.0.0.1", "-P" + nodes.port(1), "-u" + nodes.user(),
            "-p" + nodes.password(), "--skip-ssl", "-N", "-B", DB), file);
        assertEquals(dn, cn);
        assertTrue(cn.contains("FF80\tC3A9"), cn);
    }

    @Test
    void connectorJKeepsEveryByteInEveryPrepareMode() throws SQLException {
        String base = "jdbc:mysql://127.0.0.1:%d/" + DB + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        for (String mode : List.of("", "&useServerPrepStmts=true")) {
            List<String> cn;
            try (Connection c = DriverManager.getConnection(String.format(base, cluster.port()) + mode, "root", "")) {
                cn = jdbcRoundTrip(c);
            }
            try (Connection c = DriverManager.getConnection(String.format(base, nodes.port(1)) + mode, nodes.user(),
                nodes.password())) {
                assertEquals(jdbcRoundTrip(c), cn, "Connector/J" + mode);
            }
        }
        String mariadb = "jdbc:mariadb://127.0.0.1:%d/" + DB + "?sslMode=disable";
        for (String mode : List.of("", "&useServerPrepStmts=true")) {
            List<String> cn;
            try (Connection c = DriverManager.getConnection(String.format(mariadb, cluster.port()) + mode, "root",
                "")) {
                cn = jdbcRoundTrip(c);
            }
            try (Connection c = DriverManager.getConnection(String.format(mariadb, nodes.port(1)) + mode,
                nodes.user(), nodes.password())) {
                assertEquals(jdbcRoundTrip(c), cn, "MariaDB Connector/J" + mode);
            }
        }
    }

    /** Inserts all 256 byte values through setBytes and reads them back; the rows as text, for comparison. */
    private static List<String> jdbcRoundTrip(Connection c) throws SQLException {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        SqlFiles.execute(c, "DROP TABLE IF EXISTS jdbc_blobs");
        SqlFiles.execute(c, "CREATE TABLE jdbc_blobs (id INT PRIMARY KEY, b BLOB, v VARBINARY(20))");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_blobs VALUES (?, ?, ?)")) {
            for (int id = 1; id <= 8; id++) {
                byte[] rotated = new byte[256];
                for (int i = 0; i < 256; i++) {
                    rotated[i] = all[(i + id * 37) % 256];
                }
                ps.setInt(1, id);
                ps.setBytes(2, rotated);
                ps.setBytes(3, new byte[] {(byte) (0x80 + id), (byte) 0xFF, '\'', 0});
                ps.executeUpdate();
            }
        }
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id, b, v FROM jdbc_blobs WHERE v = ? OR id < ? ORDER BY id")) {
            ps.setBytes(1, new byte[] {(byte) 0x85, (byte) 0xFF, '\'', 0});
            ps.setInt(2, 3);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] b = rs.getBytes(2);
                    assertEquals(256, b.length);
                    assertArrayEquals(all, sorted(b));
                    rows.add(rs.getInt(1) + " " + java.util.HexFormat.of().formatHex(b) + " "
                        + java.util.HexFormat.of().formatHex(rs.getBytes(3)));
                }
            }
        }
        assertEquals(3, rows.size(), rows.toString());
        SqlFiles.execute(c, "DROP TABLE jdbc_blobs");
        return rows;
    }

    private static byte[] sorted(byte[] b) {
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            u[i] = b[i] & 0xFF;
        }
        java.util.Arrays.sort(u);
        byte[] out = new byte[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = (byte) u[i];
        }
        return out;
    }

    /** Runs a driver script against the DN and the CN; both must succeed and print the same lines. */
    private static void sameOutput(String... command) throws Exception {
        List<String> dnArgs = new ArrayList<>(List.of(command));
        dnArgs.addAll(List.of("127.0.0.1", String.valueOf(nodes.port(1)), nodes.user(), nodes.password(), DB));
        List<String> cnArgs = new ArrayList<>(List.of(command));
        cnArgs.addAll(List.of("127.0.0.1", String.valueOf(cluster.port()), "root", "", DB));
        String dn = run(dnArgs, null);
        String cn = run(cnArgs, null);
        assertFalse(dn.isBlank(), "the script printed nothing against MariaDB");
        assertEquals(dn, cn, String.join(" ", command));
    }

    /** Runs a process (with {@code stdin} as input when given); fails unless it exits 0. */
    private static String run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", nodePath);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed:\n" + text);
        return text;
    }
}
