package com.polardbx.server.variable;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MariaDB's sql_mode names, in the order MariaDB lists them back: a SET naming another is refused with 1231 before
 * the value is stored and passed to the DNs (where it would fail each later statement instead).
 */
final class SqlModes {
    private static final List<String> MODES = List.of("REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES",
        "IGNORE_SPACE", "IGNORE_BAD_TABLE_OPTIONS", "ONLY_FULL_GROUP_BY", "NO_UNSIGNED_SUBTRACTION",
        "NO_DIR_IN_CREATE", "POSTGRESQL", "ORACLE", "MSSQL", "DB2", "MAXDB", "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS",
        "NO_FIELD_OPTIONS", "MYSQL323", "MYSQL40", "ANSI", "NO_AUTO_VALUE_ON_ZERO", "NO_BACKSLASH_ESCAPES",
        "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES", "NO_ZERO_IN_DATE", "NO_ZERO_DATE", "ALLOW_INVALID_DATES",
        "ERROR_FOR_DIVISION_BY_ZERO", "TRADITIONAL", "NO_AUTO_CREATE_USER", "HIGH_NOT_PRECEDENCE",
        "NO_ENGINE_SUBSTITUTION", "PAD_CHAR_TO_FULL_LENGTH", "EMPTY_STRING_IS_NULL", "SIMULTANEOUS_ASSIGNMENT",
        "TIME_ROUND_FRACTIONAL");

    private SqlModes() {
    }

    /** The value in MariaDB's spelling and order (upper case, no duplicates or empty names). */
    static Object normalize(Object value) {
        if (value instanceof Number) {
            return value; // a bit mask; the DN checks it
        }
        String text = String.valueOf(value);
        List<String> named = new ArrayList<>();
        for (String part : text.split(",")) {
            String mode = part.trim().toUpperCase(Locale.ROOT);
            if (mode.isEmpty()) {
                continue;
            }
            if (!MODES.contains(mode)) {
                throw new SqlError(ErrorCode.ER_WRONG_VALUE_FOR_VAR, "sql_mode", part.trim());
            }
            named.add(mode);
        }
        return String.join(",", MODES.stream().filter(named::contains).toList());
    }
}
