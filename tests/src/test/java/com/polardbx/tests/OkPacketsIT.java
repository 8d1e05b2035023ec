package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OK packets of writes read field by field, with and without CLIENT_SESSION_TRACK and CLIENT_FOUND_ROWS, against a
 * plain MariaDB: affected rows, insert id, warnings and the info text ("Records: ...", "Rows matched: ...").
 */
class OkPacketsIT {
    private static final String DB = "okpackets";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
    }

    @ParameterizedTest
    @CsvSource({"partitioned, false, false", "partitioned, true, true", "single, true, false",
        "broadcast, false, true"})
    void writes(String kind, boolean sessionTrack, boolean foundRows) throws Exception {
        int flags = TestingBinaryClient.BASIC | (sessionTrack ? TestingBinaryClient.CLIENT_SESSION_TRACK : 0)
            | (foundRows ? TestingBinaryClient.CLIENT_FOUND_ROWS : 0);
        String t = "w_" + kind + (sessionTrack ? "_st" : "") + (foundRows ? "_fr" : "");
        String suffix = switch (kind) {
            case "partitioned" -> " PARTITION BY HASH(id) PARTITIONS 4";
            case "single" -> " SINGLE";
            default -> " BROADCAST";
        };
        String[] statements = {
            "DROP TABLE IF EXISTS " + t,
            "CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(20), n INT DEFAULT 0)",
            "INSERT INTO " + t + " (id, v) VALUES (1, 'a')",
            "INSERT INTO " + t + " (id, v) VALUES (2, 'b'), (3, 'c'), (4, 'd')",
            "INSERT IGNORE INTO " + t + " (id, v) VALUES (4, 'dup'), (5, 'e')",
            "INSERT IGNORE INTO " + t + " (id, v) VALUES (5, 'dup')",
            "REPLACE INTO " + t + " (id, v) VALUES (5, 'E'), (6, 'f')",
            "INSERT INTO " + t + " (id, v) VALUES (6, 'f'), (7, 'g') ON DUPLICATE KEY UPDATE n = n + 1",
            "INSERT INTO " + t + " (id, v) VALUES (7, 'g') ON DUPLICATE KEY UPDATE v = VALUES(v)",
            "UPDATE " + t + " SET v = 'x' WHERE id <= 3",
            "UPDATE " + t + " SET v = 'x' WHERE id <= 4",
            "UPDATE " + t + " SET v = 'y' WHERE id = 100",
            "UPDATE " + t + " SET v = 'x' WHERE id = 1",
            "DELETE FROM " + t + " WHERE id > 5",
            "INSERT INTO " + t + " (id, v) SELECT id + 100, v FROM " + t + " WHERE id <= 2",
            "DELETE FROM " + t,
            "INSERT INTO " + t + " (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')",
            "ALTER TABLE " + t + " ADD COLUMN w INT",
            "ALTER TABLE " + t + " MODIFY v VARCHAR(30)",
            "ALTER TABLE " + t + " ADD INDEX iw (w), ALGORITHM=COPY",
            "CREATE INDEX iv ON " + t + " (v)",
            "DROP INDEX iv ON " + t,
            "ALTER TABLE " + t + " RENAME TO " + t + "_renamed",
            "DROP TABLE " + t + "_renamed",
        };
        var nodes = cluster.dataNodes();
        StringBuilder expected = new StringBuilder();
        try (TestingBinaryClient ref = new TestingBinaryClient(nodes.port(1), nodes.user(), nodes.password(), DB,
            flags)) {
            for (String s : statements) {
                expected.append(s).append(" -> ").append(ref.query(s)).append('\n');
            }
        }
        StringBuilder actual = new StringBuilder();
        try (TestingBinaryClient cn = new TestingBinaryClient(cluster.port(), "root", "", DB, flags)) {
            for (String s : statements) {
                actual.append(s).append(" -> ").append(cn.query(s.startsWith("CREATE TABLE") ? s + suffix : s))
                    .append('\n');
            }
        }
        assertEquals(expected.toString(), actual.toString());
    }
}
