package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements a seeded fuzz run ({@link FuzzIT}, seed 20261207) answered with 1105 "Unknown error" from an internal
 * failure: each gets what MariaDB answers, the same errno or the same success, with a clean message.
 */
class FuzzFindingsIT {
    private static final String DB = "fuzz_findings";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        String rows = "INSERT INTO fz VALUES (1, 'b', 1), (2, 'c', 2), (3, 'd', NULL), (7, 'c', 7), (8, 'd', 8)";
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE fz (id INT PRIMARY KEY, v VARCHAR(20), n INT)"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(dn, "CREATE TABLE fz (id INT PRIMARY KEY, v VARCHAR(20), n INT)");
            SqlFiles.execute(cn, rows);
            SqlFiles.execute(dn, rows);
        }
    }

    /** The errno of {@code sql}, 0 when it succeeds; the statement runs in a transaction that is rolled back. */
    private static int errno(Connection c, String sql) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return 0;
        } catch (SQLException e) {
            assertNull(CleanErrors.problem(e.getErrorCode(), e.getMessage()), sql);
            return e.getErrorCode();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /** Rows of a query as sorted strings. */
    private static java.util.List<String> sortedRows(Connection c, String sql) throws SQLException {
        java.util.List<String> rows = new java.util.ArrayList<>(SqlFiles.rows(c, sql));
        java.util.Collections.sort(rows);
        return rows;
    }

    /** A COM_CHANGE_USER shorter than its fields claim: MySQL's 1047, then the connection closes (was 1105). */
    @org.junit.jupiter.api.Test
    void aTruncatedChangeUserIsAnUnknownCommand() throws Exception {
        try (WireClient wire = new WireClient(cluster.port(), 10_000)) {
            org.junit.jupiter.api.Assertions.assertTrue(wire.login("root", "").isOk());
            // user "root", then an auth response said to be 64 bytes long of which 2 arrive
            byte[] payload = {'r', 'o', 'o', 't', 0, 64, 'a', 'b'};
            WireClient.Packet answer = wire.command(0x11, payload);
            org.junit.jupiter.api.Assertions.assertTrue(answer.isError(), answer.toString());
            assertEquals(1047, answer.errno());
            org.junit.jupiter.api.Assertions.assertTrue(wire.closedByServer());
        }
    }

    /** Evaluated on the CN (over an aggregate across shards) such a list is not supported yet: MySQL's 1235. */
    @org.junit.jupiter.api.Test
    void mixedInListsTheCnWouldEvaluateAre1235() throws SQLException {
        try (Connection cn = cluster.connect(DB, null)) {
            assertEquals(1235, errno(cn, "SELECT COUNT(*) IN ('0', 1, 2, 5) FROM fz"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM fz WHERE id BETWEEN 2 AND 8 AND ( v = 'b' OR (n IS NULL) IN ('0',1,'2',3,4,5) )",
        "SELECT id FROM fz WHERE n IN (1, '2', 7) OR v NOT IN ('c', 0)",
        "SELECT id, n IN ('1', 2) FROM fz",
        "SELECT id IN (0, '1', '2', 3) FROM fz",
    })
    void mixedInListsGiveMariaDbsRows(String sql) throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            assertEquals(sortedRows(dn, sql), sortedRows(cn, sql), sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // an empty parenthesized expression: Druid made it a call without a name
        "SELECT v , MAX ( n ) OVER ( PARTITION BY v ORDER BY id ((((((((()))))))))) FROM fz",
        "SELECT id FROM fz WHERE EXISTS ( SELECT 1 FROM fz b WHERE b . n = fz . id ((())))",
        "SELECT id FROM fz WHERE v IN ( 'a' , 'b' ((((((((((((((((((((())))))))))))))))))))) )",
        "INSERT INTO fz ( id , v , n ) VALUES ( 200 , 'w' , NULL ((((((((())))))))) )",
        "SELECT CONCAT ( v , 'x' ) , CAST ( n AS CHAR ) ( IF , n > 2 , 'y' , 'z' ) FROM fz ORDER BY id DESC",
        // a WITH entry without a query
        "WITH c AS ( ) SELECT COUNT ( * ) FROM c",
        // a DELETE whose target is not a table name
        "DELETE FROM FROM fz WHERE id > 1000",
        "DELETE FROM fz IN ('0','1',2,'3',4) WHERE id > 1000",
        "DELETE FROM 99999999999999999999999999 WHERE id > 1000",
        "SHOW COLUMNS",
        // IN lists mixing numbers and strings: Calcite's range logic compared the two kinds with each other
        "SELECT DATE_ADD ( '2020-01-01' , INTERVAL 3 DAY IN (0,'1','2','3',4) ) , STR_TO_DATE ( '01,5,2013' , '%d,%m,%Y' )",
        "SELECT * FROM fz WHERE id BETWEEN 2 AND 8 AND ( v = 'b' OR (n IS NULL) IN ('0',1,'2',3,4,5) )",
        "SELECT * FROM fz WHERE id BETWEEN 2 AND 8 IN (0,'1',2,'3',4,5)",
        "SELECT id FROM fz WHERE n IN (1, '2', 7) OR v NOT IN ('c', 0)",
    })
    void answersAsMariaDb(String sql) throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection dn = cluster.connectDirect(DB)) {
            assertEquals(errno(dn, sql), errno(cn, sql), sql);
        }
    }
}
