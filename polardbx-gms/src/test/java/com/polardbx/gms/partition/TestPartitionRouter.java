package com.polardbx.gms.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TestPartitionRouter {
    private final PartitionRouter router = new PartitionRouter();

    static ColumnDef col(String name, String type) {
        return new ColumnDef(name, type, true, null, false, "", "", null, 0);
    }

    static ColumnDef col(String name, String type, String collation) {
        return new ColumnDef(name, type, true, null, false, "", "", collation, 0);
    }

    static PartitionInfo scheme(PartitionStrategy s, List<String> cols, String expr, String... bounds) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < bounds.length; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "db_p", "t_" + i, bounds[i]));
        }
        return new PartitionInfo(s, cols, expr, parts);
    }

    static PartitionInfo hashScheme(PartitionStrategy s, List<String> cols, String expr, int n) {
        return scheme(s, cols, expr, new String[n]);
    }

    static TableMeta table(PartitionInfo p, ColumnDef... columns) {
        return new TableMeta("d", "t", TableKind.PARTITIONED, List.of(columns), List.of(), p, 1, "", 1);
    }

    private static SortedSet<Integer> set(Integer... ps) {
        return new TreeSet<>(Arrays.asList(ps));
    }

    private static List<Object> vals(Object... v) {
        return Arrays.asList(v);
    }

    // ------------------------------------------------------------------ RANGE

    private final TableMeta rangeInt = table(scheme(PartitionStrategy.RANGE, List.of("id"), null,
        "10", "20", "MAXVALUE"), col("id", "int(11)"));

    @Test
    void rangeRoutesByUpperBound() {
        assertEquals(0, router.route(rangeInt, vals(5L)));
        assertEquals(0, router.route(rangeInt, vals(-100L)));
        assertEquals(1, router.route(rangeInt, vals(10L)));
        assertEquals(1, router.route(rangeInt, vals(19L)));
        assertEquals(2, router.route(rangeInt, vals(20L)));
        assertEquals(2, router.route(rangeInt, vals(Long.MAX_VALUE)));
    }

    @Test
    void valuesConvertByColumnTypeFirst() {
        assertEquals(router.route(rangeInt, vals(5L)), router.route(rangeInt, vals("5")));
        assertEquals(1, router.route(rangeInt, vals(" 15 ")));
        assertEquals(1, router.route(rangeInt, vals(new BigDecimal("9.5"))));  // rounds to 10 like MySQL
        assertEquals(0, router.route(rangeInt, vals(9.4d)));
    }

    @Test
    void rangeNullGoesToFirstPartition() {
        assertEquals(0, router.route(rangeInt, vals((Object) null)));
    }

    @Test
    void rangeWithoutMaxvalueRejectsLargeValues() {
        TableMeta t = table(scheme(PartitionStrategy.RANGE, List.of("id"), null, "10", "20"), col("id", "bigint"));
        SqlError e = assertThrows(SqlError.class, () -> router.route(t, vals(20L)));
        assertEquals(1526, e.errno());
        assertEquals(set(), router.pruneEquals(t, vals(25L)));
        assertEquals(set(1), router.pruneEquals(t, vals(15L)));
    }

    @Test
    void rangeOverYearAndToDays() {
        TableMeta byYear = table(scheme(PartitionStrategy.RANGE, List.of("d"), "YEAR(`d`)", "2020", "2024", "MAXVALUE"),
            col("d", "date"));
        assertEquals(0, router.route(byYear, vals("2019-12-31")));
        assertEquals(1, router.route(byYear, vals("2020-01-01")));
        assertEquals(2, router.route(byYear, vals("2024-01-05")));
        assertEquals(2, router.route(byYear, vals("20240105")));
        assertEquals(0, router.route(byYear, vals((Object) null)));

        TableMeta byDays = table(scheme(PartitionStrategy.RANGE, List.of("ts"), "to_days(ts)",
            "TO_DAYS('2024-01-01')", "TO_DAYS('2024-02-01')", "MAXVALUE"), col("ts", "datetime"));
        assertEquals(0, router.route(byDays, vals("2023-12-31 23:59:59")));
        assertEquals(1, router.route(byDays, vals("2024-01-01 00:00:00")));
        assertEquals(1, router.route(byDays, vals("2024-01-31")));
        assertEquals(2, router.route(byDays, vals("2024-02-01 00:00:01")));
    }

    @Test
    void rangeColumnsOnDatesAndTuples() {
        TableMeta byDate = table(scheme(PartitionStrategy.RANGE_COLUMNS, List.of("d"), null,
            "'2024-01-01'", "'2024-02-01'", "MAXVALUE"), col("d", "date"));
        assertEquals(1, router.route(byDate, vals("2024-01-05")));
        assertEquals(0, router.route(byDate, vals("2023-12-31")));
        assertEquals(2, router.route(byDate, vals("2024-02-01")));

        TableMeta tuple = table(scheme(PartitionStrategy.RANGE_COLUMNS, List.of("a", "b"), null,
            "(10, 'm')", "(10, MAXVALUE)", "(MAXVALUE, MAXVALUE)"), col("a", "int"), col("b", "varchar(10)"));
        assertEquals(0, router.route(tuple, vals(5L, "zzz")));
        assertEquals(0, router.route(tuple, vals(10L, "a")));
        assertEquals(0, router.route(tuple, vals(10L, "L")));     // case-insensitive: 'L' < 'm'
        assertEquals(1, router.route(tuple, vals(10L, "M")));
        assertEquals(2, router.route(tuple, vals(11L, "a")));
    }

    @Test
    void pruneRangeOnRange() {
        assertEquals(set(0, 1, 2), router.pruneRange(rangeInt, null, false, null, false));
        assertEquals(set(0), router.pruneRange(rangeInt, null, false, 10L, false));   // id < 10
        assertEquals(set(0, 1), router.pruneRange(rangeInt, null, false, 10L, true)); // id <= 10
        assertEquals(set(1, 2), router.pruneRange(rangeInt, 10L, true, null, false)); // id >= 10
        assertEquals(set(1), router.pruneRange(rangeInt, 12L, true, 15L, true));
        assertEquals(set(1, 2), router.pruneRange(rangeInt, "12", true, "25", false));
        assertEquals(set(), router.pruneRange(rangeInt, 15L, true, 12L, true));
        assertEquals(set(), router.pruneRange(rangeInt, 15L, false, 15L, true));
        assertEquals(set(1), router.pruneRange(rangeInt, 15L, true, 15L, true));

        TableMeta noMax = table(scheme(PartitionStrategy.RANGE, List.of("id"), null, "10", "20"), col("id", "int"));
        assertEquals(set(), router.pruneRange(noMax, 20L, true, null, false));
    }

    @Test
    void pruneRangeThroughMonotonicFunctions() {
        TableMeta byYear = table(scheme(PartitionStrategy.RANGE, List.of("d"), "YEAR(d)", "2020", "2024", "MAXVALUE"),
            col("d", "datetime"));
        assertEquals(set(1), router.pruneRange(byYear, "2021-03-01", true, "2022-01-01", false));
        assertEquals(set(1, 2), router.pruneRange(byYear, "2021-03-01", true, "2024-01-01", false));
        TableMeta byMonth = table(scheme(PartitionStrategy.RANGE, List.of("d"), "MONTH(d)", "4", "8", "MAXVALUE"),
            col("d", "date"));
        assertEquals(set(0, 1, 2), router.pruneRange(byMonth, "2021-01-01", true, "2021-02-01", true));
        assertEquals(0, router.route(byMonth, vals("2021-03-31")));
    }

    @Test
    void pruneRangeOnMultiColumnRangeIsASuperset() {
        TableMeta tuple = table(scheme(PartitionStrategy.RANGE_COLUMNS, List.of("a", "b"), null,
            "(10, 5)", "(20, 5)", "(MAXVALUE, MAXVALUE)"), col("a", "int"), col("b", "int"));
        SortedSet<Integer> got = router.pruneRange(tuple, 10L, true, 10L, true);
        assertTrue(got.containsAll(set(0, 1)), got.toString());
        assertEquals(set(0), router.pruneRange(tuple, null, false, 9L, true));
    }

    // ------------------------------------------------------------------ LIST

    private final TableMeta listInt = table(scheme(PartitionStrategy.LIST, List.of("r"), null,
        "1,2,3", "4, 5", "NULL, 9"), col("r", "int"));

    @Test
    void listRoutesByMembership() {
        assertEquals(0, router.route(listInt, vals(2L)));
        assertEquals(1, router.route(listInt, vals("5")));
        assertEquals(2, router.route(listInt, vals(9L)));
        assertEquals(2, router.route(listInt, vals((Object) null)));
        assertEquals(1526, assertThrows(SqlError.class, () -> router.route(listInt, vals(6L))).errno());
        assertEquals(set(0, 2), router.pruneIn(listInt, List.of(vals(1L), vals(6L), vals(9L))));
        assertEquals(set(0, 1), router.pruneRange(listInt, 3L, true, 4L, true));
        assertEquals(set(), router.pruneRange(listInt, 6L, true, 8L, true));
    }

    @Test
    void listWithoutNullRejectsNull() {
        TableMeta t = table(scheme(PartitionStrategy.LIST, List.of("r"), null, "1", "2"), col("r", "int"));
        assertEquals(1526, assertThrows(SqlError.class, () -> router.route(t, vals((Object) null))).errno());
        assertEquals(set(), router.pruneEquals(t, vals((Object) null)));
    }

    @Test
    void listColumnsOnStringsFollowsCollation() {
        TableMeta ci = table(scheme(PartitionStrategy.LIST_COLUMNS, List.of("c"), null, "'us','ca'", "'de','fr'"),
            col("c", "varchar(8)", "utf8mb4_general_ci"));
        assertEquals(0, router.route(ci, vals("US")));
        assertEquals(0, router.route(ci, vals("ca  ")));
        assertEquals(1, router.route(ci, vals("Fr")));

        TableMeta bin = table(scheme(PartitionStrategy.LIST_COLUMNS, List.of("c"), null, "'us','ca'", "'US'"),
            col("c", "varchar(8)", "utf8mb4_bin"));
        assertEquals(0, router.route(bin, vals("us")));
        assertEquals(1, router.route(bin, vals("US ")));
        assertEquals(1526, assertThrows(SqlError.class, () -> router.route(bin, vals("Us"))).errno());

        TableMeta multi = table(scheme(PartitionStrategy.LIST_COLUMNS, List.of("a", "b"), null,
            "(1,'x'),(2,'y')", "(1,'y')"), col("a", "int"), col("b", "char(1)"));
        assertEquals(0, router.route(multi, vals(2L, "Y")));
        assertEquals(1, router.route(multi, vals("1", "y")));
    }

    // ------------------------------------------------------------------ HASH / KEY

    @Test
    void hashIsStableAndTypeNormalized() {
        TableMeta t = table(hashScheme(PartitionStrategy.HASH, List.of("id"), null, 8), col("id", "bigint"));
        int p = router.route(t, vals(12345L));
        assertEquals(p, router.route(t, vals("12345")));
        assertEquals(p, router.route(t, vals(new BigDecimal("12345.0"))));
        assertEquals(p, router.route(table(hashScheme(PartitionStrategy.HASH, List.of("id"), null, 8),
            col("id", "bigint")), vals(12345)));
        assertEquals(router.route(t, vals((Object) null)), router.route(t, vals((Object) null)));
        assertEquals(set(0, 1, 2, 3, 4, 5, 6, 7), router.pruneRange(t, 1L, true, 2L, true));
        assertEquals(set(p), router.pruneEquals(t, vals(12345L)));
    }

    @Test
    void hashSpreadsValuesOverAllPartitions() {
        TableMeta t = table(hashScheme(PartitionStrategy.KEY, List.of("id"), null, 4), col("id", "int"));
        int[] counts = new int[4];
        for (long i = 0; i < 4000; i++) {
            counts[router.route(t, vals(i))]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, Arrays.toString(counts));
        }
    }

    @Test
    void keyOnStringsIgnoresCaseAndTrailingSpacesUnderCiCollation() {
        TableMeta t = table(hashScheme(PartitionStrategy.KEY, List.of("name"), null, 16),
            col("name", "varchar(32)", null));
        assertEquals(router.route(t, vals("Alice")), router.route(t, vals("alice  ")));
        TableMeta bin = table(hashScheme(PartitionStrategy.KEY, List.of("name"), null, 16),
            col("name", "varchar(32)", "utf8mb4_bin"));
        Set<Integer> seen = new HashSet<>();
        for (String s : List.of("a", "A", "b", "B", "c", "C", "d", "D")) {
            seen.add(router.route(bin, vals(s)));
        }
        assertTrue(seen.size() > 2, "binary collation distinguishes case");
    }

    @Test
    void tablesKeepThePartitionFunctionTheyWereCreatedWith() {
        PartitionInfo current = hashScheme(PartitionStrategy.KEY, List.of("name"), null, 64);
        PartitionInfo legacy = new PartitionInfo(current.strategy(), current.columns(), null, current.partitions(),
            PartitionInfo.LEGACY_FUNCTION);
        ColumnDef name = col("name", "varchar(32)", "utf8mb4_general_ci");
        TableMeta v1 = table(legacy, name);
        TableMeta v2 = table(current, name);
        assertEquals(router.route(v1, vals("STRASSE")), router.route(v1, vals("straße")));
        assertEquals(router.route(v2, vals("STRASE")), router.route(v2, vals("straße")));
        // strings without ß or accents route as before, in both versions
        assertEquals(router.route(v1, vals("Alice ")), router.route(v1, vals("alice")));
        assertEquals(router.route(v2, vals("Alice ")), router.route(v2, vals("alice")));
    }

    @Test
    void newTablesRefuseStringKeysInCollationsRoutingCannotReproduce() {
        for (String collation : List.of("utf8mb4_unicode_ci", "utf8mb4_unicode_520_ci", "latin1_swedish_ci")) {
            PartitionInfo key = hashScheme(PartitionStrategy.KEY, List.of("name"), null, 4);
            SqlError e = assertThrows(SqlError.class,
                () -> router.validate(key, List.of(col("name", "varchar(32)", collation))));
            assertEquals(1235, e.errno());
            assertTrue(e.getMessage().contains(collation), e.getMessage());
        }
        router.validate(hashScheme(PartitionStrategy.KEY, List.of("name"), null, 4),
            List.of(col("name", "varchar(32)", "utf8mb4_general_nopad_ci")));
    }

    @Test
    void multiColumnKeyHashesAllColumns() {
        TableMeta t = table(hashScheme(PartitionStrategy.KEY, List.of("a", "b"), null, 16),
            col("a", "int"), col("b", "date"));
        Set<Integer> seen = new HashSet<>();
        for (int day = 1; day <= 20; day++) {
            seen.add(router.route(t, vals(1L, String.format("2024-01-%02d", day))));
        }
        assertTrue(seen.size() > 4, seen.toString());
        assertEquals(router.route(t, vals(1L, "2024-01-05")), router.route(t, vals("1", "2024-01-05 00:00:00")));
    }

    @Test
    void hashOverYearExpression() {
        TableMeta t = table(hashScheme(PartitionStrategy.HASH, List.of("d"), "YEAR(d)", 4), col("d", "date"));
        assertEquals(router.route(t, vals("2024-01-05")), router.route(t, vals("2024-12-31")));
    }

    @Test
    void badValuesAreRejectedForRoutingButPruneToAll() {
        TableMeta t = table(hashScheme(PartitionStrategy.KEY, List.of("d"), null, 4), col("d", "date"));
        assertEquals(1292, assertThrows(SqlError.class, () -> router.route(t, vals("not a date"))).errno());
        assertEquals(set(0, 1, 2, 3), router.pruneEquals(t, vals("not a date")));
    }

    // ------------------------------------------------------------------ validate

    @Test
    void validateAcceptsGoodSchemes() {
        router.validate(rangeInt.partitionInfo(), rangeInt.columns());
        router.validate(listInt.partitionInfo(), listInt.columns());
        router.validate(scheme(PartitionStrategy.RANGE, List.of("d"), "TO_DAYS(d)", "TO_DAYS('2024-01-01')",
            "MAXVALUE"), List.of(col("d", "datetime")));
        router.validate(hashScheme(PartitionStrategy.KEY, List.of("s"), null, 4), List.of(col("s", "varchar(9)")));
    }

    @Test
    void validateRejectsWhatMysqlRejects() {
        List<ColumnDef> cols = List.of(col("id", "int"), col("d", "date"), col("s", "varchar(10)"),
            col("f", "double"), col("t", "text"));
        assertEquals(1564, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE, List.of("id"), "ABS(id)", "10"), cols)).errno());
        assertEquals(1564, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE, List.of("id"), "id + 1", "10"), cols)).errno());
        assertEquals(1564, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE, List.of("id"), "YEAR(id)", "10"), cols)).errno());
        assertEquals(1493, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE, List.of("id"), null, "20", "10"), cols)).errno());
        assertEquals(1495, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.LIST, List.of("id"), null, "1,2", "2,3"), cols)).errno());
        assertEquals(1659, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE, List.of("s"), null, "10"), cols)).errno());
        assertEquals(1659, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE_COLUMNS, List.of("f"), null, "10"), cols)).errno());
        assertEquals(1659, assertThrows(SqlError.class, () -> router.validate(
            hashScheme(PartitionStrategy.KEY, List.of("t"), null, 2), cols)).errno());
        assertEquals(1054, assertThrows(SqlError.class, () -> router.validate(
            hashScheme(PartitionStrategy.KEY, List.of("nope"), null, 2), cols)).errno());
        assertEquals(1292, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE_COLUMNS, List.of("d"), null, "'yesterday'"), cols)).errno());
        assertNotEquals(0, assertThrows(SqlError.class, () -> router.validate(
            scheme(PartitionStrategy.RANGE, List.of("id"), null, "10,20"), cols)).errno());
    }
}
