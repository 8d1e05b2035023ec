package com.polardbx.server.variable;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.Locale;
import java.util.Map;

/**
 * The server's system variables: MySQL-compatible defaults, global values ({@code SET GLOBAL}) and the copy each
 * session starts from. Values are {@link Long} for numeric/boolean variables and {@link String} otherwise.
 * Thread-safe.
 */
public final class SystemVariables {
    /** Hashed, not sorted: statements read some on every run; listings sort a copy ({@link #sessionDefaults}). */
    private final Map<String, Object> globals = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> globalOnly = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, java.util.function.Consumer<Object>> listeners =
        new java.util.concurrent.ConcurrentHashMap<>();
    /** Per-variable checks a SET value passes through (a log file must stay in the data directory ...). */
    private final Map<String, java.util.function.UnaryOperator<Object>> validators =
        new java.util.concurrent.ConcurrentHashMap<>();

    public SystemVariables(String version, int port) {
        Map<String, Object> d = globals;
        d.put("autocommit", 1L);
        d.put("auto_increment_increment", 1L);
        d.put("auto_increment_offset", 1L);
        d.put("character_set_client", "utf8mb4");
        d.put("character_set_connection", "utf8mb4");
        d.put("character_set_results", "utf8mb4");
        d.put("character_set_server", "utf8mb4");
        d.put("character_set_database", "utf8mb4");
        d.put("character_set_system", "utf8mb3");
        d.put("collation_server", "utf8mb4_general_ci");
        d.put("collation_connection", "utf8mb4_general_ci");
        d.put("collation_database", "utf8mb4_general_ci");
        d.put("init_connect", "");
        d.put("interactive_timeout", 28800L);
        d.put("wait_timeout", 28800L);
        d.put("connect_timeout", 10L);
        d.put("net_write_timeout", 60L);
        d.put("net_read_timeout", 30L);
        d.put("license", "GPL");
        d.put("lower_case_table_names", 1L);
        d.put("max_allowed_packet", 67108864L);
        d.put("performance_schema", 0L);
        d.put("sql_mode", "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION");
        d.put("system_time_zone", "UTC");
        d.put("time_zone", "SYSTEM");
        d.put("transaction_isolation", "REPEATABLE-READ");
        d.put("tx_isolation", "REPEATABLE-READ");
        d.put("transaction_read_only", 0L);
        d.put("tx_read_only", 0L);
        d.put("version", version);
        d.put("version_comment", "PolarDB-X style compute node over MariaDB");
        d.put("version_compile_os", "Linux");
        d.put("version_compile_machine", "x86_64");
        d.put("port", (long) port);
        d.put("hostname", "localhost");
        // what would describe a data node is answered about the CN itself (see docs/security.md)
        d.put("datadir", "");
        d.put("basedir", "");
        d.put("socket", "");
        d.put("tmpdir", System.getProperty("java.io.tmpdir", "/tmp"));
        d.put("pid_file", "");
        d.put("log_error", "");
        d.put("plugin_dir", "");
        d.put("general_log_file", "");
        d.put("slow_query_log_file", "");
        d.put("log_bin_basename", "");
        d.put("log_bin_index", "");
        d.put("innodb_data_home_dir", "");
        d.put("innodb_log_group_home_dir", "");
        d.put("character_sets_dir", "");
        d.put("lc_messages_dir", "");
        d.put("report_host", "");
        d.put("report_port", (long) port);
        d.put("bind_address", "");
        d.put("server_id", 1L);
        d.put("sql_select_limit", Long.MAX_VALUE);
        d.put("sql_auto_is_null", 0L);
        d.put("sql_safe_updates", 0L);
        d.put("foreign_key_checks", 1L);
        d.put("unique_checks", 1L);
        d.put("innodb_lock_wait_timeout", 50L);
        d.put("lock_wait_timeout", 31536000L);
        d.put("query_cache_size", 0L);
        d.put("query_cache_type", "OFF");
        d.put("div_precision_increment", 4L);
        d.put("group_concat_max_len", 1024L);
        // rounds a recursive WITH may run (the DNs' MariaDB 10.11 default); read by the CN's recursive union
        d.put("max_recursive_iterations", com.polardbx.executor.operator.QueryContext.DEFAULT_MAX_RECURSIVE_ITERATIONS);
        d.put("max_execution_time", 0L);
        d.put("net_buffer_length", 16384L);
        d.put("have_ssl", "YES");
        d.put("default_storage_engine", "InnoDB");
        d.put("storage_engine", "InnoDB");
        d.put("explicit_defaults_for_timestamp", 1L);
        d.put("sql_notes", 1L);
        d.put("sql_warnings", 0L);
        d.put("warning_count", 0L);
        d.put("in_transaction", 0L); // read from the session's state (SessionState.variable)
        d.put("error_count", 0L);
        d.put("identity", 0L);
        d.put("last_insert_id", 0L);
        d.put("default_authentication_plugin", "mysql_native_password");
        d.put("max_connections", 1000L);
        d.put("log_bin", 1L);
        d.put("binlog_format", "ROW");
        // the global binlog written by the CDC (docs/cdc.md): what Canal, Debezium and replicas check
        d.put("binlog_row_image", "FULL");
        d.put("binlog_checksum", "CRC32");
        d.put("binlog_row_metadata", "MINIMAL");
        d.put("master_verify_checksum", 0L);
        d.put("server_uuid", java.util.UUID.nameUUIDFromBytes("polardbx-cdc".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII)).toString());
        d.put("gtid_purged", "");
        d.put("gtid_executed", "");
        d.put("enforce_gtid_consistency", "OFF");
        d.put("gtid_mode", "OFF");
        d.put("read_only", 0L);
        d.put("event_scheduler", "OFF");
        d.put("protocol_version", 10L);
        d.put("session_track_schema", 1L);
        // accepted (MariaDB Connector/J sets them when CLIENT_SESSION_TRACK is offered); the CN sends no state changes
        d.put("session_track_system_variables",
            "autocommit,character_set_client,character_set_connection,character_set_results,time_zone");
        d.put("session_track_state_change", 0L);
        d.put("session_track_transaction_info", "OFF");
        d.put("character_set_filesystem", "binary");
        d.put("long_query_time", 10L);
        d.put("polardbx_query_memory_limit", com.polardbx.executor.memory.QueryMemoryLimit.serverDefault());
        d.put(com.polardbx.executor.operator.QueryParallelism.SESSION_VARIABLE,
            (long) com.polardbx.executor.operator.QueryParallelism.serverDefault());
        d.put(com.polardbx.executor.operator.QueryParallelism.JOIN_SESSION_VARIABLE,
            com.polardbx.executor.operator.QueryParallelism.joinServerDefault() ? 1L : 0L);
        MariaDbVariables.addTo(d);
        validator("sql_mode", SqlModes::normalize);
    }

    /** Sets {@code datadir} to the CN's own data directory (a client sees the CN's, never a DN's). */
    public void describeDataDir(java.nio.file.Path dataDir) {
        globals.put("datadir", dataDir.toAbsolutePath().normalize() + "/");
    }

    /** Declares a variable of a feature with its default (replacing a placeholder value listed here). */
    public void declare(String name, Object value) {
        globals.put(normalize(name), value);
    }

    /** Declares a variable that only SET GLOBAL changes (SET SESSION gets 1229, as in MySQL). */
    public void declareGlobalOnly(String name, Object value) {
        declare(name, value);
        globalOnly.add(normalize(name));
    }

    /** Whether only SET GLOBAL may change the variable. */
    public boolean isGlobalOnly(String name) {
        return globalOnly.contains(normalize(name));
    }

    /** A check (and normalisation) every SET value of the variable goes through; it throws to refuse a value. */
    public void validator(String name, java.util.function.UnaryOperator<Object> check) {
        validators.put(normalize(name), check);
    }

    /** The value a SET stores: {@code value} after the variable's check, if it has one. */
    public Object checked(String name, Object value) {
        java.util.function.UnaryOperator<Object> check = validators.get(normalize(name));
        return check == null || value == null ? value : check.apply(value);
    }

    public boolean exists(String name) {
        return globals.containsKey(normalize(name));
    }

    public Object global(String name) {
        String key = normalize(name);
        Object v = globals.get(key);
        if (v == null && !globals.containsKey(key)) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE, name);
        }
        return v;
    }

    public void setGlobal(String name, Object value) {
        String key = normalize(name);
        if (!globals.containsKey(key)) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE, name);
        }
        Object stored = checked(key, bounded(key, coerce(key, globals.get(key), value)));
        globals.put(key, stored);
        java.util.function.Consumer<Object> listener = listeners.get(key);
        if (listener != null) {
            listener.accept(stored);
        }
    }

    /** Tells {@code listener} each new global value (a feature that keeps the value in a field of its own). */
    public void onGlobalChange(String name, java.util.function.Consumer<Object> listener) {
        listeners.put(normalize(name), listener);
    }

    /** A fresh session copy of the global values. */
    public Map<String, Object> sessionDefaults() {
        return new java.util.HashMap<>(globals); // looked up on every statement; listings sort their own copy
    }

    public static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("`") && n.endsWith("`")) {
            n = n.substring(1, n.length() - 1);
        }
        return n;
    }

    /** A numeric value moved into the variable's range, as MariaDB does (it warns with 1292). */
    public static Object bounded(String name, Object value) {
        if (name.equals("max_recursive_iterations") && value instanceof Long n) {
            return Math.max(0L, Math.min(n, 4_294_967_295L));
        }
        return value;
    }

    /**
     * Converts a SET value to the variable's kind: ON/OFF/TRUE/FALSE to 1/0 for numeric variables. A boolean
     * variable takes nothing else but 0 and 1 (1231, as MariaDB); a numeric one no word (1232).
     */
    public static Object coerce(String name, Object current, Object value) {
        if (current instanceof Long) {
            boolean bool = SwitchVariables.isSwitch(name);
            if (value instanceof Number n) {
                if (bool && n.longValue() != 0 && n.longValue() != 1) {
                    throw new SqlError(ErrorCode.ER_WRONG_VALUE_FOR_VAR, name, String.valueOf(value));
                }
                return n.longValue();
            }
            String s = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
            return switch (s) {
                case "ON", "TRUE" -> 1L;
                case "OFF", "FALSE" -> 0L;
                default -> {
                    if (bool) {
                        throw new SqlError(ErrorCode.ER_WRONG_VALUE_FOR_VAR, name, String.valueOf(value));
                    }
                    try {
                        yield Long.parseLong(s);
                    } catch (NumberFormatException e) {
                        throw new SqlError(ErrorCode.ER_WRONG_TYPE_FOR_VAR, name);
                    }
                }
            };
        }
        return value == null ? "" : String.valueOf(value);
    }
}
