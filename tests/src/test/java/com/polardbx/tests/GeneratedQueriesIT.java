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

    @Test
    void generatedQueriesMatchOneMariaDb() throws SQLException, IOException {
        long seed = Long.getLong("generator.seed", 20261207L);
        int schemas = Integer.getInteger("generator.schemas", 4);
        int perSchema = Integer.getInteger("generator.queries", 500);
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
            }
        }
        String summary = tally.summary();
        System.out.println(summary);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, summary + "\n" + String.join("\n\n", tally.failures) + "\n"
            + String.join("\n\n", tally.knownFailures));
        assertTrue(tally.failures.isEmpty(), () -> summary + "\n\n"
            + String.join("\n\n", tally.failures.subList(0, Math.min(15, tally.failures.size()))));
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

    private static Result check(TestingQueryGenerator.Query q, String collation) {
        boolean anySpelling = anySpelling(q.sql());
        Outcome expected = comparable(Outcome.run(ref, q.sql()), q.ordered(), anySpelling ? collation : null);
        Outcome actual = comparable(Outcome.run(cn, q.sql()), q.ordered(), anySpelling ? collation : null);
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
