package com.polardbx.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random generator of SELECT statements over a fixed set of tables of every placement (partitioned,
 * broadcast, single), in the spirit of SQLancer: cross and equi/non-equi joins of every kind, set operations (also
 * chained, where INTERSECT binds tighter), IN/EXISTS/scalar subqueries, derived tables, CTEs, aggregates with HAVING,
 * window functions, ORDER BY ... LIMIT and MySQL expressions, each table with its own filter on constants.
 *
 * <p>Every table has the integer columns {@code id} (primary key), {@code a} and {@code b} (small values, some NULL),
 * a string {@code s} (utf8mb4_general_ci, letters of both cases, trailing spaces, NULLs), a {@code d DECIMAL(6,2)}
 * and a {@code dt DATE} (both with NULLs), so any column of one table compares with the same column of another. Statements have one right answer (a LIMIT comes with a total order; window
 * ORDER BY keys are unique); where a string key is grouped or made distinct, MySQL may return any of the equal
 * spellings, which {@link Query#anySpelling()} says.
 */
final class TestingQueryGenerator {
    private static final String[] COLUMNS = {"id", "a", "b"};
    private static final String[] STRINGS = {"'a'", "'A'", "'b'", "'b '", "'c'", "'x'"};

    private final Random random;
    private final List<String> tables;
    private boolean anySpelling;

    /** A statement; {@code anySpelling}: its rows hold grouped strings, to compare without case and trailing spaces. */
    record Query(String sql, boolean anySpelling) {
    }

    /** {@code tables} are the names the statements read; each must have the columns id, a, b and s. */
    TestingQueryGenerator(long seed, List<String> tables) {
        this.random = new Random(seed);
        this.tables = List.copyOf(tables);
    }

    /** The next statement. */
    Query next() {
        anySpelling = false;
        String sql = switch (random.nextInt(18)) {
            case 0 -> crossJoin();
            case 1, 2 -> join();
            case 3 -> setOperation();
            case 4 -> inSubquery();
            case 5 -> existsSubquery();
            case 6 -> scalarSubquery();
            case 7 -> derivedTable();
            case 8 -> aggregate();
            case 9 -> threeTables();
            case 10 -> joinAggregate();
            case 11 -> window();
            case 12 -> commonTableExpression();
            case 13 -> orderedLimit();
            case 14 -> expressions();
            case 15 -> stringGroups();
            case 16 -> chainedSetOperations();
            default -> groupHaving();
        };
        return new Query(sql, anySpelling);
    }

    private String window() {
        String t = table();
        String over = pick("ROW_NUMBER() OVER (PARTITION BY x.a ORDER BY x.id)", "SUM(x.b) OVER (PARTITION BY x.a)",
            "COUNT(*) OVER ()", "RANK() OVER (ORDER BY x.b, x.id)", "MAX(x.b) OVER (PARTITION BY x.a ORDER BY x.id)",
            "LAG(x.b) OVER (ORDER BY x.id)", "SUM(x.a) OVER (ORDER BY x.id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)");
        return "SELECT x.id, " + over + " FROM " + t + " x" + where(optionalFilter("x"));
    }

    private String commonTableExpression() {
        String inner = "SELECT y.a, y.b FROM " + table() + " y" + where(List.of(filter("y")));
        return "WITH c AS (" + inner + ") SELECT COUNT(*), SUM(c.b), MIN(x.id) FROM c JOIN " + table() + " x ON x."
            + column() + " = c.a" + where(optionalFilter("x"));
    }

    private String orderedLimit() {
        String x = table();
        String y = table();
        String kind = pick("JOIN", "LEFT JOIN", ",");
        String on = kind.equals(",") ? "" : " ON " + joinCondition("x", "y");
        return "SELECT x.id, y.id, x.a FROM " + x + " x " + kind + " " + y + " y" + on + where(filters("x", "y"))
            + " ORDER BY x.a" + pick("", " DESC") + ", x.id, y.id" + pick(" DESC", "") + " LIMIT " + (1 + random.nextInt(6))
            + pick("", " OFFSET 2");
    }

    private String expressions() {
        String x = table();
        String y = table();
        return "SELECT x.id, " + expression() + ", " + expression() + " FROM " + x + " x LEFT JOIN " + y + " y ON "
            + joinCondition("x", "y") + where(filters("x", "y"));
    }

    private String expression() {
        return pick("x.a + y.b", "x.a - y.b * 2", "x.b DIV 2", "x.a MOD 3", "COALESCE(x.a, y.b, -1)",
            "x.a <=> y.b", "CASE WHEN x.a > y.b THEN x.a ELSE y.b END", "IF(x.b IS NULL, 'n', x.s)",
            "CONCAT(x.s, '-', y.s)", "x.a BETWEEN 1 AND 3", "x.b IN (1, NULL)", "GREATEST(x.a, 2)", "- x.a DIV - 2",
            "x.s = y.s", "LENGTH(y.s)", "x.a / NULLIF(y.b, 0)", "x.d * y.a", "x.d + 0.5", "ROUND(x.d / 3, 1)",
            "x.dt > 20240301", "DATE_ADD(x.dt, INTERVAL 1 DAY)", "DATEDIFF(x.dt, y.dt)", "x.dt = y.dt",
            "x.dt BETWEEN '2024-02-01' AND '2024-06-30'", "MONTH(y.dt)", "x.d > y.b");
    }

    private String stringGroups() {
        anySpelling = true;
        String t = table();
        return random.nextBoolean()
            ? "SELECT x.s, COUNT(*), SUM(x.a) FROM " + t + " x" + where(optionalFilter("x")) + " GROUP BY x.s"
            : "SELECT DISTINCT x.s FROM " + t + " x" + where(optionalFilter("x"));
    }

    private String chainedSetOperations() {
        String first = "SELECT " + column() + " FROM " + table() + where(List.of(filter(null)));
        String second = "SELECT " + column() + " FROM " + table() + where(List.of(filter(null)));
        String third = "SELECT " + column() + " FROM " + table() + where(List.of(filter(null)));
        return first + " " + pick("UNION", "UNION ALL", "EXCEPT") + " " + second + " "
            + pick("INTERSECT", "EXCEPT", "UNION") + " " + third;
    }

    private String groupHaving() {
        String x = table();
        String y = table();
        return "SELECT x.a, COUNT(*), SUM(y.b) FROM " + x + " x JOIN " + y + " y ON " + joinCondition("x", "y")
            + where(optionalFilter("y")) + " GROUP BY x.a HAVING COUNT(*) > " + random.nextInt(3);
    }

    private String crossJoin() {
        String x = table();
        String y = table();
        String select = random.nextBoolean() ? "COUNT(*)" : "x.id, y.id";
        return "SELECT " + select + " FROM " + x + " x, " + y + " y" + where(filters("x", "y"));
    }

    private String join() {
        String x = table();
        String y = table();
        String kind = pick("JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "CROSS JOIN");
        String on = kind.equals("CROSS JOIN") ? "" : " ON " + joinCondition("x", "y")
            + (random.nextInt(3) == 0 ? " AND " + filter("y") : "");
        return "SELECT x.id, x.a, y.id, y.b FROM " + x + " x " + kind + " " + y + " y" + on
            + where(filters("x", "y"));
    }

    private String threeTables() {
        String x = table();
        String y = table();
        String z = table();
        return "SELECT COUNT(*), SUM(x.a), MAX(z.b) FROM " + x + " x " + pick("JOIN", "LEFT JOIN") + " " + y + " y ON "
            + joinCondition("x", "y") + " JOIN " + z + " z ON " + joinCondition(random.nextBoolean() ? "x" : "y", "z")
            + where(filters("x", "y", "z"));
    }

    private String setOperation() {
        String op = pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT", "INTERSECT ALL", "EXCEPT ALL");
        String column = column();
        String first = "SELECT " + column + " FROM " + table() + where(random.nextInt(4) == 0 ? List.of()
            : List.of(filter(null)));
        String second = "SELECT " + column() + " FROM " + table() + where(List.of(filter(null)));
        String sql = first + " " + op + " " + second;
        return random.nextInt(4) == 0 ? "SELECT COUNT(*), SUM(u." + column + ") FROM (" + sql + ") u" : sql;
    }

    private String inSubquery() {
        String not = random.nextInt(3) == 0 ? "NOT " : "";
        return "SELECT x.id, x.a FROM " + table() + " x WHERE x." + column() + " " + not + "IN (SELECT y." + column()
            + " FROM " + table() + " y" + where(List.of(filter("y"))) + ")" + and(optionalFilter("x"));
    }

    private String existsSubquery() {
        String not = random.nextInt(3) == 0 ? "NOT " : "";
        List<String> inner = new ArrayList<>();
        inner.add(random.nextInt(4) == 0 ? "y.a < x.b" : "y." + column() + " = x." + column());
        inner.add(filter("y"));
        return "SELECT x.id, x.b FROM " + table() + " x WHERE " + not + "EXISTS (SELECT 1 FROM " + table() + " y"
            + where(inner) + ")" + and(optionalFilter("x"));
    }

    private String scalarSubquery() {
        String agg = pick("COUNT(*)", "MAX(y.a)", "MIN(y.b)", "SUM(y.a)");
        String sub = "(SELECT " + agg + " FROM " + table() + " y" + where(List.of(filter("y"))) + ")";
        String correlated = "(SELECT " + agg + " FROM " + table() + " y WHERE y." + column() + " = x." + column() + ")";
        return switch (random.nextInt(3)) {
            case 0 -> "SELECT x.id, " + sub + " FROM " + table() + " x" + where(optionalFilter("x"));
            case 1 -> "SELECT x.id, " + correlated + " FROM " + table() + " x" + where(optionalFilter("x"));
            default -> "SELECT x.id FROM " + table() + " x WHERE x." + column() + " " + pick("<", ">=", "=") + " "
                + sub;
        };
    }

    private String derivedTable() {
        String inner = random.nextBoolean()
            ? "SELECT y.a, y.b FROM " + table() + " y" + where(List.of(filter("y")))
            : "SELECT y.a, COUNT(*) AS b FROM " + table() + " y" + where(optionalFilter("y")) + " GROUP BY y.a";
        String x = table();
        return random.nextBoolean()
            ? "SELECT COUNT(*), SUM(d.b) FROM (" + inner + ") d"
            : "SELECT x.id, d.b FROM " + x + " x JOIN (" + inner + ") d ON x." + column() + " = d.a"
                + where(optionalFilter("x"));
    }

    private String aggregate() {
        String t = table();
        return switch (random.nextInt(7)) {
            case 0 -> "SELECT COUNT(*), SUM(x.a), MIN(x.b) FROM " + t + " x" + where(List.of(filter("x")));
            case 1 -> "SELECT x.a, COUNT(*), MAX(x.b) FROM " + t + " x" + where(optionalFilter("x")) + " GROUP BY x.a";
            case 2 -> "SELECT COUNT(DISTINCT x.b) FROM " + t + " x" + where(optionalFilter("x"));
            case 3 -> "SELECT x.b, AVG(x.d), SUM(x.d), MAX(x.dt), GROUP_CONCAT(x.id ORDER BY x.id) FROM " + t + " x"
                + where(optionalFilter("x")) + " GROUP BY x.b";
            case 4 -> "SELECT YEAR(x.dt), COUNT(*), SUM(DISTINCT x.a) FROM " + t + " x" + where(optionalFilter("x"))
                + " GROUP BY YEAR(x.dt)";
            case 5 -> "SELECT COUNT(DISTINCT x.a, x.b), AVG(x.a), STDDEV_POP(x.b) FROM " + t + " x"
                + where(optionalFilter("x"));
            default -> "SELECT DISTINCT x.b FROM " + t + " x" + where(List.of(filter("x")));
        };
    }

    private String joinAggregate() {
        String x = table();
        String y = table();
        return "SELECT y.a, COUNT(*), SUM(x.b) FROM " + x + " x " + pick("JOIN", "LEFT JOIN") + " " + y + " y ON "
            + joinCondition("x", "y") + where(filters("x", "y")) + " GROUP BY y.a";
    }

    private String joinCondition(String x, String y) {
        int kind = random.nextInt(10);
        return kind < 2 ? x + ".a <= " + y + ".b" : kind == 2 ? x + ".s = " + y + ".s"
            : x + "." + column() + " = " + y + "." + column();
    }

    /** Filters on some of the aliases, at least one. */
    private List<String> filters(String... aliases) {
        List<String> out = new ArrayList<>();
        for (String alias : aliases) {
            if (random.nextInt(3) > 0) {
                out.add(filter(alias));
            }
        }
        if (out.isEmpty()) {
            out.add(filter(aliases[random.nextInt(aliases.length)]));
        }
        return out;
    }

    private List<String> optionalFilter(String alias) {
        return random.nextBoolean() ? List.of(filter(alias)) : List.of();
    }

    /** A predicate on one table's columns and constants. */
    private String filter(String alias) {
        String prefix = alias == null ? "" : alias + ".";
        String c = prefix + column();
        int v = random.nextInt(6);
        if (random.nextInt(10) == 0) {
            return switch (random.nextInt(6)) {
                case 4 -> prefix + "dt BETWEEN " + pick("20240201", "'2024-02-01'") + " AND 20240415";
                case 5 -> prefix + "dt IN (20240105, " + pick("20240301", "240302") + ")";
                case 0 -> prefix + "dt > " + pick("20240301", "'2024-03-01'", "240415");
                case 1 -> prefix + "dt <= " + pick("20240501", "'2024-05-01'") + " OR " + prefix + "dt IS NULL";
                case 2 -> prefix + "d > " + pick("1.5", "2", "0.25");
                default -> prefix + "d BETWEEN 1 AND 3.5";
            };
        }
        if (random.nextInt(6) == 0) {
            String str = prefix + "s";
            String text = STRINGS[random.nextInt(STRINGS.length)];
            return switch (random.nextInt(5)) {
                case 0 -> str + " = " + text;
                case 1 -> str + " IN (" + text + ", " + STRINGS[random.nextInt(STRINGS.length)] + ")";
                case 2 -> str + " > " + text;
                case 3 -> str + " LIKE 'b%'";
                default -> str + " IS NULL";
            };
        }
        String one = switch (random.nextInt(8)) {
            case 0 -> c + " = " + v;
            case 1 -> v + " = " + c;
            case 2 -> c + " > " + v;
            case 3 -> c + " IN (" + v + ", " + random.nextInt(6) + ")";
            case 4 -> c + " IS NULL";
            case 5 -> c + " IS NOT NULL";
            case 6 -> c + " BETWEEN " + v + " AND " + (v + random.nextInt(3));
            default -> c + " <> " + v;
        };
        return random.nextInt(4) == 0 ? "(" + one + " OR " + prefix + column() + " = " + random.nextInt(6) + ")" : one;
    }

    private static String where(List<String> conjuncts) {
        return conjuncts.isEmpty() ? "" : " WHERE " + String.join(" AND ", conjuncts);
    }

    private static String and(List<String> conjuncts) {
        return conjuncts.isEmpty() ? "" : " AND " + String.join(" AND ", conjuncts);
    }

    private String table() {
        return tables.get(random.nextInt(tables.size()));
    }

    private String column() {
        return COLUMNS[random.nextInt(COLUMNS.length)];
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
