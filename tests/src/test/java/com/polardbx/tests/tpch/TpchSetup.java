package com.polardbx.tests.tpch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Creates the TPC-H database and tables, through the CN (partitioned/broadcast) or on a plain MariaDB. */
public final class TpchSetup {
    private TpchSetup() {
    }

    /**
     * Drops and recreates database {@code db} with the eight tables; {@code cn} selects the CN form
     * ({@code MODE='auto'} and placement clauses). {@code admin} must have no default database, or another one.
     */
    public static void createDatabase(Connection admin, String db, boolean cn) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
            st.execute("CREATE DATABASE " + db + (cn ? " MODE='auto'" : ""));
        }
    }

    /** Creates the tables in the connection's current database. */
    public static void createTables(Connection c, boolean cn) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (TpchSchema.Table t : TpchSchema.TABLES) {
                st.execute(t.ddl(cn));
            }
        }
    }

    /** Row count of a table, for checking both sides hold the same data. */
    public static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + table.toLowerCase(Locale.ROOT))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
