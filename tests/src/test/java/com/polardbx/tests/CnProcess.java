package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CN as a real child process (for crash tests: kill -9, or a fail point that halts the JVM), configured over
 * {@link TestingDataNodes} 0 (GMS), 1 and 2 (DNs). The process gets this JVM's class path.
 */
public final class CnProcess {
    private final Path dir;
    private final int port;

    public CnProcess(Path dir, TestingDataNodes nodes) throws IOException {
        this(dir, nodes, false);
    }

    /** @param cdc whether the CN runs the CDC (off unless a test is about it) */
    public CnProcess(Path dir, TestingDataNodes nodes, boolean cdc) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("cn.properties"), String.join("\n",
            "server.port=" + port, "data.dir=" + dir.resolve("cn").toAbsolutePath(),
            "gms.url=127.0.0.1:" + nodes.port(0), "gms.user=" + nodes.gmsUser(), "gms.password=" + nodes.gmsPassword(),
            "dn.list=dn0@127.0.0.1:" + nodes.port(1) + ",dn1@127.0.0.1:" + nodes.port(2),
            "dn.user=" + nodes.cnUser(), "dn.password=" + nodes.cnPassword(), "cdc.enabled=" + cdc,
            "dn.monitor.user=" + nodes.monitorUser(), "dn.monitor.password=" + nodes.monitorPassword(), ""));
    }

    public int port() {
        return port;
    }

    /** Starts the CN with extra JVM options and waits until it listens. Output goes to {@code cn.out}. */
    public Process start(String... jvmArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
            "java").toString(), "-Xmx512m", "-Dpolardbx.log.dir=" + dir.resolve("cn-logs").toAbsolutePath()));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "com.polardbx.server.PolarDbxServer",
            "--config", dir.resolve("cn.properties").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cn.out").toFile())).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(p.isAlive(), "CN exited during start-up; see " + dir.resolve("cn.out"));
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("CN did not listen within 120 s");
    }

    /** A Connector/J connection as root, with extra URL options ({@code a=b&c=d}) or null. */
    public Connection connect(String database, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + (database == null ? "" : database)
            + "?sslMode=DISABLED" + (options == null ? "" : "&" + options), "root", "");
    }
}
