package com.polardbx.tests.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.polardbx.tests.SqlFiles;
import com.polardbx.tests.TestingCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code slt/*.slt} file statement by statement on the CN (database MODE='auto') and on one plain MariaDB
 * database, and checks that both give the same outcome. One dynamic test per statement, in file order (statements
 * build on each other); a last test per file prints its counts and checks the file's known-failures entries.
 */
class SqlLogicIT {
    private static final KnownFailures KNOWN = KnownFailures.load("/slt/known-failures.txt");
    private static final List<Connection> OPEN = new ArrayList<>();

    @AfterAll
    static void close() throws SQLException {
        for (Connection c : OPEN) {
            c.close();
        }
    }

    /**
     * Files whose statements also run a second time on clients with CLIENT_FOUND_ROWS (the driver's default), where
     * an UPDATE counts the rows it found rather than those it changed.
     */
    private static final String FOUND_ROWS_FILES = "dml";

    @TestFactory
    Stream<DynamicNode> corpusMatchesOneMariaDb() {
        // -Dslt.files=dml,joins runs only the files whose names start with one of those words
        String only = System.getProperty("slt.files", "");
        return sltFiles().stream()
            .filter(p -> only.isBlank() || Stream.of(only.split(","))
                .anyMatch(w -> p.getFileName().toString().startsWith(w.trim())))
            .flatMap(path -> {
                String file = path.getFileName().toString();
                Stream<DynamicNode> changedRows = Stream.of(container(path, file, false));
                return file.startsWith(FOUND_ROWS_FILES)
                    ? Stream.concat(changedRows, Stream.of(container(path, file, true))) : changedRows;
            });
    }

    private static DynamicNode container(Path path, String file, boolean foundRows) {
        List<SltRecord> records = SltParser.parse(file, read(path));
        FileRun run = new FileRun(file, foundRows);
        String name = file + (foundRows ? " [CLIENT_FOUND_ROWS]" : "");
        Stream<DynamicTest> statements = records.stream().map(r -> DynamicTest.dynamicTest(
            name + ":" + r.line() + " " + abbreviate(r.normalizedSql()), () -> run.check(r)));
        Stream<DynamicTest> summary = Stream.of(DynamicTest.dynamicTest(name + " summary", run::summarize));
        return DynamicContainer.dynamicContainer(name, Stream.concat(statements, summary));
    }

    /** The state of one file's run: its two connections and counters. */
    private static final class FileRun {
        private final String file;
        /** Both connections set CLIENT_FOUND_ROWS (else they ask for changed rows, {@code useAffectedRows}). */
        private final boolean foundRows;
        private Connection cn;
        private Connection ref;
        private int statements;
        private int queries;
        private int passed;
        private int known;

        FileRun(String file, boolean foundRows) {
            this.file = file;
            this.foundRows = foundRows;
        }

        private void open() throws SQLException {
            if (cn != null) {
                return;
            }
            String db = "slt_" + file.replace(".slt", "").replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT)
                + (foundRows ? "_found" : "");
            TestingCluster cluster = TestingCluster.shared();
            try (Connection admin = cluster.connect(null, null)) {
                SqlFiles.execute(admin, "DROP DATABASE IF EXISTS " + db);
                SqlFiles.execute(admin, "CREATE DATABASE " + db + " MODE='auto'");
            }
            try (Connection direct = cluster.connectDirect(null)) {
                SqlFiles.execute(direct, "DROP DATABASE IF EXISTS " + db + "_ref");
                SqlFiles.execute(direct, "CREATE DATABASE " + db + "_ref");
            }
            // Connector/J sets CLIENT_FOUND_ROWS unless useAffectedRows=true: both sides run the same way.
            // The parallel hash join is off by default; turned on here so the DN oracle keeps checking it.
            cn = cluster.connect(db, "useAffectedRows=" + !foundRows + "&sessionVariables=polardbx_parallel_join=ON");
            ref = java.sql.DriverManager.getConnection(cluster.dataNodes().jdbcUrl(1, db + "_ref")
                + "&useAffectedRows=" + !foundRows, cluster.dataNodes().user(), cluster.dataNodes().password());
            synchronized (OPEN) {
                OPEN.add(cn);
                OPEN.add(ref);
            }
        }

        void check(SltRecord r) throws SQLException {
            open();
            statements++;
            queries += r.isQuery() ? 1 : 0;
            Outcome expected = Outcome.run(ref, r.referenceSql()).comparable(r);
            Outcome actual = Outcome.run(cn, r.sql()).comparable(r);
            switch (r.kind()) {
                case STATEMENT_OK -> assertTrue(!expected.failed(), () -> "the reference rejects " + r + ": "
                    + expected);
                case STATEMENT_ERROR -> assertTrue(expected.failed() && (r.errno() == 0
                    || expected.errno() == r.errno()), () -> "the reference gives " + expected + " for " + r);
                default -> assertTrue(expected.rows() != null || expected.failed(),
                    () -> "not a query: " + r);
            }
            boolean same = expected.sameAs(actual) && (!r.sameMessage() || withoutShard(expected.error())
                .equals(withoutShard(actual.error())));
            KnownFailures.Entry entry = KNOWN.find(file, r);
            if (entry != null) {
                known++;
                assertTrue(!same, () -> file + ":" + r.line() + " is listed in known-failures.txt ("
                    + entry.reason() + ") but now passes: remove it from the list");
                KnownFailures.Kind kind = actual.failed() ? KnownFailures.Kind.ERROR
                    : KnownFailures.Kind.WRONG_RESULT;
                assertEquals(entry.kind(), kind, () -> file + ":" + r.line() + " fails differently than listed: "
                    + actual);
                return;
            }
            if (!same) {
                fail(file + ":" + r.line() + "\n" + r.sql() + "\n--- reference (one MariaDB):\n" + expected
                    + "\n--- CN:\n" + actual);
            }
            passed++;
        }

        void summarize() {
            System.out.printf(Locale.ROOT, "slt %s%s: %d statements (%d queries), %d passed, %d known failures%n",
                file, foundRows ? " [CLIENT_FOUND_ROWS]" : "", statements, queries, passed, known);
            List<KnownFailures.Entry> stale = KNOWN.unused(file);
            assertTrue(stale.isEmpty(), () -> "known-failures.txt entries match no statement of " + file + ": "
                + stale);
        }
    }

    /** An error message without the {@code [dn0] } a data node's error carries through the CN. */
    private static String withoutShard(String message) {
        return message == null ? "" : message.replaceFirst("^\\[[^\\]]+\\] ", "");
    }

    private static List<Path> sltFiles() {
        try {
            Path dir = Path.of(SqlLogicIT.class.getResource("/slt").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".slt")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 100 ? sql : sql.substring(0, 97) + "...";
    }
}
