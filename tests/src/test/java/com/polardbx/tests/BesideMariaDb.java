package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test that runs each statement on the CN and on a plain MariaDB database of the same name (on a DN) and compares
 * what each answers. A subclass names the database and creates it fresh on both ({@link TestingCluster#freshDatabases}).
 */
abstract class BesideMariaDb {
    /** A session on the CN and one on the MariaDB, opened for each test. */
    protected Connection cn;
    protected Connection ref;

    /** The database both sessions use. */
    protected abstract String database();

    @BeforeEach
    void openBoth() throws SQLException {
        cn = TestingCluster.shared().connect(database(), null);
        ref = TestingCluster.shared().connectDirect(database());
    }

    @AfterEach
    void closeBoth() throws SQLException {
        cn.close();
        ref.close();
    }

    /** Runs a CREATE on both, the CN with the placement clause appended. */
    protected void both(String create, String placement) {
        assertEquals(outcome(ref, create), outcome(cn, create + placement), create);
    }

    /** Runs a statement on both and compares the outcome: OK with its update count, or the error. */
    protected void same(String sql) {
        assertEquals(outcome(ref, sql), outcome(cn, sql), sql);
    }

    protected void sameRows(String sql) throws SQLException {
        assertEquals(SqlFiles.rows(ref, sql), SqlFiles.rows(cn, sql), sql);
    }

    /** SHOW CREATE TABLE, the CN's placement comment aside. */
    protected void sameCreate(String table) throws SQLException {
        String sql = "SHOW CREATE TABLE " + table;
        String cnText = SqlFiles.rows(cn, sql).get(0).replaceAll("\n/\\*!99999 [^\n]*\\*/$", "");
        assertEquals(SqlFiles.rows(ref, sql).get(0), cnText, sql);
    }

    /** OK with the update count, or errno, SQLSTATE and message. */
    protected static String outcome(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return "OK " + st.getUpdateCount();
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }
}
