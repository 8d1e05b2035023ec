package com.polardbx.server.session;

import com.polardbx.common.metrics.Metrics;
import java.util.Locale;
import java.util.Set;

/**
 * Counts statements by kind with their latency (until the statement has its result; a result set's rows are timed
 * while they are read only by the client) and errors by errno. Stateless.
 */
final class StatementMetrics {
    private static final Set<String> KINDS = Set.of("select", "insert", "update", "delete", "replace", "set", "show",
        "begin", "commit", "rollback", "load", "explain", "call", "use");
    private static final Set<String> DDL = Set.of("create", "alter", "drop", "truncate", "rename");

    static {
        Metrics m = Metrics.get();
        m.describe("polardbx_statements_total", "Statements run, by kind");
        m.describe("polardbx_statement_duration_seconds", "Time from a statement's arrival to its result, by kind");
        m.describe("polardbx_errors_total", "Statements that failed, by MySQL errno");
    }

    private StatementMetrics() {
    }

    static void finished(String sql, long startedNanos) {
        String kind = kind(sql);
        Metrics.get().count("polardbx_statements_total", 1, "kind", kind);
        Metrics.get().observeNanos("polardbx_statement_duration_seconds", System.nanoTime() - startedNanos,
            "kind", kind);
    }

    static void failed(int errno) {
        Metrics.get().count("polardbx_errors_total", 1, "errno", Integer.toString(errno));
    }

    /** The statement's first word as a kind: select, insert, ..., ddl, or other. */
    static String kind(String sql) {
        int i = 0;
        while (i < sql.length() && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '(')) {
            i++;
        }
        int end = i;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
        if (word.equals("with")) {
            return "select";
        }
        if (word.equals("start")) {
            return "begin";
        }
        return KINDS.contains(word) ? word : DDL.contains(word) ? "ddl" : "other";
    }
}
