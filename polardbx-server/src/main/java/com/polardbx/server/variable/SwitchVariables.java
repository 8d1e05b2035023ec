package com.polardbx.server.variable;

import java.util.Set;

/** The system variables MariaDB treats as switches: they take ON/OFF, TRUE/FALSE, 1/0 and nothing else. */
final class SwitchVariables {
    private static final Set<String> NAMES = Set.of("autocommit", "foreign_key_checks", "unique_checks",
        "sql_auto_is_null", "sql_big_selects", "sql_buffer_result", "sql_log_bin", "sql_log_off", "sql_notes",
        "sql_quote_show_create", "sql_safe_updates", "sql_warnings", "big_tables", "session_track_schema",
        "session_track_state_change", "read_only", "transaction_read_only", "tx_read_only", "log_bin",
        "slow_query_log", "general_log", "explicit_defaults_for_timestamp", "standard_compliant_cte",
        "keep_files_on_create", "low_priority_updates", "profiling", "sql_if_exists", "check_constraint_checks",
        "log_slow_slave_statements", "query_cache_wlock_invalidate", "updatable_views_with_limit");

    private SwitchVariables() {
    }

    static boolean isSwitch(String name) {
        return NAMES.contains(name);
    }
}
