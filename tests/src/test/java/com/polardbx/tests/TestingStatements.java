package com.polardbx.tests;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one statement through a JDBC driver and describes what the client saw (rows, update count, generated key or
 * error) as text, so the outcome on the CN can be compared with the outcome on a plain MariaDB.
 */
final class TestingStatements {
    /** A JDBC driver with server-side prepared statements, and how to reach the CN and the first DN with it. */
    enum Driver {
        CONNECTOR_J("jdbc:mysql", "sslMode=DISABLED&allowPublicKeyRetrieval=true&useServerPrepStmts=true"
            + "&cachePrepStmts=false&emulateUnsupportedPstmts=false"),
        MARIADB_CONNECTOR_J("jdbc:mariadb", "sslMode=disable&useServerPrepStmts=true&allowPublicKeyRetrieval=true");

        private final String scheme;
        private final String options;

        Driver(String scheme, String options) {
            this.scheme = scheme;
            this.options = options;
        }

        Connection cn(TestingCluster cluster, String db) throws SQLException {
            return DriverManager.getConnection(scheme + "://127.0.0.1:" + cluster.port() + "/" + db + "?" + options,
                "root", "");
        }

        Connection direct(TestingCluster cluster, String db) throws SQLException {
            var nodes = cluster.dataNodes();
            return DriverManager.getConnection(scheme + "://127.0.0.1:" + nodes.port(1) + "/" + db + "?" + options,
                nodes.user(), nodes.password());
        }
    }

    private TestingStatements() {
    }

    /**
     * Prepares {@code sql} with the given parameters bound by their Java class (Byte → setByte, byte[] → setBytes,
     * {@link SqlNull} → setNull ...) and executes it once.
     */
    static String prepared(Connection c, String sql, Object... params) {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < params.length; i++) {
                bind(ps, i + 1, params[i]);
            }
            return describe(ps, ps.execute());
        } catch (SQLException e) {
            return error(e);
        }
    }

    /** The same by plain text (COM_QUERY). */
    static String text(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            return describe(st, st.execute(sql, Statement.RETURN_GENERATED_KEYS));
        } catch (SQLException e) {
            return error(e);
        }
    }

    /** A NULL parameter of a given {@link Types} type. */
    record SqlNull(int type) {
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v instanceof SqlNull n) {
            ps.setNull(i, n.type());
        } else if (v instanceof Byte b) {
            ps.setByte(i, b);
        } else if (v instanceof Short s) {
            ps.setShort(i, s);
        } else if (v instanceof Integer n) {
            ps.setInt(i, n);
        } else if (v instanceof Long n) {
            ps.setLong(i, n);
        } else if (v instanceof Float f) {
            ps.setFloat(i, f);
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (v instanceof BigInteger b) {
            ps.setObject(i, b);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else if (v instanceof byte[] b) {
            ps.setBytes(i, b);
        } else if (v instanceof java.sql.Date d) {
            ps.setDate(i, d);
        } else if (v instanceof java.sql.Time t) {
            ps.setTime(i, t);
        } else if (v instanceof java.sql.Timestamp t) {
            ps.setTimestamp(i, t);
        } else if (v instanceof String s) {
            ps.setString(i, s);
        } else {
            ps.setObject(i, v);
        }
    }

    private static String describe(Statement st, boolean hasRows) throws SQLException {
        if (hasRows) {
            try (ResultSet rs = st.getResultSet()) {
                return rows(rs);
            }
        }
        StringBuilder sb = new StringBuilder("update count ").append(st.getUpdateCount()).append(", keys ");
        try (ResultSet keys = st.getGeneratedKeys()) {
            List<String> ids = new ArrayList<>();
            while (keys.next()) {
                ids.add(keys.getString(1));
            }
            sb.append(ids);
        }
        return sb.toString();
    }

    static String rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder sb = new StringBuilder("rows");
        while (rs.next()) {
            sb.append(" (");
            for (int i = 1; i <= md.getColumnCount(); i++) {
                sb.append(i == 1 ? "" : ", ").append(rs.getString(i));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static String error(SQLException e) {
        return "error " + e.getErrorCode() + " (" + e.getSQLState() + ")";
    }

    /**
     * Runs a statement as text and describes what the client saw: rows or the affected count, the warnings, or the
     * error (errno, SQLSTATE, message) — the same description from the CN and from MariaDB means the same outcome.
     */
    static String outcome(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            StringBuilder sb = new StringBuilder();
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    ResultSetMetaData md = rs.getMetaData();
                    sb.append("rows");
                    while (rs.next()) {
                        sb.append(" (");
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            sb.append(i == 1 ? "" : ", ").append(rs.getString(i));
                        }
                        sb.append(')');
                    }
                }
            } else {
                sb.append("affected ").append(st.getUpdateCount());
            }
            for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                sb.append(" warning ").append(w.getErrorCode()).append(' ').append(w.getMessage());
            }
            return sb.toString();
        } catch (SQLException e) {
            return "error " + e.getErrorCode() + " (" + e.getSQLState() + ") " + e.getMessage();
        }
    }
}
