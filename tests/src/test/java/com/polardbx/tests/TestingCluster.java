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
    private final PolarDbxServer cn;

    private TestingCluster() {
        nodes = TestingDataNodes.shared();
        try {
            Path dataDir = Files.createDirectories(Path.of("target", "testing-cn"));
            StorageNode gms = new StorageNode("gms", StorageNode.Kind.GMS, "127.0.0.1", nodes.port(0), nodes.gmsUser(),
                nodes.gmsPassword());
            List<StorageNode> dns = List.of(
                new StorageNode("dn0", StorageNode.Kind.DN, "127.0.0.1", nodes.port(1), nodes.cnUser(),
                    nodes.cnPassword()),
                new StorageNode("dn1", StorageNode.Kind.DN, "127.0.0.1", nodes.port(2), nodes.cnUser(),
                    nodes.cnPassword()));
            cn = new PolarDbxServer(new CnConfig("cntest", "127.0.0.1", freePort(), dataDir, gms, dns,
                new MonitorAccount(nodes.monitorUser(), nodes.monitorPassword())));
            cn.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cn::close, "testing-cn-shutdown"));
    }

    public static synchronized TestingCluster shared() {
        if (instance == null) {
            instance = new TestingCluster();
        }
        return instance;
    }

    public int port() {
        return cn.port();
    }

    /** The CN's HTTP port ({@code /metrics}, {@code /status}). */
    public int metricsPort() {
        return cn.metricsPort();
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
