package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connector/J's DatabaseMetaData (what ORMs and GUI tools read) against the CN, compared with the same table on a
 * plain MariaDB where both answer from information_schema.
 */
class DriverMetadataIT {
    private static final String TABLE = "CREATE TABLE meta (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(3),"
        + " t TEXT, b BLOB, d DECIMAL(9,2), f DOUBLE, name VARCHAR(30) NOT NULL, KEY by_name (name))";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS driver_meta");
            SqlFiles.execute(c, "CREATE DATABASE driver_meta MODE='auto'");
            SqlFiles.execute(c, "USE driver_meta");
            SqlFiles.execute(c, TABLE);
        }
        try (Connection c = cluster.connectDirect(null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS driver_meta");
            SqlFiles.execute(c, "CREATE DATABASE driver_meta");
            SqlFiles.execute(c, "USE driver_meta");
            SqlFiles.execute(c, TABLE);
        }
    }

    @Test
    void keywordsListMysqlReservedWords() throws SQLException {
        try (Connection c = cluster.connect("driver_meta", null)) {
            List<String> words = List.of(c.getMetaData().getSQLKeywords().split(","));
            assertTrue(words.contains("ACCESSIBLE") && words.contains("ZEROFILL"), words.toString());
            assertTrue(!words.contains("SELECT"), "SQL:2003 keywords are left out, as Connector/J does");
        }
    }

    @Test
    void columnsKeysAndIndexesEqualMariaDbs() throws SQLException {
        columnsKeysAndIndexesEqualMariaDbs("&useInformationSchema=true");
        columnsKeysAndIndexesEqualMariaDbs("&useInformationSchema=false"); // SHOW FULL COLUMNS, SHOW INDEX
    }

    @Test
    void routinesAreListedEmptyAsNoneExist() throws SQLException {
        try (Connection cn = cluster.connect("driver_meta", "useInformationSchema=false")) {
            try (ResultSet rs = cn.getMetaData().getProcedures("driver_meta", null, "%")) {
                assertTrue(!rs.next());
            }
            try (ResultSet rs = cn.getMetaData().getFunctions("driver_meta", null, "%")) {
                assertTrue(!rs.next());
            }
        }
    }

    private static void columnsKeysAndIndexesEqualMariaDbs(String options) throws SQLException {
        try (Connection cn = cluster.connect("driver_meta", options.substring(1));
             Connection dn = DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, "driver_meta") + options,
                 cluster.dataNodes().user(), cluster.dataNodes().password())) {
            // Connector/J sizes DATETIME(3) from the server version: 19 + 1 + 3 for a MySQL 8 (the CN), 19 for a
            // MariaDB, which it takes for MySQL 5.5
            List<String> expected = columns(dn.getMetaData()).stream()
                .map(c -> c.startsWith("at DATETIME") ? c.replace("size=19", "size=23") : c).toList();
            assertEquals(expected, columns(cn.getMetaData()));
            assertEquals(primaryKeys(dn.getMetaData()), primaryKeys(cn.getMetaData()));
            assertEquals(indexes(dn.getMetaData()), indexes(cn.getMetaData()));
        }
    }

    @Test
    void resultMetadataNamesTablesAndKeysAsMariaDbDoes() throws SQLException {
        List<String> queries = List.of("SELECT id, name, d FROM meta", "SELECT id, name FROM meta WHERE id = 1",
            "SELECT name, id FROM meta ORDER BY name LIMIT 3", "SELECT COUNT(*) AS c, MAX(d) FROM meta");
        try (Connection cn = cluster.connect("driver_meta", null);
             Connection dn = DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, "driver_meta"),
                 cluster.dataNodes().user(), cluster.dataNodes().password())) {
            for (String q : queries) {
                assertEquals(resultColumns(dn, q), resultColumns(cn, q), q);
            }
        }
    }

    @Test
    void updatableResultSetsWork() throws SQLException {
        try (Connection cn = cluster.connect("driver_meta", null)) {
            SqlFiles.execute(cn, "INSERT INTO meta (name, d) VALUES ('u1', 1.5)");
            try (java.sql.Statement st = cn.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
                 ResultSet rs = st.executeQuery("SELECT id, name FROM meta WHERE name = 'u1'")) {
                assertTrue(rs.next());
                rs.updateString("name", "u2");
                rs.updateRow();
            }
            assertEquals(List.of("1"), SqlFiles.rows(cn, "SELECT COUNT(*) FROM meta WHERE name = 'u2'"));
        }
    }

    private static List<String> resultColumns(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i) + " " + md.getColumnName(i) + " table=" + md.getTableName(i) + " db="
                    + md.getCatalogName(i) + " " + md.getColumnTypeName(i) + " nullable=" + md.isNullable(i)
                    + " auto=" + md.isAutoIncrement(i));
            }
        }
        return out;
    }

    private static List<String> columns(DatabaseMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns("driver_meta", null, "meta", "%")) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " " + rs.getInt("DATA_TYPE")
                    + " size=" + rs.getString("COLUMN_SIZE") + " digits=" + rs.getString("DECIMAL_DIGITS")
                    + " nullable=" + rs.getString("IS_NULLABLE") + " auto=" + rs.getString("IS_AUTOINCREMENT"));
            }
        }
        return out;
    }

    private static List<String> primaryKeys(DatabaseMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys("driver_meta", null, "meta")) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME") + " " + rs.getString("KEY_SEQ"));
            }
        }
        return out;
    }

    private static List<String> indexes(DatabaseMetaData md) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = md.getIndexInfo("driver_meta", null, "meta", false, false)) {
            while (rs.next()) {
                out.add(rs.getString("INDEX_NAME") + " " + rs.getString("COLUMN_NAME") + " "
                    + rs.getBoolean("NON_UNIQUE") + " " + rs.getShort("ORDINAL_POSITION"));
            }
        }
        return out;
    }
}
