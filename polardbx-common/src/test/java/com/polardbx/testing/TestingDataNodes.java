package com.polardbx.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of real MariaDB processes for integration tests, started on free loopback ports with fresh datadirs under
 * {@code target/testing-dns/<port>} of the current module and killed by a JVM shutdown hook. Thread-safe.
 *
 * <p>{@link #shared()} starts three instances once per JVM: index 0 is meant as the GMS metadb, 1 and 2 as DNs. Every
 * instance has binlog ROW/FULL, a distinct server id, {@code secure_file_priv} set to a directory of its own, the
 * account {@link #user()}/{@link #password()} with all privileges (for tests that compare with a plain MariaDB), and
 * the restricted accounts a CN uses: {@link #cnUser()} on DNs (the physical databases {@code <db>_p<n>}, no global
 * privilege), {@link #monitorUser()} on DNs (PROCESS only, for the deadlock detector) and {@link #gmsUser()} on the
 * GMS (only {@code polardbx_*}). {@link #connect(int)} needs a {@code jdbc:mysql:} driver
 * (mysql-connector-j) on the test classpath.
 */
public final class TestingDataNodes {
    private static final Logger log = LoggerFactory.getLogger(TestingDataNodes.class);
    private static final String USER = "polardbx";
    private static final String PASSWORD = "polardbx";
    static final String CN_USER = "polardbx_cn";
    static final String CN_PASSWORD = "polardbx_cn";
    /** Grant pattern of the physical databases a CN creates on a DN ({@code <db>_p<n>}); excludes mysql, sys. */
    static final String CN_DATABASES = "%\\_p%";
    /**
     * What else the CN needs on a DN: one InnoDB table every server has, read to open a transaction's snapshot; the
     * CDC reads the binlog as a replica and writes its heartbeat rows (docs/cdc.md).
     */
    static final String CN_EXTRA_GRANTS = "SELECT ON mysql.innodb_table_stats TO %s"
        + ";REPLICATION SLAVE, BINLOG MONITOR ON *.* TO %s;ALL PRIVILEGES ON polardbx_cdc.* TO %s";
    /** The deadlock detector's account: PROCESS (information_schema.INNODB_LOCK_WAITS, INNODB_TRX) and nothing else. */
    static final String MONITOR_USER = "polardbx_monitor";
    static final String MONITOR_PASSWORD = "polardbx_monitor";
    static final String GMS_USER = "polardbx_gms";
    static final String GMS_PASSWORD = "polardbx_gms";
    /** Grant pattern of the CN's databases on the GMS (polardbx_meta, polardbx_information_schema). */
    static final String GMS_DATABASES = "polardbx\\_%";
    /** Ports of the developer's local cluster (bin/polardbx) and CN: never hand these out. */
    private static final Set<Integer> RESERVED_PORTS = Set.of(8527, 8528, 8529, 8530, 13300, 13306, 13307);
    private static final int START_ATTEMPTS = 3;

    private static volatile TestingDataNodes shared;

    private final List<TestingMariaDb> instances;

    private TestingDataNodes(List<TestingMariaDb> instances) {
        this.instances = instances;
    }

    /** The JVM-wide set of three instances (0 = GMS, 1..2 = DNs), started on first call. */
    public static TestingDataNodes shared() {
        TestingDataNodes result = shared;
        if (result == null) {
            synchronized (TestingDataNodes.class) {
                result = shared;
                if (result == null) {
                    result = start(3, Path.of("target", "testing-dns"));
                    shared = result;
                }
            }
        }
        return result;
    }

    /**
     * Starts {@code count} fresh instances under {@code baseDir} (old instance directories there are deleted, and
     * processes left behind by an earlier run are killed first). Prefer {@link #shared()}.
     */
    public static TestingDataNodes start(int count, Path baseDir) {
        MariaDbBinaries binaries = MariaDbBinaries.locate();
        Path base = baseDir.toAbsolutePath().normalize();
        long startedAt = System.nanoTime();
        try {
            cleanBaseDir(base);
            List<TestingMariaDb> instances = bootstrapAll(binaries, base, count);
            TestingDataNodes nodes = new TestingDataNodes(instances);
            Runtime.getRuntime().addShutdownHook(new Thread(nodes::killAll, "testing-dns-shutdown"));
            for (int i = 0; i < count; i++) {
                instances.set(i, startWithFreshPortOnConflict(binaries, base, instances.get(i), i + 1));
            }
            log.info("{} MariaDB instances ready in {} ms: ports {}", count, (System.nanoTime() - startedAt) / 1_000_000,
                instances.stream().map(TestingMariaDb::port).toList());
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting MariaDB instances", e);
        }
    }

    /** Number of instances. */
    public int size() {
        return instances.size();
    }

    /** TCP port of instance {@code i} (bound to 127.0.0.1). */
    public int port(int i) {
        return instance(i).port();
    }

    /** A mysql-connector-j URL for instance {@code i}; {@code db} may be null for no default database. */
    public String jdbcUrl(int i, String db) {
        return instance(i).jdbcUrl(db);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The account a CN uses on DNs: all privileges on the physical databases, no global privilege. */
    public String cnUser() {
        return CN_USER;
    }

    public String cnPassword() {
        return CN_PASSWORD;
    }

    /** The account of the CN's deadlock detector on DNs: PROCESS, nothing else. */
    public String monitorUser() {
        return MONITOR_USER;
    }

    public String monitorPassword() {
        return MONITOR_PASSWORD;
    }

    /** The account a CN uses on the GMS: all privileges on the {@code polardbx_*} databases only, none global. */
    public String gmsUser() {
        return GMS_USER;
    }

    public String gmsPassword() {
        return GMS_PASSWORD;
    }

    /** The {@code secure_file_priv} directory of instance {@code i}. */
    public Path secureFileDir(int i) {
        return instance(i).secureFileDir();
    }

    /** A new connection (no default database) as {@link #user()}; the caller closes it. */
    public Connection connect(int i) throws SQLException {
        return instance(i).connect(null);
    }

    /** The MariaDB datadir of instance {@code i}; binlogs ({@code mysql-bin.*}) live inside it. */
    public Path dataDir(int i) {
        return instance(i).dataDir();
    }

    /** Kills instance {@code i} with SIGKILL, like a crash; its data stays for {@link #restart(int)}. */
    public synchronized void kill9(int i) {
        try {
            instance(i).kill9();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts instance {@code i} again on the same port and datadir (stopping it cleanly first if it still runs). */
    public synchronized void restart(int i) {
        TestingMariaDb instance = instance(i);
        try {
            instance.stop(60);
            instance.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True while the process of instance {@code i} is alive. */
    public boolean isRunning(int i) {
        return instance(i).isRunning();
    }

    private TestingMariaDb instance(int i) {
        if (i < 0 || i >= instances.size()) {
            throw new IndexOutOfBoundsException("instance " + i + " of " + instances.size());
        }
        return instances.get(i);
    }

    private void killAll() {
        for (TestingMariaDb instance : instances) {
            try {
                instance.kill9();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** install-db runs in parallel: it dominates start-up time. */
    private static List<TestingMariaDb> bootstrapAll(MariaDbBinaries binaries, Path base, int count)
        throws IOException, InterruptedException {
        List<TestingMariaDb> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = freePort();
            instances.add(new TestingMariaDb(binaries, base.resolve(Integer.toString(port)), port, i + 1, USER, PASSWORD));
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TestingMariaDb instance : instances) {
                futures.add(pool.submit(() -> {
                    instance.bootstrap();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return instances;
    }

    /** The port was free when chosen but another process may have taken it since: move to a new one. */
    private static TestingMariaDb startWithFreshPortOnConflict(MariaDbBinaries binaries, Path base,
        TestingMariaDb instance, int serverId) throws IOException, InterruptedException {
        TestingMariaDb current = instance;
        for (int attempt = 1; ; attempt++) {
            try {
                current.start();
                return current;
            } catch (IllegalStateException e) {
                if (attempt >= START_ATTEMPTS || !current.failedOnBusyPort()) {
                    throw e;
                }
                int port = freePort();
                log.warn("port {} was taken, moving the instance to port {}", current.port(), port);
                Path root = base.resolve(Integer.toString(port));
                Files.move(current.root(), root);
                current = new TestingMariaDb(binaries, root, port, serverId, USER, PASSWORD);
            }
        }
    }

    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (!RESERVED_PORTS.contains(port)) {
                    return port;
                }
            }
        }
    }

    /** Deletes the previous run's instances, first killing any process an aborted run left behind. */
    private static void cleanBaseDir(Path base) throws IOException {
        if (Files.isDirectory(base)) {
            try (Stream<Path> dirs = Files.list(base)) {
                dirs.forEach(TestingDataNodes::killLeftover);
            }
            try (Stream<Path> paths = Files.walk(base)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        Files.createDirectories(base);
    }

    private static void killLeftover(Path instanceDir) {
        Path pidFile = instanceDir.resolve("launcher.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isPresent() && handle.get().info().command().orElse("").endsWith("mariadbd")) {
                log.warn("killing mariadbd pid {} left behind in {}", pid, instanceDir);
                handle.get().destroyForcibly();
                handle.get().onExit().get();
            }
        } catch (IOException | NumberFormatException | ExecutionException e) {
            log.debug("ignoring unreadable pid file {}", pidFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
