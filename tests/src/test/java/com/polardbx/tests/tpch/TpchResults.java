package com.polardbx.tests.tpch;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A query result read as text (the driver's {@code getString}) with the JDBC type of each column, and the comparison
 * of a CN result with a reference result: values must be equal as text, except that floating-point columns (and a
 * DECIMAL the CN returns as a floating-point column, which is reported as a note) compare numerically with a relative
 * tolerance of 1e-9.
 */
public record TpchResults(List<String> labels, int[] types, List<String[]> rows) {
    private static final double TOLERANCE = 1e-9;

    /** Runs {@code sql}; the statement is cancelled after {@code timeoutSeconds} (0: no limit). */
    public static TpchResults run(Connection c, String sql, int timeoutSeconds) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = st.executeQuery(sql)) {
                return read(rs);
            }
        }
    }

    private static TpchResults read(ResultSet rs) throws SQLException {
        {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> labels = new ArrayList<>();
            int[] types = new int[n];
            for (int i = 0; i < n; i++) {
                labels.add(md.getColumnLabel(i + 1));
                types[i] = md.getColumnType(i + 1);
            }
            List<String[]> rows = new ArrayList<>();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
            return new TpchResults(labels, types, rows);
        }
    }

    /** The outcome of a comparison: null {@code mismatch} when equal; {@code notes} lists tolerated differences. */
    public record Comparison(String mismatch, List<String> notes) {
        public boolean matches() {
            return mismatch == null;
        }
    }

    /** Compares {@code actual} (the CN) with {@code expected} (the reference); rows in order when {@code ordered}. */
    public static Comparison compare(TpchResults expected, TpchResults actual, boolean ordered) {
        List<String> notes = new ArrayList<>();
        int n = expected.types.length;
        if (actual.types.length != n) {
            return new Comparison("column count " + actual.types.length + ", expected " + n, notes);
        }
        if (!expected.labels.equals(actual.labels)) {
            return new Comparison("column labels " + actual.labels + ", expected " + expected.labels, notes);
        }
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            numeric[i] = floating(expected.types[i]) || floating(actual.types[i]);
            if (!floating(expected.types[i]) && floating(actual.types[i])) {
                notes.add("column " + expected.labels.get(i) + " is " + typeName(expected.types[i])
                    + " on the reference but floating point from the CN: compared with tolerance");
            }
        }
        if (expected.rows.size() != actual.rows.size()) {
            return new Comparison(actual.rows.size() + " rows, expected " + expected.rows.size(), notes);
        }
        List<String[]> e = expected.rows;
        List<String[]> a = actual.rows;
        if (!ordered) {
            e = sorted(e);
            a = sorted(a);
        }
        for (int r = 0; r < e.size(); r++) {
            for (int c = 0; c < n; c++) {
                if (!cellEquals(e.get(r)[c], a.get(r)[c], numeric[c])) {
                    return new Comparison("row " + (r + 1) + " column " + expected.labels.get(c) + ": "
                        + a.get(r)[c] + ", expected " + e.get(r)[c] + "\n  expected row: " + String.join(" | ",
                        e.get(r)) + "\n  actual row:   " + String.join(" | ", a.get(r)), notes);
                }
            }
        }
        return new Comparison(null, notes);
    }

    private static List<String[]> sorted(List<String[]> rows) {
        List<String[]> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(row -> String.join("\u0001", nullSafe(row))));
        return copy;
    }

    private static String[] nullSafe(String[] row) {
        String[] out = new String[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i] == null ? "\u0000NULL" : row[i];
        }
        return out;
    }

    private static boolean cellEquals(String expected, String actual, boolean numeric) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected.equals(actual)) {
            return true;
        }
        if (!numeric) {
            return false;
        }
        try {
            double x = new BigDecimal(expected).doubleValue();
            double y = new BigDecimal(actual).doubleValue();
            return Math.abs(x - y) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
        } catch (NumberFormatException ex) {
            return false;
        }
    }

    private static boolean floating(int type) {
        return type == Types.DOUBLE || type == Types.FLOAT || type == Types.REAL;
    }

    private static String typeName(int type) {
        return type == Types.DECIMAL || type == Types.NUMERIC ? "DECIMAL" : "JDBC type " + type;
    }
}
