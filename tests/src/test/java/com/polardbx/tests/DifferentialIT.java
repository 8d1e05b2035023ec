package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads the same rows through the CN (partitioned, broadcast and single tables over two DNs) and into one plain
 * MariaDB database, then checks that every query in the {@code differential/*.sql} query files returns the same
 * result.
 */
class DifferentialIT {
    private static final String DB = "diff";
    private static final String REF = "diff_reference";
    /** Query files, one query per line; see the header of {@code differential/queries.sql}. */
    private static final List<String> QUERY_FILES = List.of("/differential/queries.sql", "/differential/windows.sql",
        "/differential/setops.sql", "/differential/temporal.sql");
    private static Connection cn;
    private static Connection ref;

    @BeforeAll
    static void load() throws SQLException {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection admin = cluster.connect(null, null)) {
            SqlFiles.execute(admin, "DROP DATABASE IF EXISTS " + DB);
            SqlFiles.execute(admin, "CREATE DATABASE " + DB + " MODE='auto'");
        }
        try (Connection direct = cluster.connectDirect(null)) {
            SqlFiles.execute(direct, "DROP DATABASE IF EXISTS " + REF);
            SqlFiles.execute(direct, "CREATE DATABASE " + REF);
        }
        cn = cluster.connect(DB, null);
        ref = cluster.connectDirect(REF);
        for (String ddl : SqlFiles.lines("/differential/schema.sql")) {
            int marker = ddl.indexOf("/*cn*/");
            SqlFiles.execute(cn, ddl.replace("/*cn*/", ""));
            SqlFiles.execute(ref, ddl.substring(0, marker));
        }
        List<String> inserts = new ArrayList<>(SqlFiles.lines("/differential/data.sql"));
        inserts.add(ordersInsert());
        for (String insert : inserts) {
            SqlFiles.execute(cn, insert);
            SqlFiles.execute(ref, insert);
        }
    }

    /** 200 orders with varied statuses, amounts, NULL notes and timestamps. */
    private static String ordersInsert() {
        String[] statuses = {"new", "paid", "shipped", "cancelled", "Paid"};
        StringBuilder sb = new StringBuilder("INSERT INTO orders VALUES ");
        for (int i = 1; i <= 200; i++) {
            BigDecimal amount = BigDecimal.valueOf((i * 7919L) % 50000, 2);
            String note = i % 3 == 0 ? "NULL" : i % 3 == 1 ? "'gift " + i + "'" : "'plain'";
            String created = String.format(Locale.ROOT, "'2024-%02d-%02d %02d:%02d:00'", 1 + i % 12, 1 + i % 28,
                i % 24, i % 60);
            sb.append(i == 1 ? "" : ",").append('(').append(i).append(',').append(1 + i % 12).append(",'")
                .append(statuses[i % statuses.length]).append("',").append(amount.toPlainString()).append(',')
                .append(note).append(',').append(created).append(')');
        }
        return sb.toString();
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

    /** Whether the query orders its result: an ORDER BY outside parentheses (not one of a window or subquery). */
    static boolean hasOuterOrderBy(String sql) {
        StringBuilder outer = new StringBuilder();
        int depth = 0;
        for (char c : sql.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            outer.append(depth == 0 ? c : ' ');
        }
        return outer.toString().toUpperCase(Locale.ROOT).matches("(?s).*\\bORDER\\s+BY\\b.*");
    }

    private static List<String> queries() {
        return QUERY_FILES.stream().flatMap(f -> SqlFiles.lines(f).stream()).toList();
    }

    /**
     * Rows as a case-insensitive PAD SPACE collation sees them: lower case, trailing spaces of each value dropped
     * ('b' and 'b ' are one group key under utf8mb4_general_ci, and either spelling may represent it).
     */
    private static List<String> lower(List<String> rows, boolean caseInsensitive) {
        return caseInsensitive ? new ArrayList<>(rows.stream()
            .map(r -> r.toLowerCase(Locale.ROOT).replaceAll(" +( \\| |$)", "$1")).toList()) : rows;
    }

    @TestFactory
    Stream<DynamicTest> queriesMatchOneMariaDb() {
        return queries().stream().map(line -> DynamicTest.dynamicTest(line, () -> {
            // "#ci": the query groups under a case-insensitive collation, where MySQL may return any spelling of a
            // group's key ('paid' or 'Paid'); compare those rows case-insensitively.
            boolean caseInsensitive = line.endsWith("#ci");
            String sql = caseInsensitive ? line.substring(0, line.length() - 3).strip() : line;
            List<String> expected = lower(SqlFiles.rows(ref, sql), caseInsensitive);
            List<String> actual = lower(SqlFiles.rows(cn, sql), caseInsensitive);
            if (!hasOuterOrderBy(sql)) {
                Collections.sort(expected);
                Collections.sort(actual);
            }
            assertEquals(expected, actual, sql);
            assertEquals(SqlFiles.labels(ref, sql), SqlFiles.labels(cn, sql), "column labels of " + sql);
        }));
    }

    /**
     * The same queries again with every predicate constant the plan cache parameterizes shifted (integers + 1):
     * the second run of a query shape reuses the cached plan with other constants, which must bind correctly.
     */
    @TestFactory
    Stream<DynamicTest> cachedPlansWithOtherConstantsMatchToo() {
        return queries().stream()
            .map(line -> line.endsWith("#ci") ? line.substring(0, line.length() - 3).strip() : line)
            .filter(sql -> !com.polardbx.optimizer.planner.SqlParameterizer.parameterize(sql).literals().isEmpty())
            .map(sql -> DynamicTest.dynamicTest(sql, () -> {
                com.polardbx.optimizer.planner.SqlParameterizer.Parameterized p =
                    com.polardbx.optimizer.planner.SqlParameterizer.parameterize(sql);
                StringBuilder variant = new StringBuilder();
                int next = 0;
                for (char c : p.template().toCharArray()) {
                    if (c == '?' && next < p.literals().size()) {
                        String literal = p.literals().get(next++);
                        variant.append(literal.matches("\\d+") ? String.valueOf(Long.parseLong(literal) + 1) : literal);
                    } else {
                        variant.append(c);
                    }
                }
                String shifted = variant.toString();
                for (String q : List.of(sql, shifted)) {
                    List<String> expected = lower(SqlFiles.rows(ref, q), true);
                    List<String> actual = lower(SqlFiles.rows(cn, q), true);
                    if (!hasOuterOrderBy(q)) {
                        Collections.sort(expected);
                        Collections.sort(actual);
                    }
                    assertEquals(expected, actual, q);
                }
            }));
    }
}
