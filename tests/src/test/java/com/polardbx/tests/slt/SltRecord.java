package com.polardbx.tests.slt;

import java.util.Locale;

/**
 * One block of a {@code .slt} file: a statement expected to succeed, a statement expected to fail with an errno
 * (on both sides), or a query whose rows are compared in order ({@code nosort}) or as a multiset ({@code rowsort}).
 *
 * @param line           1-based line of the block header, for messages
 * @param sql            the statement as the CN runs it ({@code /*cn*}{@code /} markers removed)
 * @param referenceSql   the statement for the reference database (text after a {@code /*cn*}{@code /} marker dropped)
 * @param errno          the expected MySQL errno of a {@code statement error}, 0 when any error number is accepted
 * @param caseInsensitive compare query rows ignoring letter case: grouping under utf8mb4_general_ci may return any
 *                        spelling of a group key
 * @param sameMessage    a {@code statement error n message}: the error messages must be equal too (a data node's
 *                        {@code [dn0] } prefix aside)
 */
public record SltRecord(Kind kind, int line, String sql, String referenceSql, int errno, boolean caseInsensitive,
                        boolean sameMessage) {
    public SltRecord(Kind kind, int line, String sql, String referenceSql, int errno, boolean caseInsensitive) {
        this(kind, line, sql, referenceSql, errno, caseInsensitive, false);
    }

    /** What a block expects. */
    public enum Kind { STATEMENT_OK, STATEMENT_ERROR, QUERY_ROWSORT, QUERY_NOSORT }

    /** The SQL on one line with runs of whitespace collapsed: the key of the known-failures list. */
    public String normalizedSql() {
        return normalize(sql);
    }

    static String normalize(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    public boolean isQuery() {
        return kind == Kind.QUERY_ROWSORT || kind == Kind.QUERY_NOSORT;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " at line " + line + ": " + normalizedSql();
    }
}
