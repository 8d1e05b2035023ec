package com.polardbx.server.observe;

import com.polardbx.server.variable.SystemVariables;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow query log, in the slow-log format MariaDB 10.11 writes (MySQL 5.x's header lines), so mariadb-dumpslow,
 * mysqldumpslow and pt-query-digest read it. Controlled by MySQL's variables: {@code slow_query_log} (global),
 * {@code long_query_time} (session, seconds; a statement is logged when it took longer) and
 * {@code slow_query_log_file} (global, under the data directory). The CN's extras (shard queries, time in DNs,
 * errno) go on the {@code # Rows_affected:} line, which those tools read or skip as a whole. Thread-safe: entries
 * are written whole under a lock and flushed, slow statements being few.
 */
public final class SlowLog {
    private static final Logger log = LoggerFactory.getLogger(SlowLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyMMdd HH:mm:ss")
        .withZone(ZoneId.systemDefault());
    static final String DEFAULT_FILE = "slow.log";
    private static final String TIMESTAMP_MARK = "SET timestamp=";

    private final Path dataDir;
    private final SystemVariables variables;
    private Path openPath;
    private BufferedWriter out;
    private String lastDatabase;

    public SlowLog(Path dataDir, SystemVariables variables) {
        this.dataDir = dataDir;
        this.variables = variables;
        variables.declare("slow_query_log", 0L);
        variables.declare("long_query_time", 10.0); // a DOUBLE, as in MariaDB
        variables.declare("slow_query_log_file", dataDir.toAbsolutePath().normalize().resolve(DEFAULT_FILE)
            .toString());
        variables.validator("slow_query_log_file", v -> LogFiles.resolve(dataDir, "slow_query_log_file",
            String.valueOf(v)).toString());
        variables.validator("long_query_time", v -> {
            try {
                return Math.max(0.0, Double.parseDouble(String.valueOf(v)));
            } catch (NumberFormatException e) {
                throw new com.polardbx.common.error.SqlError(com.polardbx.common.error.ErrorCode.ER_WRONG_TYPE_FOR_VAR,
                    "long_query_time");
            }
        });
    }

    /** Whether the statement goes to the slow log, by the global switch and the session's long_query_time. */
    boolean wants(StatementEvent e, Map<String, Object> session) {
        if (!on(variables.global("slow_query_log")) && !on(variables.global("log_slow_query"))) {
            return false;
        }
        Object limit = session.getOrDefault("long_query_time", variables.global("long_query_time"));
        long limitNanos = (long) (((Number) limit).doubleValue() * 1e9);
        return e.durationNanos() > limitNanos;
    }

    private static boolean on(Object v) {
        return v instanceof Number n && n.longValue() != 0;
    }

    void write(StatementEvent e) {
        String entry = format(e);
        synchronized (this) {
            try {
                Path path = Path.of(String.valueOf(variables.global("slow_query_log_file")));
                if (out == null || !path.equals(openPath)) {
                    close();
                    Files.createDirectories(path.getParent());
                    out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                    openPath = path;
                    lastDatabase = null;
                }
                // as MariaDB: "use db;" between the header and the statement when the database changed
                boolean changed = e.database() != null && !e.database().equals(lastDatabase);
                int mark = entry.indexOf(TIMESTAMP_MARK); // the header's, before the statement
                out.write(changed ? entry.substring(0, mark) + "use " + e.database() + ";\n" + entry.substring(mark)
                    : entry);
                if (changed) {
                    lastDatabase = e.database();
                }
                out.flush();
            } catch (IOException ex) {
                log.warn("writing the slow log failed: {}", ex.getMessage());
            }
        }
    }

    /** The entry's header lines and statement ({@code use db;} goes before its SET timestamp when needed). */
    static String format(StatementEvent e) {
        StringBuilder s = new StringBuilder(256 + e.sql().length());
        s.append("# Time: ").append(TIME.format(Instant.ofEpochMilli(e.startMillis()))).append('\n');
        s.append("# User@Host: ").append(e.user()).append('[').append(e.user()).append("] @  [")
            .append(e.host()).append("]\n");
        s.append("# Thread_id: ").append(e.connectionId()).append("  Schema: ")
            .append(e.database() == null ? "" : e.database()).append("  QC_hit: No\n");
        s.append(String.format(Locale.ROOT, "# Query_time: %.6f  Lock_time: 0.000000  Rows_sent: %d  "
            + "Rows_examined: %d%n", e.durationNanos() / 1e9, e.rowsSent(), e.rowsExamined()));
        s.append(String.format(Locale.ROOT, "# Rows_affected: %d  Shards: %d  DN_time: %.6f  Errno: %d%n",
            e.rowsAffected(), e.shards(), e.dataNodeNanos() / 1e9, e.errno()));
        s.append("SET timestamp=").append(e.startMillis() / 1000).append(";\n");
        String sql = e.sql().strip();
        s.append(sql);
        if (!sql.endsWith(";")) {
            s.append(';');
        }
        return s.append('\n').toString();
    }

    synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ex) {
                log.warn("closing the slow log failed: {}", ex.getMessage());
            }
            out = null;
        }
    }
}
