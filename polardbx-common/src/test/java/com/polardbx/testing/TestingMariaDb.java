package com.polardbx.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MariaDB server process owned by a test JVM: its own root directory holding datadir (with binlogs), tmpdir,
 * socket, pid file and logs. Not thread-safe; {@link TestingDataNodes} serializes access.
 */
final class TestingMariaDb {
    private static final Logger log = LoggerFactory.getLogger(TestingMariaDb.class);
    private static final long READY_TIMEOUT_MILLIS = 120_000;
    /** Linux limits unix socket paths to 108 bytes; beyond this the socket moves to java.io.tmpdir. */
    private static final int MAX_SOCKET_PATH = 100;

    private final MariaDbBinaries binaries;
    private final Path root;
    private final int port;
    private final int serverId;
    private final String user;
    private final String password;
    private Process process;

    TestingMariaDb(MariaDbBinaries binaries, Path root, int port, int serverId, String user, String password) {
        this.binaries = binaries;
        this.root = root;
        this.port = port;
        this.serverId = serverId;
        this.user = user;
        this.password = password;
    }

    int port() {
        return port;
    }

    Path root() {
        return root;
    }

    Path dataDir() {
        return root.resolve("data");
    }

    /** The only directory the server's file functions may touch ({@code secure_file_priv}). */
    Path secureFileDir() {
        return root.resolve("files");
    }

    Path errorLog() {
        return root.resolve("error.log");
    }

    String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + (database == null ? "" : database)
            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=utf8"
            + "&connectTimeout=5000";
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Creates a fresh datadir with mariadb-install-db; the directory must not exist yet. */
    void bootstrap() throws IOException, InterruptedException {
        Files.createDirectories(dataDir());
        Files.createDirectories(tmpDir());
        Path installLog = root.resolve("install.log");
        List<String> command = List.of(binaries.installDb().toString(), "--no-defaults",
            "--user=" + System.getProperty("user.name"), "--datadir=" + dataDir(), "--tmpdir=" + tmpDir(),
            "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(installLog.toFile());
        // A private TMPDIR matters: parallel bootstraps sharing /tmp fail at random (error 1017 on #sql-temptable).
        builder.environment().put("TMPDIR", tmpDir().toString());
        Process install = builder.start();
        if (!install.waitFor(180, TimeUnit.SECONDS)) {
            install.destroyForcibly();
            throw new IllegalStateException("mariadb-install-db timed out for " + root + "\n" + tail(installLog));
        }
        if (install.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed (exit " + install.exitValue() + ") for " + root
                + "\n" + tail(installLog));
        }
        Files.writeString(root.resolve("init.sql"), initSql(), StandardCharsets.UTF_8);
    }

    /** Starts mariadbd on the existing datadir and waits until the test account can log in. */
    void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("mariadbd on port " + port + " is already running");
        }
        Files.createDirectories(tmpDir());
        Files.createDirectories(secureFileDir());
        Files.writeString(errorLog(), "", StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(serverCommand()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("stdout.log").toFile()));
        builder.environment().put("TMPDIR", tmpDir().toString());
        process = builder.start();
        Files.writeString(root.resolve("launcher.pid"), Long.toString(process.pid()), StandardCharsets.UTF_8);
        awaitReady();
        log.info("MariaDB data node ready on port {} (pid {}, dir {})", port, process.pid(), root);
    }

    /** SIGKILL, as a crash would; waits until the process is gone. */
    void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (clean shutdown), falling back to SIGKILL after the timeout. */
    void stop(long timeoutSeconds) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            kill9();
        }
    }

    /** True when the error log shows that another process holds the port. */
    boolean failedOnBusyPort() {
        String text = tail(errorLog());
        return text.contains("Address already in use") || text.contains("Do you already have another server running");
    }

    private List<String> serverCommand() {
        List<String> command = new ArrayList<>();
        command.add(binaries.server().toString());
        command.add("--no-defaults");
        command.add("--user=" + System.getProperty("user.name"));
        command.add("--datadir=" + dataDir());
        command.add("--tmpdir=" + tmpDir());
        command.add("--socket=" + socketPath());
        command.add("--pid-file=" + root.resolve("mariadbd.pid"));
        command.add("--port=" + port);
        command.add("--bind-address=127.0.0.1");
        command.add("--server-id=" + serverId);
        command.add("--log-bin=" + dataDir().resolve("mysql-bin"));
        command.add("--binlog-format=ROW");
        command.add("--binlog-row-image=FULL");
        command.add("--log-error=" + errorLog());
        command.add("--init-file=" + root.resolve("init.sql"));
        command.add("--innodb-buffer-pool-size=64M");
        command.add("--innodb-log-file-size=48M");
        // Tests kill processes, never the OS: commits written to the page cache survive, so skip the fsyncs.
        command.add("--innodb-flush-log-at-trx-commit=2");
        command.add("--sync-binlog=0");
        command.add("--max-connections=500");
        command.add("--skip-name-resolve");
        command.add("--character-set-server=utf8mb4");
        command.add("--collation-server=utf8mb4_general_ci");
        command.add("--gtid-strict-mode=ON");
        // LOAD_FILE, INTO OUTFILE and LOAD DATA INFILE reach this directory only, never the datadir or /etc
        command.add("--secure-file-priv=" + secureFileDir());
        return command;
    }

    /**
     * Runs at every start (idempotent), so the accounts exist without needing the mariadb client: the test account
     * with all privileges (tests use it to compare with a plain MariaDB), and the restricted accounts a CN uses, which
     * reach only the CN's own databases and hold no global privilege (no FILE, SUPER, GRANT OPTION), and the deadlock
     * detector's account, which holds PROCESS and nothing else.
     */
    private String initSql() {
        String account = "'" + user + "'@'%'";
        String cn = "'" + TestingDataNodes.CN_USER + "'@'%'";
        String gms = "'" + TestingDataNodes.GMS_USER + "'@'%'";
        String monitor = "'" + TestingDataNodes.MONITOR_USER + "'@'%'";
        // init-file needs one statement per line.
        return "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "';\n"
            + "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;\n"
            + "CREATE USER IF NOT EXISTS " + cn + " IDENTIFIED BY '" + TestingDataNodes.CN_PASSWORD + "';\n"
            + "GRANT ALL PRIVILEGES ON `" + TestingDataNodes.CN_DATABASES + "`.* TO " + cn + ";\n"
            + "GRANT " + TestingDataNodes.CN_EXTRA_GRANTS.replace("%s", cn).replace(";", ";\nGRANT ") + ";\n"
            + "CREATE USER IF NOT EXISTS " + monitor + " IDENTIFIED BY '" + TestingDataNodes.MONITOR_PASSWORD + "';\n"
            + "GRANT PROCESS ON *.* TO " + monitor + ";\n"
            + "CREATE USER IF NOT EXISTS " + gms + " IDENTIFIED BY '" + TestingDataNodes.GMS_PASSWORD + "';\n"
            + "GRANT ALL PRIVILEGES ON `" + TestingDataNodes.GMS_DATABASES + "`.* TO " + gms + ";\n"
            // the CDC reads the global transaction log from the GMS binlog as a replica
            + "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO " + gms + ";\n";
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd on port " + port + " exited with " + process.exitValue()
                    + "; tail of " + errorLog() + ":\n" + tail(errorLog()));
            }
            try (Connection ignored = connect(null)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("mariadbd on port " + port + " did not answer within "
            + READY_TIMEOUT_MILLIS / 1000 + " s (last error: " + last + "); tail of error log:\n" + tail(errorLog()));
    }

    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        try {
            return DriverManager.getConnection(jdbcUrl(database), props);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null
                && e.getMessage().startsWith("No suitable driver")) {
                throw new IllegalStateException("no JDBC driver for jdbc:mysql: add com.mysql:mysql-connector-j "
                    + "(test scope) to this module", e);
            }
            throw e;
        }
    }

    private Path tmpDir() {
        return root.resolve("tmp");
    }

    private Path socketPath() {
        Path socket = root.resolve("mysqld.sock");
        if (socket.toString().length() <= MAX_SOCKET_PATH) {
            return socket;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "polardbx-testing-" + port + ".sock");
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
