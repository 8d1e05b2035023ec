package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code USE performance_schema}, {@code SHOW TABLES FROM performance_schema} and {@code DESC} of the CN's digest
 * table, compared with a MariaDB DN: the same answers for the table the CN has (its columns that MariaDB also has
 * typed as MariaDB types them), 1146 for the tables it has not.
 */
class PerformanceSchemaShowsIT {
    private static final String TABLE = "events_statements_summary_by_digest";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() {
        cluster = TestingCluster.shared();
    }

    private static List<List<String>> rows(Connection c, String... sqls) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (c; Statement st = c.createStatement()) {
            for (int i = 0; i < sqls.length - 1; i++) {
                st.execute(sqls[i]);
            }
            try (ResultSet rs = st.executeQuery(sqls[sqls.length - 1])) {
                int n = rs.getMetaData().getColumnCount();
                List<String> header = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    header.add(rs.getMetaData().getColumnLabel(i));
                }
                out.add(header);
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static List<List<String>> onCn(String... sqls) throws SQLException {
        return rows(cluster.connect(null, null), sqls);
    }

    private static List<List<String>> onDn(String... sqls) throws SQLException {
        return rows(cluster.connectDirect(null), sqls);
    }

    @Test
    void useAndShowTablesAnswerAsMariaDb() throws Exception {
        for (String[] sqls : List.of(new String[] {"USE performance_schema", "SELECT DATABASE()"},
            new String[] {"SHOW TABLES FROM performance_schema LIKE '" + TABLE + "'"},
            new String[] {"SHOW FULL TABLES FROM performance_schema LIKE 'events_statements_summary_by_d%'"},
            new String[] {"USE performance_schema", "SHOW TABLES LIKE 'events_statements_summary_by_dig%'"},
            new String[] {"SHOW TABLES FROM performance_schema WHERE Tables_in_performance_schema = '" + TABLE
                + "'"})) {
            assertEquals(onDn(sqls), onCn(sqls), String.join("; ", sqls));
        }
    }

    @Test
    void describeGivesTheColumnsOfTheDigestTable() throws Exception {
        List<List<String>> cn = onCn("DESC performance_schema." + TABLE);
        List<List<String>> dn = onDn("DESC performance_schema." + TABLE);
        assertEquals(dn.get(0), cn.get(0), "the header");
        List<String> selected = onCn("SELECT * FROM performance_schema." + TABLE + " LIMIT 0").get(0);
        assertEquals(selected, cn.stream().skip(1).map(r -> r.get(0)).toList(), "DESC lists what SELECT * returns");
        int shared = 0;
        for (List<String> column : cn.subList(1, cn.size())) {
            for (List<String> mariaDb : dn.subList(1, dn.size())) {
                if (mariaDb.get(0).equals(column.get(0)) && !column.get(1).startsWith("timestamp")) {
                    assertEquals(mariaDb, column, "typed as MariaDB types " + column.get(0));
                    shared++;
                }
            }
        }
        assertEquals(14, shared, "SCHEMA_NAME .. SUM_ROWS_EXAMINED");
        for (String[] sqls : List.of(new String[] {"DESC performance_schema." + TABLE + " DIGEST"},
            new String[] {"USE performance_schema", "SHOW COLUMNS FROM " + TABLE + " LIKE 'SUM_ROWS%'"},
            new String[] {"SHOW COLUMNS FROM " + TABLE + " FROM performance_schema WHERE Field = 'COUNT_STAR'"})) {
            assertEquals(onDn(sqls), onCn(sqls), String.join("; ", sqls));
        }
    }

    @Test
    void tablesTheCnHasNotAre1146() throws Exception {
        for (String sql : List.of("DESC performance_schema.threads", "SHOW COLUMNS FROM performance_schema.threads")) {
            SQLException e = assertThrows(SQLException.class, () -> onCn(sql), sql);
            assertEquals(1146, e.getErrorCode(), sql);
            assertEquals("42S02", e.getSQLState(), sql);
            assertEquals("Table 'performance_schema.threads' doesn't exist", e.getMessage(), sql);
        }
    }
}
