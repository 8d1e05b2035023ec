package com.polardbx.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded random schema for differential query tests: tables of every placement (HASH, KEY, RANGE, RANGE COLUMNS,
 * LIST partitioned on columns of several types, broadcast, single) with the same columns, so that any column of one
 * table compares with the same column of another, and small value domains with NULLs, so that filters and joins on
 * constants find a few rows.
 *
 * <p>Columns: {@code id INT} (unique, not null), {@code a}, {@code b INT} (0..6), {@code big BIGINT} (around 2^53,
 * where doubles lose digits), {@code s VARCHAR(10)} in the schema's collation (case, accent, {@code ß} and
 * trailing-space variants), {@code d DECIMAL(p,s)}, {@code dt DATE}, {@code ts DATETIME}; all but id may be NULL.
 */
final class TestingSchemaGenerator {
    /** Collations of {@code s}; partitioning by {@code s} is only generated for those routing reproduces. */
    static final List<String> COLLATIONS = List.of("utf8mb4_general_ci", "utf8mb4_bin", "utf8mb4_general_nopad_ci",
        "utf8mb4_nopad_bin", "utf8mb4_unicode_ci");
    private static final String[] STRINGS = {"'a'", "'A'", "'b'", "'B '", "'b '", "'c'", "'ß'", "'s'", "'ss'",
        "'é'", "'E'", "'e '", "''", "'x y'"};
    private static final long[] BIGS = {0, 1, -1, 9007199254740993L, 9007199254740992L, -9007199254740993L,
        1L << 40, 4611686018427387904L};

    /** One generated table: its name, its placement clause for the CN, and its INSERT statement. */
    record Table(String name, String placement, String insert) {
    }

    /** A schema: the collation of {@code s} and the tables. */
    record Schema(String collation, List<Table> tables) {
        String createTable(Table t) {
            return "CREATE TABLE " + t.name() + " (id INT NOT NULL, a INT, b INT, big BIGINT, s VARCHAR(10)"
                + " COLLATE " + collation + ", d DECIMAL(8,2), dt DATE, ts DATETIME, KEY (id))"
                + " DEFAULT CHARSET utf8mb4";
        }

        List<String> names() {
            return tables.stream().map(Table::name).toList();
        }
    }

    private TestingSchemaGenerator() {
    }

    /** The schema of {@code seed}: 7 to 9 tables, at least one broadcast, one single and four partitioned. */
    static Schema generate(long seed) {
        Random random = new Random(seed);
        String collation = COLLATIONS.get(random.nextInt(COLLATIONS.size()));
        boolean stringKeys = !collation.contains("unicode");
        List<String> placements = new ArrayList<>(List.of("BROADCAST", "SINGLE"));
        int partitioned = 5 + random.nextInt(3);
        for (int i = 0; i < partitioned; i++) {
            placements.add(partitioning(random, stringKeys));
        }
        if (random.nextBoolean()) {
            placements.add("BROADCAST");
        }
        List<Table> tables = new ArrayList<>();
        int next = 1;
        for (String placement : placements) {
            String name = "t" + next++;
            int rows = 6 + random.nextInt(22);
            tables.add(new Table(name, placement, "INSERT INTO " + name + " VALUES " + rows(random, rows)));
        }
        return new Schema(collation, tables);
    }

    private static String partitioning(Random random, boolean stringKeys) {
        int n = 2 + random.nextInt(4);
        return switch (random.nextInt(stringKeys ? 9 : 8)) {
            case 0, 1 -> "PARTITION BY HASH(id) PARTITIONS " + n;
            case 2 -> "PARTITION BY KEY(a) PARTITIONS " + n;
            case 3 -> "PARTITION BY KEY(big) PARTITIONS " + n;
            case 4 -> "PARTITION BY KEY(dt) PARTITIONS " + n;
            case 5 -> "PARTITION BY RANGE(id) (PARTITION p0 VALUES LESS THAN (" + (3 + random.nextInt(8))
                + "), PARTITION p1 VALUES LESS THAN (15), PARTITION p2 VALUES LESS THAN MAXVALUE)";
            case 6 -> "PARTITION BY LIST(b) (PARTITION p0 VALUES IN (0, 1, NULL), PARTITION p1 VALUES IN (2, 3),"
                + " PARTITION p2 VALUES IN (4, 5, 6))";
            case 7 -> "PARTITION BY RANGE COLUMNS(dt) (PARTITION p0 VALUES LESS THAN ('2024-03-01'),"
                + " PARTITION p1 VALUES LESS THAN ('2024-05-01'), PARTITION p2 VALUES LESS THAN (MAXVALUE))";
            default -> "PARTITION BY KEY(s) PARTITIONS " + n;
        };
    }

    private static String rows(Random random, int count) {
        List<String> rows = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            String big = random.nextInt(6) == 0 ? "NULL" : String.valueOf(BIGS[random.nextInt(BIGS.length)]);
            String s = random.nextInt(8) == 0 ? "NULL" : STRINGS[random.nextInt(STRINGS.length)];
            String d = random.nextInt(6) == 0 ? "NULL"
                : (random.nextInt(5) == 0 ? "-" : "") + random.nextInt(50) / 10 + "." + random.nextInt(100);
            String dt = random.nextInt(6) == 0 ? "NULL" : String.format(Locale.ROOT, "'2024-%02d-%02d'",
                1 + random.nextInt(6), 1 + random.nextInt(28));
            String ts = random.nextInt(6) == 0 ? "NULL" : String.format(Locale.ROOT, "'2024-%02d-%02d %02d:%02d:%02d'",
                1 + random.nextInt(6), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
            rows.add("(" + id + "," + small(random) + "," + small(random) + "," + big + "," + s + "," + d + "," + dt
                + "," + ts + ")");
        }
        return String.join(",", rows);
    }

    private static String small(Random random) {
        int v = random.nextInt(8);
        return v == 7 ? "NULL" : String.valueOf(v % 7);
    }
}
