package com.polardbx.server.session;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which statement texts report a syntax error already at PREPARE (COM_STMT_PREPARE or SQL PREPARE), as MySQL does:
 * queries and DML, which only the parser handles, and texts not starting with any statement keyword. Others may be
 * statements the session recognizes by their text before parsing (DDL, SHOW DDL, ANALYZE ...): they are checked
 * when executed.
 */
final class PrepareSyntax {
    private static final Pattern FIRST_WORD = Pattern.compile("^[\\s(]*([A-Za-z_]+)");
    private static final Set<String> PARSED_ONLY = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH",
        "VALUES", "TABLE");
    private static final Set<String> STATEMENT_WORDS = Set.of("CREATE", "DROP", "ALTER", "TRUNCATE", "RENAME",
        "SHOW", "SET", "USE", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "LOCK", "UNLOCK",
        "LOAD", "ANALYZE", "CHECK", "CHECKSUM", "OPTIMIZE", "REPAIR", "EXPLAIN", "DESCRIBE", "DESC", "GRANT",
        "REVOKE", "KILL", "FLUSH", "CALL", "DO", "HANDLER", "PREPARE", "EXECUTE", "DEALLOCATE", "XA", "INSTALL",
        "UNINSTALL", "RESET", "PURGE", "CHANGE", "HELP", "BINLOG", "CACHE", "SIGNAL", "RESIGNAL", "GET", "BACKUP",
        "SHUTDOWN");

    private PrepareSyntax() {
    }

    static boolean reportedAtPrepare(String sql) {
        Matcher m = FIRST_WORD.matcher(sql);
        if (!m.find()) {
            return false; // a comment first (maybe an executable one): left to execution
        }
        String word = m.group(1).toUpperCase(Locale.ROOT);
        return PARSED_ONLY.contains(word) || !STATEMENT_WORDS.contains(word);
    }
}
