package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Partition routing of strings follows the data node's collation exactly: for strings MariaDB considers equal under
 * the column's collation (case, accents, {@code ß}, trailing spaces under PAD SPACE, characters outside the BMP), the
 * CN puts the rows on one shard, and a point query pruned to that shard finds all of them, as one MariaDB does.
 */
class PartitionCollationIT {
    private static final String DB = "pcoll";
    /** Strings that some collations consider equal and others do not. */
    private static final List<String> STRINGS = List.of("s", "S", "ß", "ẞ", "ss", "SS", "straße", "STRASSE", "strase",
        "e", "é", "É", "è", "ê", "E", "a", "a ", "a  ", "A ", "a\t", "å", "Å", "aa", "æ", "AE", "ı", "I", "i", "İ",
        "ǆ", "Ǆ", "ǅ", "ø", "Ø", "o", "\uD83D\uDE00", "\uD83D\uDE01", "\u00A0", "a\u00A0", "", "  ", "ﬁ", "fi", "µ",
        "μ", "Μ", "ǰ", "j", "Ω", "ω", "Ω", "x y", "X Y ", "ÿ", "Ÿ", "y");
    private static Connection cn;
    private static Connection ref;

    @BeforeAll
    static void connect() throws SQLException {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        cn = cluster.connect(DB, null);
        ref = cluster.connectDirect(DB);
    }

    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        for (String collation : List.of("utf8mb4_general_ci", "utf8mb4_bin", "utf8mb4_general_nopad_ci",
            "utf8mb4_nopad_bin")) {
            for (String type : List.of("VARCHAR(12)", "CHAR(12)")) {
                out.add(Arguments.of(type, collation, "PARTITION BY KEY(s) PARTITIONS 8"));
            }
            out.add(Arguments.of("VARCHAR(12)", collation, "PARTITION BY RANGE COLUMNS(s) (PARTITION p0 VALUES LESS"
                + " THAN ('b'), PARTITION p1 VALUES LESS THAN ('o'), PARTITION p2 VALUES LESS THAN ('t'),"
                + " PARTITION p3 VALUES LESS THAN (MAXVALUE))"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("layouts")
    void equalStringsRouteToOneShardAndPointQueriesFindThem(String type, String collation, String partitioning)
        throws SQLException {
        String table = "t_" + Math.abs((type + collation + partitioning).hashCode());
        String ddl = "CREATE TABLE " + table + " (id INT, s " + type + " CHARACTER SET utf8mb4 COLLATE "
            + collation + " NOT NULL, PRIMARY KEY (id, s))";
        SqlFiles.execute(cn, ddl + " " + partitioning);
        SqlFiles.execute(ref, ddl);
        for (Connection c : List.of(cn, ref)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                for (int i = 0; i < STRINGS.size(); i++) {
                    ps.setInt(1, i);
                    ps.setString(2, STRINGS.get(i));
                    ps.executeUpdate();
                }
            }
        }
        boolean range = partitioning.contains("RANGE");
        for (String probe : STRINGS) {
            List<String> expected = ids(ref, "SELECT id FROM " + table + " WHERE s = ? ORDER BY id", probe);
            List<String> actual = ids(cn, "SELECT id FROM " + table + " WHERE s = ? ORDER BY id", probe);
            assertEquals(expected, actual, () -> "s = '" + printable(probe) + "' under " + collation);
            String plan = String.join("\n", ids(cn, "EXPLAIN SELECT id FROM " + table + " WHERE s = ?", probe));
            assertTrue(plan.contains("shards=[1]") || plan.contains("shards=[0]"),
                () -> "a point query reads one shard: " + plan);
            if (range) {
                for (String op : List.of("<", ">=", "<=")) {
                    String sql = "SELECT id FROM " + table + " WHERE s " + op + " ? ORDER BY id";
                    assertEquals(ids(ref, sql, probe), ids(cn, sql, probe),
                        () -> "s " + op + " '" + printable(probe) + "' under " + collation);
                }
            }
        }
    }

    @Test
    void collationsRoutingCannotReproduceAreRefusedForNewTables() throws SQLException {
        for (String collation : List.of("utf8mb4_unicode_ci", "utf8mb4_unicode_520_ci", "utf8mb4_german2_ci")) {
            try (var st = cn.createStatement()) {
                st.execute("CREATE TABLE refused (id INT, s VARCHAR(8) COLLATE " + collation + ", PRIMARY KEY (id, s))"
                    + " PARTITION BY KEY(s) PARTITIONS 4");
                throw new AssertionError("created a table partitioned by a " + collation + " column");
            } catch (SQLException e) {
                assertEquals(1235, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains(collation), e.getMessage());
            }
        }
        // a column in such a collation is fine when it is not a partition key
        SqlFiles.execute(cn, "CREATE TABLE unkeyed (id INT PRIMARY KEY, s VARCHAR(8) COLLATE utf8mb4_unicode_ci)"
            + " PARTITION BY KEY(id) PARTITIONS 4");
    }

    @Test
    void newTablesRecordTheCurrentPartitionFunctionInTheMetadb() throws SQLException {
        SqlFiles.execute(cn, "CREATE TABLE versioned (id INT PRIMARY KEY, s VARCHAR(8)) PARTITION BY KEY(id)"
            + " PARTITIONS 2");
        TestingDataNodes nodes = TestingCluster.shared().dataNodes();
        try (Connection gms = java.sql.DriverManager.getConnection(nodes.jdbcUrl(0, "polardbx_meta"),
            nodes.gmsUser(), nodes.gmsPassword())) {
            assertEquals(List.of("2"), SqlFiles.rows(gms, "SELECT part_function_version FROM table_info"
                + " WHERE schema_name = '" + DB + "' AND table_name = 'versioned'"));
        }
    }

    private static List<String> ids(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(cp < 0x7F && cp >= 0x20 ? String.valueOf((char) cp)
            : String.format(java.util.Locale.ROOT, "\\u%04X", cp)));
        return sb.toString();
    }
}
