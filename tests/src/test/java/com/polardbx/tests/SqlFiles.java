package com.polardbx.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads statement files from test resources and result sets into comparable text rows. */
public final class SqlFiles {
    private SqlFiles() {
    }

    /** Non-empty, non-comment lines of a resource file. */
    public static List<String> lines(String resource) {
        try (InputStream in = SqlFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing resource " + resource);
            }
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("--")) {
                    out.add(t);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Column labels followed by every row, values as the driver's getString gives them. */
    /** The value of a numeric {@code SHOW STATUS} counter (the CN's polardbx_* counters among them). */
    public static long status(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW STATUS LIKE '" + name + "'")) {
            if (!rs.next()) {
                throw new AssertionError("no status variable " + name);
            }
            return Long.parseLong(rs.getString(2));
        }
    }

    public static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
            return out;
        }
    }

    public static List<String> labels(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i));
            }
            return out;
        }
    }

    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
