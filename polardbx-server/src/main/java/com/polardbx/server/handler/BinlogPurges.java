package com.polardbx.server.handler;

import com.polardbx.cdc.api.BinlogSource;
import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.PurgeResult;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import com.polardbx.server.variable.SystemVariables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PURGE {BINARY | MASTER} LOGS {TO 'file' | BEFORE datetime}} over the global binlog, as MySQL: SUPER (MariaDB
 * also takes BINLOG ADMIN, which the CN cannot grant yet), 1373 for an unknown file, warnings 1867 (a file a dump
 * reads, and every later one, is kept) and 1868 (the active file is never purged), a datetime that is none is
 * MariaDB's warning 1292 and purges nothing, no effect when this CN runs no CDC. Also the retention variables
 * {@code binlog_expire_logs_seconds} (MySQL 8.0's default, 30 days) and MariaDB's and MySQL 5.7's
 * {@code expire_logs_days}, which the CDC reads to purge old files by itself.
 */
public final class BinlogPurges {
    public static final String EXPIRE_SECONDS = "binlog_expire_logs_seconds";
    public static final String EXPIRE_DAYS = "expire_logs_days";
    private static final Pattern PURGE = Pattern.compile(
        "(?is)^\\s*PURGE\\s+(?:BINARY|MASTER)\\s+LOGS\\s+(TO|BEFORE)\\s+(.+?)\\s*;?\\s*$");
    private static final Pattern QUOTED = Pattern.compile("(?s)^(['\"])(.*)\\1$");
    /** NOW() and its synonyms, optionally minus or plus an interval: what people write after BEFORE. */
    private static final Pattern NOW = Pattern.compile("(?is)^(?:NOW\\s*\\(\\s*\\)|CURRENT_TIMESTAMP(?:\\s*\\(\\s*\\))?"
        + "|SYSDATE\\s*\\(\\s*\\))(?:\\s*([-+])\\s*INTERVAL\\s+'?(\\d+)'?\\s+(SECOND|MINUTE|HOUR|DAY|WEEK)\\s*)?$");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-M-d H:m:s[.SSSSSS]");

    private final ServerContext context;
    private final SessionState state;
    private final AccessCheck access;

    public BinlogPurges(ServerContext context, SessionState state, AccessCheck access) {
        this.context = context;
        this.state = state;
        this.access = access;
    }

    /** Declares the retention variables with their defaults. */
    public static void declare(SystemVariables variables) {
        variables.declare(EXPIRE_SECONDS, 2_592_000L);
        variables.declare(EXPIRE_DAYS, 0L);
    }

    /** The retention in seconds (0: keep forever): {@code expire_logs_days} when it is set, else the seconds. */
    public static long expireSeconds(SystemVariables variables) {
        long days = ((Number) variables.global(EXPIRE_DAYS)).longValue();
        return days > 0 ? days * 86_400 : Math.max(0, ((Number) variables.global(EXPIRE_SECONDS)).longValue());
    }

    /** The statement's result, or null when {@code sql} is not a PURGE of binary logs. */
    public StatementResult tryPurge(String sql) {
        Matcher m = PURGE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        // as MariaDB 10.11: either privilege
        if (!access.hasGlobal(Privilege.SUPER) && !access.hasGlobal(Privilege.BINLOG_ADMIN)) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "SUPER, BINLOG ADMIN");
        }
        boolean to = m.group(1).equalsIgnoreCase("TO");
        String argument = m.group(2);
        Matcher quoted = QUOTED.matcher(argument);
        if (to && !quoted.matches()) {
            throw new SqlError(ErrorCode.ER_PARSE, "check the manual that corresponds to your MySQL server version"
                + " for the right syntax to use near '" + argument + "' at line 1");
        }
        BinlogSource source = context.binlog().get();
        Instant before = null;
        if (!to) {
            before = instant(argument, quoted);
            if (before == null) {
                // MariaDB: the value is no datetime, nothing is purged
                state.warnings().clear();
                state.warnings().add(new SessionState.Warning("Warning", ErrorCode.ER_TRUNCATED_WRONG_VALUE.errno(),
                    ErrorCode.ER_TRUNCATED_WRONG_VALUE.format("datetime", quoted.matches() ? quoted.group(2)
                        : argument)));
                return new StatementResult.Ok(0, 0, 1, null);
            }
        }
        if (source == null) {
            return StatementResult.Ok.EMPTY; // MySQL: no effect without a binary log
        }
        PurgeResult result;
        try {
            result = to ? source.purgeTo(quoted.group(2)) : source.purgeBefore(before);
        } catch (BinlogUnavailableException e) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_TARGET_BINLOG);
        }
        return withWarnings(result);
    }

    private StatementResult withWarnings(PurgeResult result) {
        List<SessionState.Warning> warnings = new java.util.ArrayList<>();
        if (result.inUse() != null) {
            warnings.add(new SessionState.Warning("Warning", ErrorCode.ER_WARN_PURGE_LOG_IN_USE.errno(),
                ErrorCode.ER_WARN_PURGE_LOG_IN_USE.format(result.inUse(), result.inUseReaders(),
                    result.purged().size(), result.candidates())));
        }
        if (result.activeKept() != null) {
            warnings.add(new SessionState.Warning("Warning", ErrorCode.ER_WARN_PURGE_LOG_IS_ACTIVE.errno(),
                ErrorCode.ER_WARN_PURGE_LOG_IS_ACTIVE.format(result.activeKept())));
        }
        state.warnings().clear();
        state.warnings().addAll(warnings);
        return new StatementResult.Ok(0, 0, warnings.size(), null);
    }

    /**
     * The instant of a BEFORE argument in the session's time zone; null for a string that is no datetime, 1210 for
     * an expression the CN cannot evaluate here (only NOW() plus or minus an interval).
     */
    private Instant instant(String argument, Matcher quoted) {
        ZoneId zone = sessionZone();
        if (quoted.matches()) {
            String text = quoted.group(2).trim();
            try {
                if (text.matches("\\d{4}-\\d{1,2}-\\d{1,2}")) {
                    return LocalDate.parse(text, DateTimeFormatter.ofPattern("uuuu-M-d")).atStartOfDay(zone).toInstant();
                }
                return LocalDateTime.parse(text, DATETIME).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher now = NOW.matcher(argument);
        if (!now.matches()) {
            throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "PURGE LOGS BEFORE");
        }
        Instant at = Instant.now();
        if (now.group(1) != null) {
            long amount = Long.parseLong(now.group(2));
            String unit = now.group(3).toUpperCase(Locale.ROOT);
            long seconds = amount * switch (unit) {
                case "SECOND" -> 1;
                case "MINUTE" -> 60;
                case "HOUR" -> 3_600;
                case "DAY" -> 86_400;
                default -> 604_800;
            };
            at = now.group(1).equals("-") ? at.minus(seconds, ChronoUnit.SECONDS) : at.plus(seconds, ChronoUnit.SECONDS);
        }
        return at;
    }

    private ZoneId sessionZone() {
        Object zone = state.variables().get("time_zone");
        if (zone == null || String.valueOf(zone).equalsIgnoreCase("SYSTEM")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(String.valueOf(zone));
        } catch (java.time.DateTimeException e) {
            return ZoneId.systemDefault();
        }
    }
}
