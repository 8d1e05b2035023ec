package com.polardbx.tests;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.server.CnConfig;
import com.polardbx.server.PolarDbxServer;
import com.polardbx.testing.TestingDataNodes;
import com.polardbx.transaction.connection.MonitorAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * One CN for the whole test JVM, in process, over the shared MariaDB instances: instance 0 is the GMS, 1 and 2 are
 * the DNs. Tests connect to it through the MySQL protocol like any client.
 */
public final class TestingCluster {
    private static TestingCluster instance;

    private final TestingDataNodes nodes;
    /** The size at which the test CN's global binlog files rotate. */
    public static final long CDC_FILE_BYTES = 4096;
    private final PolarDbxServer cn;
    private final Path dataDir;
    private boolean cdcStarted;

    private TestingCluster() {
        nodes = TestingDataNodes.shared();
        try {
            dataDir = Files.createDirectories(Path.of("target", "testing-cn"));
            StorageNode gms = new StorageNode("gms", StorageNode.Kind.GMS, "127.0.0.1", nodes.port(0), nodes.gmsUser(),
                nodes.gmsPassword());
            List<StorageNode> dns = List.of(
                new StorageNode("dn0", StorageNode.Kind.DN, "127.0.0.1", nodes.port(1), nodes.cnUser(),
                    nodes.cnPassword()),
                new StorageNode("dn1", StorageNode.Kind.DN, "127.0.0.1", nodes.port(2), nodes.cnUser(),
                    nodes.cnPassword()));
            // the CDC is off until a test enables it; its small files make every workload rotate a few times
            cn = new PolarDbxServer(new CnConfig("cntest", "127.0.0.1", freePort(), dataDir, gms, dns,
                new MonitorAccount(nodes.monitorUser(), nodes.monitorPassword())).withCdc(false, CDC_FILE_BYTES));
            cn.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cn::close, "testing-cn-shutdown"));
    }

    /**
     * Starts another CN on the same GMS and DNs (its own data directory, ports chosen freely), for tests of what CNs
     * share; the caller closes it.
     */
    public PolarDbxServer startAnotherCn(String cnId) throws IOException {
        Path dataDir = Files.createDirectories(Path.of("target", "testing-" + cnId));
        StorageNode gms = new StorageNode("gms", StorageNode.Kind.GMS, "127.0.0.1", nodes.port(0), nodes.gmsUser(),
            nodes.gmsPassword());
        List<StorageNode> dns = List.of(
            new StorageNode("dn0", StorageNode.Kind.DN, "127.0.0.1", nodes.port(1), nodes.cnUser(), nodes.cnPassword()),
            new StorageNode("dn1", StorageNode.Kind.DN, "127.0.0.1", nodes.port(2), nodes.cnUser(),
                nodes.cnPassword()));
        PolarDbxServer other = new PolarDbxServer(new CnConfig(cnId, "127.0.0.1", freePort(), dataDir, gms, dns,
            new MonitorAccount(nodes.monitorUser(), nodes.monitorPassword())));
        other.start();
        return other;
    }

    public static synchronized TestingCluster shared() {
        if (instance == null) {
            instance = new TestingCluster();
        }
        return instance;
    }

    /**
     * Starts the CDC in the shared CN (idempotent). The first start in a JVM drops the global binlog of earlier runs:
     * the DNs, and so their binlog positions, are new.
     */
    public synchronized com.polardbx.cdc.CdcService enableCdc() {
        if (!cdcStarted) {
            deleteTree(cdcDir());
            cdcStarted = true;
        }
        return cn.startCdc();
    }

    /** Stops the CDC, so the suites after a CDC test run without it (its files stay). */
    public synchronized void disableCdc() {
        cn.stopCdc();
    }

    /** Stops the CDC (as a CN restart would) and starts it again from its checkpoint. */
    public synchronized com.polardbx.cdc.CdcService restartCdc() {
        cn.stopCdc();
        return cn.startCdc();
    }

    /** The CDC's directory: {@code binlog/} holds the global binlog files. */
    public Path cdcDir() {
        return dataDir.resolve("cdc");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return cn.port();
    }

    /** The CN's HTTP port ({@code /metrics}, {@code /status}). */
    public int metricsPort() {
        return cn.metricsPort();
    }

    /** The CN's data directory (slow log, audit log). */
    public Path dataDir() {
        return Path.of("target", "testing-cn").toAbsolutePath();
    }

    public TestingDataNodes dataNodes() {
        return nodes;
    }

    /** A mysql-connector-j connection to the CN as root. */
    public Connection connect(String database, String options) throws SQLException {
        String url = "jdbc:mysql://127.0.0.1:" + port() + "/" + (database == null ? "" : database)
            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true" + (options == null ? "" : "&" + options);
        return DriverManager.getConnection(url, "root", "");
    }

    /**
     * Drops and creates {@code db} on the CN (auto mode) and a database of the same name on the first DN, for tests
     * that run the same statements on both.
     */
    public void freshDatabases(String db) throws SQLException {
        try (Connection c = connect(null, null); java.sql.Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + " MODE='auto'");
        }
        try (Connection c = connectDirect(null); java.sql.Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db);
        }
    }

    /** A connection straight to the first DN, for reference results. */
    public Connection connectDirect(String database) throws SQLException {
        return DriverManager.getConnection(nodes.jdbcUrl(1, database), nodes.user(), nodes.password());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
