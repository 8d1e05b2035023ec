package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.tests.slt.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test of generated queries: random schemas ({@link TestingSchemaGenerator}: partitioned by HASH, KEY,
 * RANGE, RANGE COLUMNS and LIST on columns of several types, broadcast and single tables, strings in one of five
 * collations) and random queries over them ({@link TestingQueryGenerator}), each run through the CN and on one MariaDB
 * holding the same rows, compared as MariaDB would answer them.
 *
 * <p>A seeded run ({@code generator.schemas} schemas of {@code generator.queries} queries each) is part of the build;
 * {@code -Dgenerator.seed=n} runs another, {@code -Dgenerator.minutes=n} (or {@code bin/polardbx fuzz --minutes n})
 * runs new schemas and queries until the time is up. A CN refusal (1235, the CN says it cannot run the statement)
 * counts but passes; wrong rows, other errors, and errors MariaDB does not give fail, except statements matching
 * {@code generator/known-mismatches.txt}. Every mismatch is written to {@code target/generated-mismatches.txt} with the
 * seed that replays it.
 */
class GeneratedQueriesIT {
    private static final String DB = "gen";
    private static final String REF = "gen_reference";
    private static final Path REPORT = Path.of("target", "generated-mismatches.txt");
    private static Connection cn;
    private static Connection ref;
    private static List<KnownMismatch> known;

    /** A statement shape the CN gets wrong today, with the reason (one line of the resource file). */
    record KnownMismatch(Pattern sql, String reason) {
    }

    @BeforeAll
    static void connect() throws SQLException {
        TestingCluster cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        try (Connection direct = cluster.connectDirect(null)) {
            SqlFiles.execute(direct, "DROP DATABASE IF EXISTS " + REF);
            SqlFiles.execute(direct, "CREATE DATABASE " + REF);
        }
        cn = cluster.connect(DB, null);
        ref = cluster.connectDirect(REF);
        known = SqlFiles.lines("/generator/known-mismatches.txt").stream()
            .filter(l -> !l.startsWith("#"))
            .map(l -> l.split(" \\| ", 2))
            .map(p -> new KnownMismatch(Pattern.compile(p[1].trim()), p[0].trim()))
            .toList();
    }

    @AfterAll
    static void close() throws SQLException {
        if (cn != null) {
            cn.close();
        }
        if (ref != null) {
            ref.close();
        }
    }

    /**
     * Tables for the regressions: {@code n*} with strings in utf8mb4_general_nopad_ci, {@code g*} in
     * utf8mb4_general_ci, {@code u*} in utf8mb4_unicode_ci, {@code b*} in utf8mb4_bin, each partitioned, broadcast
     * and partitioned by its string.
     */
    private static final String[][] REGRESSION_TABLES = {
        {"n", "utf8mb4_general_nopad_ci"}, {"g", "utf8mb4_general_ci"}, {"u", "utf8mb4_unicode_ci"},
        {"b", "utf8mb4_bin"}};
    private static final String REGRESSION_ROWS = "(1, 1, 5, 9007199254740993, 'b', 1.50, '2024-01-05',"
        + " '2024-01-05 10:00:00'), (2, NULL, 1, NULL, 'b ', NULL, NULL, NULL), (3, 1, 1, 1, 'B', -2.25,"
        + " '2024-03-01', '2024-02-29 23:59:59'), (4, 2, 1, 4611686018427387904, 'é', 0.10, '2024-06-30', NULL),"
        + " (5, 3, NULL, -1, 'E', 3.00, '2024-02-29', '2024-03-01 00:00:00'), (6, NULL, NULL, 0, 'ß', 2.00,"
        + " '2024-04-01', NULL), (7, 1, NULL, 9007199254740992, 's', 1.00, NULL, '2024-05-05 05:05:05'),"
        + " (8, 0, 3, NULL, 'ss', NULL, '2024-05-01', NULL), (9, 5, 0, 1, NULL, 4.75, '2024-01-31', NULL)";
    /** Statements the generator found wrong, fixed since; each compared with MariaDB on every collation above. */
    private static final List<String> REGRESSIONS = List.of(
        // NO PAD collations compared as PAD SPACE in the CN ('b' = 'b ')
        "SELECT x.id AS k, x.s AS c FROM %1$s x WHERE x.s IN (SELECT y.s FROM %2$s y WHERE y.s != 'c')",
        "SELECT x.s AS gk, MIN(x.d) AS g0, COUNT(*) AS n FROM %1$s x GROUP BY x.s",
        "SELECT s AS c FROM %1$s EXCEPT ALL SELECT s FROM %3$s WHERE a > 2",
        "SELECT COUNT(*) AS n, MIN(y.id) AS mi FROM %1$s x JOIN %3$s y ON x.s = y.s",
        "SELECT s AS c FROM %1$s WHERE s LIKE 'b%%' UNION SELECT s FROM %2$s",
        // a decorrelated subquery joins on IS NOT DISTINCT FROM: NULL keys must match
        "SELECT x.id AS k, x.a NOT IN (SELECT y.a FROM %2$s y WHERE y.a = x.b) AS c FROM %1$s x",
        "SELECT x.id AS k, x.a IN (SELECT y.b FROM %3$s y WHERE y.a = x.b) AS c FROM %1$s x",
        // INTERVAL n WEEK / QUARTER were sent to the DNs as n * INTERVAL '7' WEEK (1064)
        "SELECT x.id AS k, DATE_SUB(x.dt, INTERVAL 1 WEEK) AS e1, x.dt + INTERVAL 2 QUARTER AS e2 FROM %1$s x",
        "SELECT x.id AS k, x.dt - INTERVAL 3 WEEK AS e1 FROM %1$s x JOIN %2$s y ON y.a = x.b",
        // a never-NULL truth value used as a number was typed nullable (1105 AssertionError)
        "SELECT x.id AS k, x.a DIV 0 AS e1, COALESCE(x.big, (x.a <=> 2) + 0) AS e2 FROM %1$s x WHERE x.s >= x.d",
        "SELECT x.id AS k, (x.b IS NULL) + 1 AS e1, SUM(x.a > 1) AS e2 FROM %1$s x GROUP BY x.id",
        // an AVG used in a CN expression was typed with its argument's scale (10.105000 came out as 10.11)
        "SELECT x.id AS k, COALESCE((SELECT AVG(y.d) FROM %2$s y WHERE y.a = x.b), -1) + x.a AS v FROM %1$s x",
        "SELECT x.id AS k, (SELECT AVG(y.a) FROM %3$s y WHERE y.b = x.b) * 2 AS v FROM %1$s x",
        // XOR with a comparison or AND on either side was refused across shards (1235)
        "SELECT COUNT(*) AS n FROM %1$s x, %2$s y WHERE (x.b NOT IN (5, NULL)) XOR x.a > 2",
        "SELECT x.id AS k, x.a > 1 XOR x.b = 1 AND x.s IS NOT NULL AS c, x.a XOR x.b XOR 1 AS d FROM %1$s x"
            + " JOIN %2$s y ON y.id = x.id WHERE NOT ((x.id = 1) XOR x.a > 2) OR y.b > 2",
        // MySQL's decimal quotient: the dividend's scale + 4 (Calcite's rule gave 0.1785714280000)
        "SELECT x.id AS k, IFNULL(1.25 / 7, 0.5) AS e1, x.d / 3 AS e2, COALESCE(x.d / x.a, 7 / 1.25) AS e3 FROM %1$s x",
        // TIMESTAMPDIFF's unit was printed without the comma after it when the next argument is a call (1064)
        "SELECT DISTINCT TIMESTAMPDIFF(DAY, DATE(x.ts), x.ts) AS e, TIMESTAMPDIFF(HOUR, DATE(x.ts), x.dt) AS f FROM %1$s x",
        // a window function under a GROUP BY or WHERE was pushed into the same SELECT (MariaDB's 4015)
        "SELECT v.w, COUNT(*) AS n FROM (SELECT x.id AS k, ROW_NUMBER() OVER (PARTITION BY x.a ORDER BY x.id) AS w"
            + " FROM %2$s x) v GROUP BY v.w",
        "SELECT v.k FROM (SELECT x.id AS k, RANK() OVER (ORDER BY x.b) AS w FROM %2$s x) v WHERE v.w = 1",
        // a nested join whose inputs share column names was a derived table SELECT * (1060 duplicate column)
        "SELECT COUNT(*) AS n, SUM(x.a) AS sa, MAX(z.b) AS mb, MIN(y.id) AS mi FROM %2$s x JOIN %2$s y ON x.a = y.b"
            + " RIGHT JOIN %1$s z ON y.a <= z.a WHERE z.id <= 5",
        "SELECT COUNT(*) AS n, MIN(y.id) AS mi FROM %1$s x JOIN %2$s y ON x.id <= y.b LEFT JOIN %2$s z ON x.a = z.a",
        // an operand of XOR, DIV ... printed without parentheses: b IN (1, 6) became b = 1 OR b = 6 XOR a > 2
        "SELECT x.id AS k FROM %1$s x WHERE (x.b IN (1, 6)) XOR x.a > 2",
        "SELECT x.id AS k, (x.a + x.b) DIV 2 AS e1, (x.b IN (1, 5)) XOR (x.a IN (1, 2)) AS e2 FROM %3$s x",
        // a set operation whose first input the CN typed itself (an empty VALUES) deduplicated as general_ci
        "SELECT s AS c FROM %1$s WHERE b != b UNION SELECT s FROM %3$s WHERE b BETWEEN 0 AND 4",
        "SELECT COUNT(*) AS n, COUNT(u.c) AS nc FROM (SELECT s AS c FROM %1$s WHERE 1 = 0 UNION SELECT s FROM %2$s) u",
        // integers divide into DECIMAL(.., 4): typed as an integer, IFNULL(a / 5, 0.5) came out as 0.4
        "SELECT x.id AS k, IFNULL(HOUR(x.ts) / 5, 0.5) AS e1, COALESCE(x.a / 3, x.id) AS e2 FROM %1$s x",
        // the nested join under a filter still printed as SELECT * (1060)
        "SELECT COUNT(*) AS n, SUM(x.a) AS sa, MAX(z.b) AS mb FROM %1$s x JOIN %2$s y ON x.s = y.s RIGHT JOIN %3$s z"
            + " ON x.b = z.b WHERE z.s IN ('b ', 'ß') AND z.b NOT IN (1)",
        // HAVING on a column neither grouped nor selected: MariaDB's 1054, not the CN's 1235
        "SELECT x.a AS ga, COUNT(*) AS n FROM %1$s x GROUP BY x.a HAVING x.b > 0",
        "SELECT a, COUNT(*) AS n FROM %3$s GROUP BY a HAVING big > 0 ORDER BY a",
        // ROUND/TRUNCATE(d, n) have n digits after the point; a non-constant n failed (1105, NullPointerException)
        "SELECT x.id AS k, IFNULL(ROUND(TRUNCATE(x.d, 1), 0), 0.5) AS e1, ROUND(x.d, 3) AS e2, ROUND(x.d, x.a) AS e3"
            + " FROM %1$s x",
        "SELECT x.id AS k, ROUND(x.d, y.a) AS e1, TRUNCATE(x.d, 3) AS e2, IFNULL(ROUND(x.d + y.a, 0), 0.5) AS e3"
            + " FROM %1$s x JOIN %2$s y ON y.id = x.id",
        // COALESCE(s, 'n') reached the DNs as CASE .. CAST(s AS CHAR(10)), the connection's collation (1267 on nopad)
        "SELECT x.id AS k FROM %1$s x WHERE COALESCE(x.s, 'n') = CONCAT(x.s, x.b)",
        "SELECT x.id AS k, COALESCE(x.s, 'n') = y.s AS c FROM %1$s x JOIN %2$s y ON y.id = x.a",
        // a fractional literal against the indexed id: MariaDB's index lookup rounds it (1.25 = id finds id 1); the CN
        // sent CAST(id AS DECIMAL(12, 2)), which skips the index and finds nothing
        "SELECT COUNT(*) AS n FROM %1$s x, %2$s y WHERE 1.25 = x.id",
        "SELECT x.id AS k, (SELECT MIN(y.b) FROM %1$s y WHERE 2.5 = y.id) AS v FROM %2$s x",
        "SELECT x.id AS k, y.id AS j FROM %1$s x JOIN %3$s y ON x.a = y.b WHERE x.id = 2.5 OR y.d = x.a",
        // constant CASTs folded by Calcite's rules: CAST(-0.5 AS SIGNED) was 0, CAST(-0.5 AS CHAR) '-.5'
        "SELECT x.id AS k, CAST(-0.5 AS SIGNED) AS e1, CAST(-0.5 AS CHAR) AS e2, CAST(3.5E0 AS SIGNED) AS e3,"
            + " x.id / CAST(-0.5 AS SIGNED) AS e4, CAST(-2.5 AS DECIMAL(3, 0)) AS e5 FROM %1$s x JOIN %3$s y ON y.id = x.a",
        "SELECT DISTINCT CAST(-0.5 AS CHAR) AS e, CAST(1.5 AS UNSIGNED) AS f FROM %1$s x",
        // --0.5 is two minus signs on MySQL, a comment to Calcite (1235); - TRUNCATE(..) was 1064 in Druid
        "SELECT DISTINCT --0.5 AS e, --x.a AS f FROM %1$s x",
        // a lookup into a view joining two tables with shared column names: SELECT * FROM (join) WHERE key IN (1060)
        "SELECT COUNT(*) AS n, SUM(x.a) AS sa, MAX(z.b) AS mb, MIN(y.id) AS mi FROM %2$s x JOIN %2$s y ON x.s = y.s"
            + " RIGHT JOIN %1$s z ON x.b = z.b WHERE z.s IN ('b ', 'ß') AND z.b NOT IN (1)",
        // MOD after DISTINCT was read as the infix operator with DISTINCT as its left operand (1235)
        "SELECT DISTINCT x.a MOD 3 AS e, MOD(x.b, 2) AS f FROM %1$s x",
        // a quotient written as text in the CN kept its inner digits (CAST(d / b AS CHAR) 0.300000000, not 0.300000)
        "SELECT x.id AS k, CAST(x.d / y.b AS CHAR) AS e1, CONCAT(x.s, x.a / y.b) AS e2, CAST(x.d * y.b AS CHAR) AS e3"
            + " FROM %1$s x JOIN %3$s y ON y.id = x.a",
        "SELECT x.id AS k, - TRUNCATE(x.d, 1) AS e1, -TRUNCATE(x.d + y.a, 1) - 1 AS e2 FROM %1$s x JOIN %3$s y"
            + " ON y.id = x.a");

    @Test
    void regressionsMatchOneMariaDb() throws SQLException {
        for (String[] t : REGRESSION_TABLES) {
            String ddl = "(id INT NOT NULL, a INT, b INT, big BIGINT, s VARCHAR(10) COLLATE " + t[1]
                + ", d DECIMAL(8,2), dt DATE, ts DATETIME, KEY (id)) DEFAULT CHARSET utf8mb4";
            String keyed = t[1].contains("unicode") ? "PARTITION BY KEY(a) PARTITIONS 3"
                : "PARTITION BY KEY(s) PARTITIONS 3";
            String[][] tables = {{t[0] + "1", "PARTITION BY HASH(id) PARTITIONS 3"}, {t[0] + "2", "BROADCAST"},
                {t[0] + "3", keyed}};
            for (String[] table : tables) {
                for (Connection c : List.of(cn, ref)) {
                    SqlFiles.execute(c, "DROP TABLE IF EXISTS " + table[0]);
                    SqlFiles.execute(c, "CREATE TABLE " + table[0] + " " + ddl + (c == cn ? " " + table[1] : ""));
                    SqlFiles.execute(c, "INSERT INTO " + table[0] + " VALUES " + REGRESSION_ROWS);
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (String[] t : REGRESSION_TABLES) {
            for (String template : REGRESSIONS) {
                String sql = String.format(Locale.ROOT, template, t[0] + "1", t[0] + "2", t[0] + "3");
                String collation = anySpelling(sql) ? t[1] : null;
                Outcome expected = comparable(Outcome.run(ref, sql), false, collation);
                Outcome actual = comparable(Outcome.run(cn, sql), false, collation);
                boolean refused = actual.failed() && actual.errno() == 1235 && t[1].contains("unicode");
                if (!expected.sameAs(actual) && !refused) {
                    failures.add(sql + "\n--- MariaDB:\n" + expected + "\n--- CN:\n" + actual);
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n\n", failures));
    }

    @Test
    void generatedQueriesMatchOneMariaDb() throws SQLException, IOException {
        long seed = Long.getLong("generator.seed", 20261207L);
        int schemas = Integer.getInteger("generator.schemas", 4);
        int perSchema = Integer.getInteger("generator.queries", 400);
        long minutes = Long.getLong("generator.minutes", 0);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        Tally tally = new Tally();
        for (int round = 0; minutes > 0 ? System.nanoTime() < deadline : round < schemas; round++) {
            long schemaSeed = seed + round;
            TestingSchemaGenerator.Schema schema = load(schemaSeed);
            TestingQueryGenerator generator = new TestingQueryGenerator(schemaSeed, schema.names());
            for (int i = 0; i < perSchema && (minutes == 0 || System.nanoTime() < deadline); i++) {
                TestingQueryGenerator.Query q = generator.next();
                tally.add(schemaSeed, i, schema.collation(), q, check(q, schema.collation()));
                if (tally.queries % 250 == 0) {
                    writeReport(tally); // a long run can be read while it goes on
                }
            }
        }
        String summary = writeReport(tally);
        System.out.println(summary);
        assertTrue(tally.failures.isEmpty(), () -> summary + "\n\n"
            + String.join("\n\n", tally.failures.subList(0, Math.min(15, tally.failures.size()))));
    }

    private static String writeReport(Tally tally) throws IOException {
        String summary = tally.summary();
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, summary + "\n" + String.join("\n\n", tally.failures) + "\n"
            + String.join("\n\n", tally.knownFailures) + "\n" + String.join("\n", tally.refusals));
        return summary;
    }

    private static TestingSchemaGenerator.Schema load(long seed) throws SQLException {
        TestingSchemaGenerator.Schema schema = TestingSchemaGenerator.generate(seed);
        for (String name : tableNames(cn)) {
            SqlFiles.execute(cn, "DROP TABLE " + name);
        }
        for (String name : tableNames(ref)) {
            SqlFiles.execute(ref, "DROP TABLE " + name);
        }
        for (TestingSchemaGenerator.Table t : schema.tables()) {
            SqlFiles.execute(cn, schema.createTable(t) + " " + t.placement());
            SqlFiles.execute(ref, schema.createTable(t));
            SqlFiles.execute(cn, t.insert());
            SqlFiles.execute(ref, t.insert());
        }
        return schema;
    }

    private static List<String> tableNames(Connection c) throws SQLException {
        return SqlFiles.rows(c, "SHOW TABLES");
    }

    /** What one statement gave on both sides, as compared. */
    record Result(Outcome expected, Outcome actual) {
        boolean same() {
            return expected.sameAs(actual);
        }
    }

    /** Runs the reference statement while the CN runs its own (the two share nothing). */
    private static final java.util.concurrent.ExecutorService REFERENCE = java.util.concurrent.Executors
        .newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "generated-reference");
            t.setDaemon(true);
            return t;
        });

    private static Result check(TestingQueryGenerator.Query q, String collation) {
        String spelling = anySpelling(q.sql()) ? collation : null;
        java.util.concurrent.Future<Outcome> reference = REFERENCE.submit(() -> Outcome.run(ref, q.sql()));
        Outcome actual = comparable(Outcome.run(cn, q.sql()), q.ordered(), spelling);
        Outcome expected;
        try {
            expected = comparable(reference.get(), q.ordered(), spelling);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return new Result(expected, actual);
    }

    /**
     * Whether equal strings of different spellings may come out either way: {@code s} is grouped, made distinct,
     * aggregated or deduplicated by a set operation, and MariaDB returns any of the equal spellings.
     */
    static boolean anySpelling(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        boolean usesS = Pattern.compile("(?i)\\b(s|c)\\b").matcher(sql.replaceAll("'[^']*'", "''")).find();
        return usesS && (upper.contains("GROUP BY") || upper.contains("DISTINCT") || upper.contains("UNION")
            || upper.contains("INTERSECT") || upper.contains("EXCEPT") || upper.contains("MIN(")
            || upper.contains("MAX(") || upper.contains("OVER") || upper.contains("GROUP_CONCAT"));
    }

    /** Rows sorted unless ordered; with a collation, each value as a key of that collation (any spelling). */
    static Outcome comparable(Outcome o, boolean ordered, String collation) {
        if (o.rows() == null) {
            return o;
        }
        List<String> rows = new ArrayList<>(o.rows());
        if (collation != null) {
            rows.replaceAll(r -> spellingKey(r, collation));
        }
        if (!ordered) {
            Collections.sort(rows);
        }
        return new Outcome(o.errno(), o.error(), o.updateCount(), o.info(), o.labels(), rows);
    }

    private static String spellingKey(String row, String collation) {
        List<String> out = new ArrayList<>();
        for (String v : row.split(" \\| ", -1)) {
            String k = v;
            if (!collation.contains("nopad")) {
                k = k.replaceAll(" +$", "");
            }
            if (collation.contains("_ci")) {
                k = java.text.Normalizer.normalize(k, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                    .replace("ß", collation.contains("unicode") ? "ss" : "s").toLowerCase(Locale.ROOT);
            }
            out.add(k);
        }
        return String.join(" | ", out);
    }

    /** Counts of a run and the text of each mismatch. */
    private static final class Tally {
        int queries;
        int equal;
        int refused;
        final Map<String, Integer> classes = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        final List<String> knownFailures = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();

        void add(long schemaSeed, int index, String collation, TestingQueryGenerator.Query q, Result r) {
            queries++;
            if (r.same()) {
                equal++;
                return;
            }
            Outcome e = r.expected();
            Outcome a = r.actual();
            if (a.failed() && a.errno() == 1235 && !e.failed()) {
                refused++;
                classes.merge("refused (1235): " + firstWords(a.error()), 1, Integer::sum);
                refusals.add("[refused] schema seed " + schemaSeed + ", query " + index + ": " + q.sql() + "\n  "
                    + a.error());
                return;
            }
            String kind = a.failed() && !e.failed() ? "CN error " + a.errno()
                : e.failed() && !a.failed() ? "MariaDB error " + e.errno() + ", CN answered"
                : e.failed() ? "errno " + a.errno() + " instead of " + e.errno() : "wrong rows";
            String text = "[" + kind + "] schema seed " + schemaSeed + " (" + collation + "), query " + index + ": "
                + q.sql() + "\n--- MariaDB:\n" + e + "\n--- CN:\n" + a;
            KnownMismatch k = known.stream().filter(m -> m.sql().matcher(q.sql()).find()).findFirst().orElse(null);
            if (k != null) {
                classes.merge("known: " + k.reason(), 1, Integer::sum);
                knownFailures.add("[known: " + k.reason() + "] " + text);
            } else {
                classes.merge(kind, 1, Integer::sum);
                failures.add(text);
            }
        }

        private static String firstWords(String message) {
            String m = message == null ? "" : message.replaceAll("\\s+", " ");
            return m.length() > 70 ? m.substring(0, 70) : m;
        }

        String summary() {
            StringBuilder sb = new StringBuilder("generated queries: " + queries + " run, " + equal + " equal, "
                + refused + " refused (1235), " + knownFailures.size() + " known mismatches, " + failures.size()
                + " new mismatches");
            classes.forEach((k, v) -> sb.append("\n  ").append(v).append(" x ").append(k));
            return sb.toString();
        }
    }
}
