package com.polardbx.bench.compat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Runs one example of a statement shape on the CN (and on the source, when there is one) without keeping its
 * changes: inside a transaction that is rolled back (DDL commits by itself, into the scratch database only).
 */
final class CompatRun implements AutoCloseable {
    private static final int MAX_ROWS = 10_000;
    private static final Pattern ORDERED = Pattern.compile("(?is)\\bORDER\\s+BY\\b");

    private final Connection cn;
    private final Connection source;

    CompatRun(Connection cn, Connection source) {
        this.cn = cn;
        this.source = source;
    }

    DigestCheck check(String digest, String digestText, int count, String example) {
        Outcome here = run(cn, example);
        if (source == null) {
            return new DigestCheck(digest, digestText, count, example, here.errno == 0 ? "supported" : "refused",
                here.errno, here.message);
        }
        Outcome there = run(source, example);
        String status;
        if (here.errno != 0) {
            status = there.errno != 0 ? "fails on source too" : "refused";
        } else if (there.errno != 0) {
            status = "supported"; // the source refuses it: nothing an application could rely on
        } else {
            status = Objects.equals(here.result(ORDERED.matcher(example).find()), there.result(
                ORDERED.matcher(example).find())) ? "supported" : "differs";
        }
        String message = status.equals("differs") ? "CN: " + here.summary() + "; source: " + there.summary()
            : here.message;
        return new DigestCheck(digest, digestText, count, example, status, here.errno, message);
    }

    private record Outcome(int errno, String message, List<String> rows, long updates) {
        List<String> result(boolean ordered) {
            if (rows == null) {
                return List.of("updated " + updates);
            }
            List<String> copy = new ArrayList<>(rows);
            if (!ordered) {
                copy.sort(null);
            }
            return copy;
        }

        String summary() {
            return rows == null ? updates + " row(s) changed" : rows.size() + " row(s)";
        }
    }

    private static Outcome run(Connection c, String sql) {
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setMaxRows(MAX_ROWS);
                if (st.execute(sql)) {
                    return new Outcome(0, "", rows(st.getResultSet()), 0);
                }
                return new Outcome(0, "", null, st.getUpdateCount());
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is gone: the next check reports it
            }
            return new Outcome(e.getErrorCode() == 0 ? 2013 : e.getErrorCode(), e.getMessage(), null, 0);
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.append(i == 1 ? "" : "\t").append(rs.getString(i));
            }
            out.add(row.toString());
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        cn.close();
        if (source != null) {
            source.close();
        }
    }
}
