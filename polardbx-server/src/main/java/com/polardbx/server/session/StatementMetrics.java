package com.polardbx.server.session;

import com.polardbx.common.metrics.Metrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts statements by kind (select, insert, ..., ddl, other: the first word) with their latency (until the
 * statement has its result; a result set's rows are timed while they are read only by the client) and errors by
 * errno. Every kind's counter and histogram are looked up once, so a statement costs a map lookup by its first word
 * and two adds. Thread-safe.
 */
final class StatementMetrics {
    private static final Set<String> KINDS = Set.of("select", "insert", "update", "delete", "replace", "set", "show",
        "begin", "commit", "rollback", "load", "explain", "call", "use");
    private static final Set<String> DDL = Set.of("create", "alter", "drop", "truncate", "rename");

    /** The counter and histogram of one kind, looked up once: a statement only adds to them. */
    private record Cells(LongAdder count, Metrics.LatencyHistogram duration) {
        static Cells of(String kind) {
            return new Cells(Metrics.get().counterCell("polardbx_statements_total", "kind", kind),
                Metrics.get().histogramCell("polardbx_statement_duration_seconds", "kind", kind));
        }
    }

    /** Every kind's cells, by the kind's (lower-case) first word too; filled once, read-only after. */
    private static final Map<String, Cells> BY_KIND = new HashMap<>();
    private static final Cells DDL_CELLS;
    private static final Cells OTHER_CELLS;
    private static final Map<Integer, LongAdder> ERRORS = new ConcurrentHashMap<>();

    static {
        Metrics m = Metrics.get();
        m.describe("polardbx_statements_total", "Statements run, by kind");
        m.describe("polardbx_statement_duration_seconds", "Time from a statement's arrival to its result, by kind");
        m.describe("polardbx_errors_total", "Statements that failed, by MySQL errno");
        for (String kind : KINDS) {
            BY_KIND.put(kind, Cells.of(kind));
        }
        BY_KIND.put("with", BY_KIND.get("select"));
        BY_KIND.put("start", BY_KIND.get("begin"));
        DDL_CELLS = Cells.of("ddl");
        OTHER_CELLS = Cells.of("other");
        for (String word : DDL) {
            BY_KIND.put(word, DDL_CELLS);
        }
    }

    private StatementMetrics() {
    }

    static void finished(String sql, long startedNanos) {
        if (!Metrics.get().recording()) {
            return;
        }
        Cells cells = cellsOf(sql);
        cells.count().increment();
        cells.duration().observeNanos(System.nanoTime() - startedNanos);
    }

    static void failed(int errno) {
        if (!Metrics.get().recording()) {
            return;
        }
        ERRORS.computeIfAbsent(errno, e -> Metrics.get().counterCell("polardbx_errors_total", "errno",
            Integer.toString(e))).increment();
    }

    /** Every word that has cells, for a lookup that copies nothing out of the statement. */
    private static final String[] WORDS = BY_KIND.keySet().toArray(new String[0]);

    /** The cells of the statement's first word (after blanks and opening parentheses), without copying it. */
    private static Cells cellsOf(String sql) {
        int i = 0;
        while (i < sql.length() && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '(')) {
            i++;
        }
        int end = i;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        int length = end - i;
        for (String word : WORDS) {
            if (word.length() == length && sql.regionMatches(true, i, word, 0, length)) {
                return BY_KIND.get(word);
            }
        }
        return OTHER_CELLS;
    }
}
