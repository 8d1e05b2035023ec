package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * information_schema through the CN describes logical objects exactly as MariaDB describes the same table created
 * directly on it.
 */
class InformationSchemaIT {
    private static final String DDL = "CREATE TABLE described (id BIGINT NOT NULL AUTO_INCREMENT, code CHAR(4) NOT NULL,"
        + " name VARCHAR(40) DEFAULT 'n/a', price DECIMAL(10,2), born DATE, flag TINYINT(1) DEFAULT 0,"
        + " PRIMARY KEY (id), UNIQUE KEY uk_code_id (code, id), KEY k_name (name), KEY k_price_born (price, born))";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS info");
            SqlFiles.execute(c, "CREATE DATABASE info MODE='auto'");
            SqlFiles.execute(c, "USE info");
            SqlFiles.execute(c, DDL + " PARTITION BY HASH(id) PARTITIONS 4");
        }
        try (Connection direct = cluster.connectDirect(null)) {
            SqlFiles.execute(direct, "DROP DATABASE IF EXISTS info_reference");
            SqlFiles.execute(direct, "CREATE DATABASE info_reference");
            SqlFiles.execute(direct, "USE info_reference");
            SqlFiles.execute(direct, DDL);
        }
    }

    private static void assertSameAsMariaDb(String template) throws SQLException {
        try (Connection cn = cluster.connect(null, null); Connection direct = cluster.connectDirect(null)) {
            assertEquals(SqlFiles.rows(direct, String.format(template, "info_reference")),
                SqlFiles.rows(cn, String.format(template, "info")), template);
        }
    }

    @Test
    void partitionsDescribeLogicalTablesAsMariaDbDescribesItsOwn() throws SQLException {
        String query = "SELECT PARTITION_ORDINAL_POSITION, PARTITION_METHOD, PARTITION_EXPRESSION,"
            + " SUBPARTITION_NAME FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME ="
            + " 'parted' ORDER BY 1";
        try (Connection c = cluster.connect(null, null); Connection direct = cluster.connectDirect(null)) {
            SqlFiles.execute(c, "DROP DATABASE IF EXISTS info_parts");
            SqlFiles.execute(c, "CREATE DATABASE info_parts MODE='auto'");
            SqlFiles.execute(c, "CREATE TABLE info_parts.parted (id INT PRIMARY KEY) PARTITION BY HASH(id)"
                + " PARTITIONS 3");
            SqlFiles.execute(direct, "DROP DATABASE IF EXISTS info_parts_reference");
            SqlFiles.execute(direct, "CREATE DATABASE info_parts_reference");
            SqlFiles.execute(direct, "CREATE TABLE info_parts_reference.parted (id INT PRIMARY KEY)"
                + " PARTITION BY HASH(id) PARTITIONS 3");
            assertEquals(SqlFiles.rows(direct, String.format(query, "info_parts_reference")),
                SqlFiles.rows(c, String.format(query, "info_parts")));
            // nothing of the DNs' own physical tables
            assertEquals(List.of("0"), SqlFiles.rows(c, "SELECT COUNT(*) FROM information_schema.PARTITIONS"
                + " WHERE TABLE_NAME LIKE '%\\_0000%' OR TABLE_SCHEMA LIKE '%\\_p0%'"));
        }
    }

    @Test
    void columnsMatch() throws SQLException {
        // COLUMN_DEFAULT is left out: MariaDB prints defaults as SQL literals ('n/a', NULL) where MySQL prints
        // the bare value (n/a, null); we print MySQL's form.
        assertSameAsMariaDb("SELECT COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE,"
            + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COLUMN_TYPE, COLUMN_KEY, EXTRA"
            + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME = 'described'"
            + " ORDER BY ORDINAL_POSITION");
    }

    @Test
    void statisticsMatch() throws SQLException {
        assertSameAsMariaDb("SELECT INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = '%s' AND TABLE_NAME = 'described' ORDER BY INDEX_NAME, SEQ_IN_INDEX");
    }

    @Test
    void tablesAndSchemataListLogicalObjects() throws SQLException {
        try (Connection cn = cluster.connect("info", null)) {
            assertEquals(List.of("described | BASE TABLE"), SqlFiles.rows(cn,
                "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"));
            List<String> schemata = SqlFiles.rows(cn, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA");
            assertTrue(schemata.contains("info") && schemata.contains("information_schema"), schemata.toString());
            assertTrue(!schemata.contains("info_p0"), "physical databases must not show: " + schemata);
            List<String> engines = SqlFiles.rows(cn, "SELECT ENGINE FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB'");
            assertEquals(List.of("InnoDB"), engines);
        }
    }
}
