package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz run against the CN: mutated SQL ({@link SqlMutator}) through Connector/J and garbled protocol
 * sessions ({@link ProtocolFuzzer}) through raw sockets, as a restricted user. It asserts that the server stays up,
 * that a fresh login works afterwards, that every error is a server errno without Java internals, that no command
 * MySQL answers goes unanswered, and that the heap does not grow without bound.
 *
 * <p>Sizes come from system properties ({@code fuzz.statements}, {@code fuzz.sessions}, {@code fuzz.seed},
 * {@code fuzz.minutes} to repeat for a time); {@code tests/fuzz/fuzz.sh} runs a long one. The counts of a run are
 * printed and written to {@code target/fuzz-summary.txt}.
 */
class FuzzIT {
    private static final String USER = "fuzz_user";
    private static final String PASSWORD = "fuzz_pw";
    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS fuzzdb");
            st.execute("CREATE DATABASE fuzzdb MODE='auto'");
            st.execute("CREATE TABLE fuzzdb.fz (id INT PRIMARY KEY, v VARCHAR(20), n INT) "
                + "PARTITION BY HASH(id) PARTITIONS 4");
            StringBuilder rows = new StringBuilder("INSERT INTO fuzzdb.fz VALUES ");
            for (int i = 1; i <= 50; i++) {
                rows.append(i == 1 ? "" : ",").append('(').append(i).append(",'").append((char) ('a' + i % 5))
                    .append("',").append(i % 7 == 0 ? "NULL" : Integer.toString(i % 9)).append(')');
            }
            st.execute(rows.toString());
            st.execute("DROP USER IF EXISTS '" + USER + "'@'%'");
            st.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            st.execute("GRANT ALL ON fuzzdb.* TO '" + USER + "'@'%'");
        }
    }

    private static Connection fuzzConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port() + "/fuzzdb?sslMode=DISABLED"
            + "&allowPublicKeyRetrieval=true&socketTimeout=120000&connectTimeout=20000", USER, PASSWORD);
    }

    /** A new connection logs in and answers: the server is alive and accepts clients. */
    private static void assertFreshLoginWorks() throws SQLException {
        try (Connection c = cluster.connect(null, null)) {
            assertEquals(List.of("1"), SqlFiles.rows(c, "SELECT 1"));
        }
        try (Connection c = fuzzConnection()) {
            // mutated DELETEs and UPDATEs change the rows: only that the table answers is known
            assertEquals(1, SqlFiles.rows(c, "SELECT COUNT(*) FROM fz").size());
        }
    }

    private static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    /** Outcome counts of the SQL part. */
    private static final class SqlCounts {
        long statements;
        long ok;
        long errors;
        long disconnects;
        final Map<Integer, Long> errnos = new TreeMap<>();
        final List<String> dirty = new ArrayList<>();
        /** Statements answered 1105 "Unknown error": an internal failure the CN hid from the client. */
        final List<String> internal = new ArrayList<>();

        @Override
        public String toString() {
            return "statements=" + statements + " ok=" + ok + " errors=" + errors + " disconnects=" + disconnects
                + " dirty=" + dirty.size() + " internal=" + internal.size() + " errnos=" + errnos;
        }
    }

    private static void runStatements(SqlMutator mutator, int count, SqlCounts counts) throws SQLException {
        Connection c = fuzzConnection();
        try {
            for (int i = 0; i < count; i++) {
                String sql = mutator.next();
                counts.statements++;
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(30);
                    st.execute(sql);
                    counts.ok++;
                } catch (SQLException e) {
                    if (e.getErrorCode() == 0) {
                        // raised by the driver itself (a lost connection, a statement it refuses to send)
                        if (!c.isValid(5)) {
                            counts.disconnects++;
                            c.close();
                            c = fuzzConnection();
                        }
                        continue;
                    }
                    counts.errors++;
                    counts.errnos.merge(e.getErrorCode(), 1L, Long::sum);
                    String problem = CleanErrors.problem(e.getErrorCode(), e.getMessage());
                    if (problem != null && counts.dirty.size() < 50) {
                        counts.dirty.add(problem + "  <- " + (sql.length() > 200 ? sql.substring(0, 200) : sql));
                    }
                    if (e.getErrorCode() == 1105 && "Unknown error".equals(e.getMessage())) {
                        counts.internal.add(sql.length() > 300 ? sql.substring(0, 300) : sql);
                    }
                }
                if (!c.getAutoCommit() || i % 100 == 99) {
                    c.close(); // a mutated BEGIN or SET must not pile up state for hundreds of statements
                    c = fuzzConnection();
                }
                if (i % 500 == 499) {
                    assertFreshLoginWorks();
                }
            }
        } finally {
            c.close();
        }
    }

    @Test
    void seededFuzzRunKeepsTheServerHealthyAndErrorsClean() throws Exception {
        int statements = Integer.getInteger("fuzz.statements", 500);
        int sessions = Integer.getInteger("fuzz.sessions", 200);
        long seed = Long.getLong("fuzz.seed", 20_261_207L);
        long minutes = Long.getLong("fuzz.minutes", 0L);
        long until = System.nanoTime() + minutes * 60_000_000_000L;
        long heapBefore = heapUsedAfterGc();
        SqlMutator mutator = new SqlMutator(seed);
        ProtocolFuzzer protocol = new ProtocolFuzzer(cluster.port(), USER, PASSWORD, "fuzzdb", seed);
        SqlCounts sql = new SqlCounts();
        long start = System.nanoTime();
        do {
            runStatements(mutator, statements, sql);
            for (int i = 0; i < sessions; i++) {
                protocol.session();
                if (i % 200 == 199) {
                    assertFreshLoginWorks();
                }
            }
            assertFreshLoginWorks();
        } while (System.nanoTime() < until);
        long heapAfter = heapUsedAfterGc();
        String summary = String.format(java.util.Locale.ROOT, "seed=%d seconds=%d%nSQL: %s%nprotocol: %s%n"
                + "heap after GC: before=%d MB after=%d MB, RSS=%d MB%n", seed, (System.nanoTime() - start) / 1_000_000_000L,
            sql, protocol.counts, heapBefore >> 20, heapAfter >> 20, rssBytes() >> 20);
        System.out.println("FUZZ SUMMARY " + summary);
        sql.internal.forEach(statement -> System.out.println("FUZZ 1105 <- " + statement));
        Files.writeString(Path.of("target", "fuzz-summary.txt"), summary);
        assertTrue(sql.dirty.isEmpty(), "SQL errors with internals: " + sql.dirty);
        assertTrue(protocol.counts.dirty.isEmpty(), "protocol errors with internals: " + protocol.counts.dirty);
        // 1105 "Unknown error" is what the CN answers when a statement hit an internal failure (logged in full)
        assertTrue(sql.internal.isEmpty(), "statements that failed inside the CN: " + sql.internal);
        assertEquals(0, protocol.counts.hangs, "commands MySQL answers went unanswered: " + protocol.counts);
        assertTrue(sql.ok > 0 && sql.errors > 0, "the mutator produced both valid and invalid statements: " + sql);
        assertTrue(heapAfter - heapBefore < 256L << 20, "heap grew from " + (heapBefore >> 20) + " MB to "
            + (heapAfter >> 20) + " MB");
        assertFreshLoginWorks();
    }
}
