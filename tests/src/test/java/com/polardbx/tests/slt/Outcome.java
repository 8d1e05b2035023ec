package com.polardbx.tests.slt;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What one statement did on one database: an error (errno and message), an affected-row count, or a result set
 * (column labels and rows as the driver's {@code getString} text, NULL as "NULL").
 */
public record Outcome(int errno, String error, long updateCount, String info, List<String> labels,
                      List<String> rows) {
    public Outcome(int errno, String error, long updateCount, List<String> labels, List<String> rows) {
        this(errno, error, updateCount, null, labels, rows);
    }

    public static Outcome run(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return new Outcome(0, null, st.getLargeUpdateCount(), updateInfo(st, sql), null, null);
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> labels = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    labels.add(md.getColumnLabel(i));
                }
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String v = rs.getString(i);
                        sb.append(i == 1 ? "" : " | ").append(v == null ? "NULL" : v);
                    }
                    rows.add(sb.toString());
                }
                return new Outcome(0, null, -1, labels, rows);
            }
        } catch (SQLException e) {
            return new Outcome(e.getErrorCode(), e.getMessage(), -1, null, null);
        }
    }

    /**
     * The OK packet's info text of an UPDATE ("Rows matched: 2  Changed: 1  Warnings: 0"); null for other
     * statements (the CN sends no "Records: ..." text for INSERT).
     */
    private static String updateInfo(Statement st, String sql) throws SQLException {
        if (!sql.stripLeading().regionMatches(true, 0, "UPDATE", 0, 6)
            || !st.isWrapperFor(com.mysql.cj.jdbc.JdbcStatement.class)) {
            return null;
        }
        var ok = st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).getResultSetInternal();
        return ok == null ? null : ok.getServerInfo();
    }

    public boolean failed() {
        return error != null;
    }

    /** The outcome as compared: rows sorted for {@code rowsort}, lower-cased for {@code nocase}. */
    public Outcome comparable(SltRecord record) {
        if (rows == null) {
            return this;
        }
        List<String> r = new ArrayList<>(rows);
        if (record.caseInsensitive()) {
            r.replaceAll(s -> s.toLowerCase(Locale.ROOT));
        }
        if (record.kind() == SltRecord.Kind.QUERY_ROWSORT) {
            Collections.sort(r);
        }
        return new Outcome(0, null, -1, labels, r);
    }

    /** Equal for the test: errors match on errno only (messages name shards or differ in wording). */
    public boolean sameAs(Outcome other) {
        if (failed() || other.failed()) {
            return failed() && other.failed() && errno == other.errno;
        }
        return updateCount == other.updateCount && java.util.Objects.equals(info, other.info)
            && java.util.Objects.equals(labels, other.labels)
            && java.util.Objects.equals(rows, other.rows);
    }

    @Override
    public String toString() {
        if (failed()) {
            return "error " + errno + ": " + error;
        }
        if (rows == null) {
            return updateCount + " rows affected" + (info == null ? "" : " (" + info + ")");
        }
        StringBuilder sb = new StringBuilder(String.join(" | ", labels)).append('\n');
        int shown = Math.min(rows.size(), 40);
        for (int i = 0; i < shown; i++) {
            sb.append("  ").append(rows.get(i)).append('\n');
        }
        if (shown < rows.size()) {
            sb.append("  ... ").append(rows.size() - shown).append(" more rows\n");
        }
        return sb.toString();
    }
}
