package com.polardbx.server.observe;

import com.polardbx.server.variable.SystemVariables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: one JSON object per line and statement (time, connection, user, host, database, digest,
 * statement, duration, rows, errno, transaction) in a file under the data directory, rotated by size. Switched
 * with global variables, which a SUPER user sets:
 * <ul>
 *   <li>{@code polardbx_audit_log} ON/OFF (OFF);</li>
 *   <li>{@code polardbx_audit_log_users}, {@code polardbx_audit_log_databases}: comma-separated user names and
 *       databases to audit, empty for all; a statement is audited when both lists admit it;</li>
 *   <li>{@code polardbx_audit_log_mask_literals} ON writes the statement's digest text (every literal a
 *       {@code ?}) instead of its text;</li>
 *   <li>{@code polardbx_audit_log_file} (audit.log, in the data directory), {@code polardbx_audit_log_rotate_size}
 *       (bytes, 100 MB), {@code polardbx_audit_log_rotations} (older files kept: audit.log.1 ... .N, 9).</li>
 * </ul>
 * Thread-safe: a line is written whole under a lock.
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final SystemVariables variables;
    private Path openPath;
    private OutputStream out;
    private long size;
    private volatile String usersText = "";
    private volatile Set<String> users = Set.of();
    private volatile String databasesText = "";
    private volatile Set<String> databases = Set.of();

    public AuditLog(Path dataDir, SystemVariables variables) {
        this.variables = variables;
        variables.declare("polardbx_audit_log", 0L);
        variables.declare("polardbx_audit_log_users", "");
        variables.declare("polardbx_audit_log_databases", "");
        variables.declare("polardbx_audit_log_mask_literals", 0L);
        variables.declare("polardbx_audit_log_file", dataDir.toAbsolutePath().normalize().resolve("audit.log")
            .toString());
        variables.declare("polardbx_audit_log_rotate_size", 104_857_600L);
        variables.declare("polardbx_audit_log_rotations", 9L);
        variables.validator("polardbx_audit_log_file", v -> LogFiles.resolve(dataDir, "polardbx_audit_log_file",
            String.valueOf(v)).toString());
    }

    /** Whether the statement is to be audited: the log is on and the user and database lists admit it. */
    boolean wants(StatementEvent e) {
        Object on = variables.global("polardbx_audit_log");
        if (!(on instanceof Number n) || n.longValue() == 0) {
            return false;
        }
        return admits(usersList(), e.user()) && admits(databasesList(), e.database());
    }

    private static boolean admits(Set<String> names, String name) {
        return names.isEmpty() || name != null && names.contains(name.toLowerCase(Locale.ROOT));
    }

    private Set<String> usersList() {
        String text = String.valueOf(variables.global("polardbx_audit_log_users"));
        if (!text.equals(usersText)) {
            users = parse(text);
            usersText = text;
        }
        return users;
    }

    private Set<String> databasesList() {
        String text = String.valueOf(variables.global("polardbx_audit_log_databases"));
        if (!text.equals(databasesText)) {
            databases = parse(text);
            databasesText = text;
        }
        return databases;
    }

    private static Set<String> parse(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    void write(StatementEvent e, String digestText, String digest) {
        Object mask = variables.global("polardbx_audit_log_mask_literals");
        boolean masked = mask instanceof Number n && n.longValue() != 0;
        byte[] line = (line(e, masked ? digestText : e.sql(), digest) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                Path path = Path.of(String.valueOf(variables.global("polardbx_audit_log_file")));
                if (out == null || !path.equals(openPath)) {
                    open(path);
                }
                long limit = ((Number) variables.global("polardbx_audit_log_rotate_size")).longValue();
                if (limit > 0 && size > 0 && size + line.length > limit) {
                    rotate(path);
                }
                out.write(line);
                out.flush();
                size += line.length;
            } catch (IOException | RuntimeException ex) {
                log.warn("writing the audit log failed: {}", ex.getMessage());
            }
        }
    }

    private void open(Path path) throws IOException {
        close();
        Files.createDirectories(path.getParent());
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        openPath = path;
        size = Files.size(path);
    }

    /** audit.log becomes audit.log.1, .1 becomes .2 ..., the oldest beyond the kept count is deleted. */
    private void rotate(Path path) throws IOException {
        close();
        long kept = ((Number) variables.global("polardbx_audit_log_rotations")).longValue();
        if (kept <= 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(numbered(path, kept));
            for (long i = kept - 1; i >= 1; i--) {
                Path older = numbered(path, i);
                if (Files.exists(older)) {
                    Files.move(older, numbered(path, i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, numbered(path, 1), StandardCopyOption.REPLACE_EXISTING);
        }
        open(path);
    }

    private static Path numbered(Path path, long n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    static String line(StatementEvent e, String statement, String digest) {
        StringBuilder s = new StringBuilder(200 + statement.length());
        s.append("{\"time\":\"").append(Instant.ofEpochMilli(e.startMillis())).append('"');
        s.append(",\"connection_id\":").append(e.connectionId());
        s.append(",\"user\":").append(Json.string(e.user()));
        s.append(",\"host\":").append(Json.string(e.host()));
        s.append(",\"db\":").append(e.database() == null ? "null" : Json.string(e.database()));
        s.append(",\"digest\":").append(digest == null ? "null" : Json.string(digest));
        s.append(",\"statement\":").append(Json.string(statement));
        s.append(",\"duration_us\":").append(e.durationNanos() / 1000);
        s.append(",\"rows_sent\":").append(e.rowsSent());
        s.append(",\"rows_affected\":").append(e.rowsAffected());
        s.append(",\"errno\":").append(e.errno());
        s.append(",\"transaction_id\":").append(e.transactionId());
        return s.append('}').toString();
    }

    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ex) {
                log.warn("closing the audit log failed: {}", ex.getMessage());
            }
            out = null;
        }
    }
}
