package com.polardbx.executor.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.Driver;
import com.polardbx.executor.operator.LimitOperator;
import com.polardbx.executor.operator.MergeSortedOperator;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.SortKey;
import com.polardbx.testing.TestingDataNodes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shard scans against real MariaDB data nodes ("dn1", "dn2" = TestingDataNodes instances 1 and 2). */
class ShardScanIT {
    private static final String[] WORDS = {"a", "A", "a ", "ab", "Ab", "b", "B", "é", "E", "e", "ß", "s", "ss", "SS",
        "Ø", "O", "o", "Æ", "z", "Z", "ñ", "n", "N", "ÿ", "Y", "😀", "😃", "_", "-", " ", "", "0", "9", "µ", "Ü", "u",
        "Ð", "d", "Þ", "aa", "Aá", "ä"};

    private static TestingDataNodes nodes;
    private static ExecutorService executor;

    @BeforeAll
    static void setUp() throws SQLException {
        nodes = TestingDataNodes.shared();
        executor = Executors.newFixedThreadPool(4);
        for (int dn = 1; dn <= 2; dn++) {
            try (Connection c = nodes.connect(dn); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS scan_it");
                s.execute("CREATE DATABASE scan_it CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
                s.execute("CREATE TABLE scan_it.t (id INT NOT NULL PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,2),"
                    + " f FLOAT, d DOUBLE, dt DATETIME, dd DATE, big BIGINT UNSIGNED, bin VARBINARY(8), txt TEXT,"
                    + " nm VARCHAR(20) COLLATE utf8mb4_bin)");
                s.execute("CREATE TABLE scan_it.w (id INT PRIMARY KEY, s VARCHAR(20))");
                s.execute("CREATE TABLE scan_it.big (id INT PRIMARY KEY, pad VARCHAR(100))");
                s.execute("INSERT INTO scan_it.big SELECT seq, REPEAT('x', 100) FROM scan_it.seq_1_to_3000");
            }
        }
        exec(1, "INSERT INTO scan_it.t VALUES (1, 'One', 12.50, 1.1, 0.1, '2024-01-31 10:00:00', '2024-01-31',"
            + " 18446744073709551615, x'00ff', 'text one', 'B'), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL)");
        exec(2, "INSERT INTO scan_it.t VALUES (2, 'two', -0.05, -2.5, 1e300, '1999-12-31 23:59:59', '0000-00-00', 7,"
            + " '', '', 'a')");
        for (int i = 0; i < WORDS.length; i++) {
            exec(1 + i % 2, "INSERT INTO scan_it.w VALUES (" + i + ", '" + WORDS[i].replace("'", "''") + "')");
        }
    }

    @AfterAll
    static void tearDown() {
        executor.shutdownNow();
    }

    private static void exec(int dn, String sql) throws SQLException {
        try (Connection c = nodes.connect(dn); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute(sql);
        }
    }

    private static List<Object[]> drain(ChunkSource source) {
        List<Object[]> rows = new ArrayList<>();
        try (source) {
            for (Chunk c = source.next(); c != null; c = source.next()) {
                for (int p = 0; p < c.positionCount(); p++) {
                    rows.add(c.row(p));
                }
            }
        }
        return rows;
    }

    private static List<ShardQuery> both(String sql) {
        return List.of(new ShardQuery("dn1", sql), new ShardQuery("dn2", sql));
    }

    @Test
    void readsEveryTypeAsMysqlPrintsIt() {
        for (boolean parallel : new boolean[] {true, false}) {
            TestingConnectionProvider provider = new TestingConnectionProvider(nodes, parallel);
            ShardScanOperator scan = new ShardScanOperator(QueryContext.unlimited("q"),
                both("SELECT * FROM scan_it.t"), provider, executor);
            List<Object[]> rows = drain(scan.asSource());
            rows.sort(Comparator.comparing(r -> (Long) r[0]));
            assertEquals(3, rows.size());
            Object[] one = rows.get(0);
            assertEquals(1L, one[0]);
            assertEquals("One", one[1]);
            assertEquals(new BigDecimal("12.50"), one[2]);
            assertEquals(1.1, one[3]);
            assertEquals(0.1, one[4]);
            assertEquals("2024-01-31 10:00:00", one[5]);
            assertEquals("2024-01-31", one[6]);
            assertEquals(new BigInteger("18446744073709551615"), one[7]);
            assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) one[8]);
            assertEquals("text one", one[9]);
            assertEquals(Arrays.asList(2L, "two", new BigDecimal("-0.05"), -2.5, 1e300, "1999-12-31 23:59:59"),
                Arrays.asList(rows.get(1)).subList(0, 6));
            assertEquals(Arrays.asList(3L, null, null, null, null, null, null, null, null, null, null),
                Arrays.asList(rows.get(2)));
            assertEquals(0, provider.outstanding(), "connections left out, parallel=" + parallel);
        }
    }

    @Test
    void describesColumnsLikeMysql() {
        TestingConnectionProvider provider = new TestingConnectionProvider(nodes, true);
        ShardScanOperator scan = new ShardScanOperator(QueryContext.unlimited("q"),
            both("SELECT id, name, amount, d, dt, big, bin, nm, id + 1 AS next_id FROM scan_it.t"), provider,
            executor);
        try (ChunkSource source = scan.asSource()) {
            List<ColumnMeta> cols = scan.columns();
            assertEquals(MysqlType.LONG, cols.get(0).type());
            assertTrue((cols.get(0).flags() & ColumnMeta.NOT_NULL_FLAG) != 0);
            assertEquals("t", cols.get(0).table());
            assertEquals("scan_it", cols.get(0).schema());
            assertEquals(MysqlType.VAR_STRING, cols.get(1).type());
            assertEquals(45, cols.get(1).charset());
            assertEquals(80, cols.get(1).length());
            assertEquals(MysqlType.NEWDECIMAL, cols.get(2).type());
            assertEquals(2, cols.get(2).decimals());
            assertEquals(MysqlType.DOUBLE, cols.get(3).type());
            assertEquals(MysqlType.DATETIME, cols.get(4).type());
            assertEquals(MysqlType.LONGLONG, cols.get(5).type());
            assertTrue((cols.get(5).flags() & ColumnMeta.UNSIGNED_FLAG) != 0);
            assertEquals(63, cols.get(6).charset());
            assertTrue((cols.get(6).flags() & ColumnMeta.BINARY_FLAG) != 0);
            assertEquals(Collation.GENERAL_CI, scan.types().get(1).collation());
            assertEquals(Collation.BIN, scan.types().get(7).collation());
            assertEquals("next_id", cols.get(8).name());
            assertEquals(3, drain(source).size());
        }
        assertEquals(0, provider.outstanding());
    }

    @Test
    void transactionConnectionServesSeveralShardsOfOneDataNode() throws SQLException {
        // Like a transaction's branch connection: one connection per DN, not closed on release, no parallel use.
        try (Connection branch = nodes.connect(1)) {
            ConnectionProvider txn = new ConnectionProvider() {
                @Override
                public Connection acquire(String dnId) {
                    return branch;
                }

                @Override
                public void release(String dnId, Connection connection) {
                }

                @Override
                public boolean allowsParallel() {
                    return false;
                }
            };
            QueryContext ctx = QueryContext.unlimited("q");
            List<ShardQuery> shards = List.of(
                new ShardQuery("dn1", "SELECT id FROM scan_it.big WHERE id % 2 = 0 ORDER BY id"),
                new ShardQuery("dn1", "SELECT id FROM scan_it.big WHERE id % 2 = 1 ORDER BY id"));
            List<Object[]> merged = drain(new Driver(ctx, List.of(new MergeSortedOperator(
                ShardScanOperator.perShardSources(ctx, shards, txn), List.of(ColumnType.BIGINT),
                List.of(SortKey.asc(0, Collation.BINARY))))));
            assertEquals(3000, merged.size());
            for (int i = 0; i < merged.size(); i++) {
                assertEquals(i + 1L, merged.get(i)[0]);
            }
            assertTrue(branch.isValid(1));
        }
    }

    @Test
    void dataNodeErrorsPassThroughAsTheDataNodeWroteThem() {
        TestingConnectionProvider provider = new TestingConnectionProvider(nodes, true);
        ShardScanOperator scan = new ShardScanOperator(QueryContext.unlimited("q"),
            List.of(new ShardQuery("dn1", "SELECT * FROM scan_it.t"),
                new ShardQuery("dn2", "SELECT * FROM scan_it.missing")), provider, executor);
        SqlError e = assertThrows(SqlError.class, () -> drain(scan.asSource()));
        assertEquals(1146, e.errno());
        assertEquals("42S02", e.sqlState());
        // MariaDB's own text: which DN answered goes to the CN's log, never to the client
        assertEquals("Table 'scan_it.missing' doesn't exist", e.getMessage());
        assertEquals(0, provider.outstanding());
    }

    @Test
    void limitStopsEarlyAndReleasesConnections() {
        for (boolean parallel : new boolean[] {true, false}) {
            TestingConnectionProvider provider = new TestingConnectionProvider(nodes, parallel);
            QueryContext ctx = QueryContext.unlimited("q");
            ShardScanOperator scan = new ShardScanOperator(ctx, both("SELECT id, pad FROM scan_it.big"), provider,
                executor);
            List<ColumnType> types = scan.types();
            Driver driver = new Driver(ctx, List.of(scan, new LimitOperator(types, 0, 5)));
            assertEquals(5, drain(driver).size());
            assertEquals(0, provider.outstanding());
        }
    }

    @Test
    void cancellationInterruptsTheScan() {
        TestingConnectionProvider provider = new TestingConnectionProvider(nodes, true);
        QueryContext ctx = QueryContext.unlimited("q");
        ShardScanOperator scan = new ShardScanOperator(ctx, both("SELECT id FROM scan_it.big"), provider, executor);
        Driver driver = new Driver(ctx, List.of(scan));
        driver.next();
        ctx.cancel();
        SqlError e = assertThrows(SqlError.class, driver::next);
        assertEquals(1317, e.errno());
        driver.close();
        assertEquals(0, provider.outstanding());
    }

    @Test
    void generalCiAndBinMatchTheDataNodeComparisons() throws SQLException {
        // Every pair of tricky strings: the DN's own <, = under each collation vs ours.
        for (String collation : List.of("utf8mb4_general_ci", "utf8mb4_bin")) {
            Collation ours = collation.endsWith("_bin") ? Collation.BIN : Collation.GENERAL_CI;
            List<String> mismatches = new ArrayList<>();
            int pairs = 0;
            try (Connection c = nodes.connect(1); Statement s = c.createStatement()) {
                s.execute("CREATE TEMPORARY TABLE scan_it.words (s VARCHAR(20) COLLATE " + collation + ")");
                StringBuilder insert = new StringBuilder("INSERT INTO scan_it.words VALUES ");
                for (int i = 0; i < WORDS.length; i++) {
                    insert.append(i == 0 ? "" : ",").append("('").append(WORDS[i]).append("')");
                }
                s.execute(insert.toString());
                try (ResultSet rs = s.executeQuery("SELECT x.s, y.s, x.s < y.s, x.s = y.s FROM scan_it.words x,"
                    + " scan_it.words y")) {
                    while (rs.next()) {
                        String a = rs.getString(1);
                        String b = rs.getString(2);
                        int cmp = ours.compare(a, b);
                        pairs++;
                        if ((cmp < 0) != (rs.getInt(3) == 1) || (cmp == 0) != (rs.getInt(4) == 1)) {
                            mismatches.add("'" + a + "' vs '" + b + "' dn<" + rs.getInt(3) + " dn=" + rs.getInt(4));
                        }
                    }
                }
                s.execute("DROP TEMPORARY TABLE scan_it.words");
            }
            assertEquals(WORDS.length * WORDS.length, pairs);
            assertEquals(List.of(), mismatches, collation);
        }
    }

    @Test
    void generalCiWeightsMatchTheDataNodeOverWholeScripts() throws SQLException {
        // Latin, Latin-1, Latin Extended A/B, IPA, Greek, Cyrillic, Latin Extended Additional: sorted by the DN,
        // each neighbour pair must compare the same way in our collation (a total order agreeing on neighbours is
        // the same order).
        int[][] ranges = {{0x21, 0x7e}, {0xa1, 0x2af}, {0x370, 0x3ff}, {0x400, 0x4ff}, {0x1e00, 0x1eff}};
        List<String> mismatches = new ArrayList<>();
        try (Connection c = nodes.connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE scan_it.chars (id INT, s VARCHAR(4) COLLATE utf8mb4_general_ci)");
            StringBuilder insert = new StringBuilder("INSERT INTO scan_it.chars VALUES ");
            boolean first = true;
            for (int[] r : ranges) {
                for (int cp = r[0]; cp <= r[1]; cp++) {
                    if (!Character.isDefined(cp) || cp == '\\' || cp == '\'') {
                        continue;
                    }
                    insert.append(first ? "" : ",").append("(").append(cp).append(",'")
                        .append(new String(Character.toChars(cp))).append("')");
                    first = false;
                }
            }
            s.execute(insert.toString());
            try (ResultSet rs = s.executeQuery("SELECT s, nxt, s < nxt, s = nxt FROM (SELECT s,"
                + " LEAD(s) OVER (ORDER BY s, id) AS nxt FROM scan_it.chars) x WHERE nxt IS NOT NULL")) {
                while (rs.next()) {
                    String a = rs.getString(1);
                    String b = rs.getString(2);
                    int cmp = Collation.GENERAL_CI.compare(a, b);
                    if ((cmp < 0) != (rs.getInt(3) == 1) || (cmp == 0) != (rs.getInt(4) == 1)) {
                        mismatches.add(String.format("U+%04X '%s' vs U+%04X '%s': dn< %d dn= %d ours %d",
                            a.codePointAt(0), a, b.codePointAt(0), b, rs.getInt(3), rs.getInt(4), cmp));
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void mergesDataNodeSortedStreamsInTheDataNodesOrder() throws SQLException {
        TestingConnectionProvider provider = new TestingConnectionProvider(nodes, true);
        QueryContext ctx = QueryContext.unlimited("q");
        List<ShardQuery> sorted = both("SELECT s, id FROM scan_it.w ORDER BY s");
        List<ChunkSource> inputs = ShardScanOperator.perShardSources(ctx, sorted, provider);
        List<ColumnType> types = List.of(ColumnType.VARCHAR, ColumnType.BIGINT);
        List<Object[]> merged = drain(new Driver(ctx, List.of(new MergeSortedOperator(inputs, types,
            List.of(SortKey.asc(0, Collation.GENERAL_CI))))));
        assertEquals(WORDS.length, merged.size());
        // The same words sorted by one DN: equal position by position, up to collation-equal ties.
        List<String> expected = new ArrayList<>();
        try (Connection c = nodes.connect(1); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE scan_it.all_words (s VARCHAR(20))");
            for (String w : WORDS) {
                s.execute("INSERT INTO scan_it.all_words VALUES ('" + w + "')");
            }
            try (ResultSet rs = s.executeQuery("SELECT s FROM scan_it.all_words ORDER BY s")) {
                while (rs.next()) {
                    expected.add(rs.getString(1));
                }
            }
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(0, Collation.GENERAL_CI.compare(expected.get(i), (String) merged.get(i)[0]),
                "position " + i + ": DN has '" + expected.get(i) + "', CN merge has '" + merged.get(i)[0] + "'");
        }
        assertEquals(0, provider.outstanding());
    }
}
