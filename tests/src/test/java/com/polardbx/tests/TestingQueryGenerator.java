package com.polardbx.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random generator of SELECT statements over the tables of {@link TestingSchemaGenerator}, in the spirit of
 * SQLancer: joins of every kind (inner, left, right, cross, several tables, non-equi), semi and anti joins through
 * IN/EXISTS subqueries (correlated or not, with NULLs), scalar subqueries, aggregates with GROUP BY/HAVING, DISTINCT,
 * set operations (also chained and nested), window functions, CTEs (also recursive), derived tables and typed
 * expressions ({@link TestingExpressions}).
 *
 * <p>Statements have one right answer: a LIMIT comes with an ORDER BY over unique keys, GROUP_CONCAT and
 * order-sensitive window functions order by a unique key, scalar subqueries aggregate. Output columns carry aliases, so
 * labels do not depend on how an expression is printed. {@link Query#ordered()} says the row order is part of the
 * answer.
 */
final class TestingQueryGenerator {
    private static final String[] INT_COLUMNS = {"id", "a", "b"};
    private final Random random;
    private final List<String> tables;
    private final TestingExpressions expr;

    /** A statement; {@code ordered}: its ORDER BY fixes the order of all rows. */
    record Query(String sql, boolean ordered) {
    }

    TestingQueryGenerator(long seed, List<String> tables) {
        this.random = new Random(seed);
        this.tables = List.copyOf(tables);
        this.expr = new TestingExpressions(random);
    }

    /** The next statement. */
    Query next() {
        return switch (random.nextInt(22)) {
            case 0 -> unordered(select());
            case 1, 2 -> join();
            case 3 -> unordered(threeTables());
            case 4 -> unordered(crossJoin());
            case 5, 6 -> unordered(semiJoin());
            case 7 -> unordered(scalarSubquery());
            case 8, 9 -> unordered(aggregate());
            case 10 -> unordered(joinAggregate());
            case 11, 12 -> setOperation();
            case 13 -> window();
            case 14 -> unordered(commonTableExpression());
            case 15 -> unordered(derivedTable());
            case 16 -> orderedLimit();
            case 17 -> unordered(distinct());
            case 18 -> unordered(recursive());
            case 19 -> unordered(expressions());
            case 20 -> unordered(outerJoinWhere());
            default -> unordered(having());
        };
    }

    private static Query unordered(String sql) {
        return new Query(sql, false);
    }

    private String select() {
        String t = table();
        return "SELECT x.id AS k, " + expr.any("x", 2) + " AS e1, " + expr.any("x", 2) + " AS e2 FROM " + t + " x"
            + where(expr.predicate("x", 2));
    }

    private String expressions() {
        return "SELECT x.id AS k, " + expr.any("x", 3) + " AS e1 FROM " + table() + " x" + where(optional("x"));
    }

    private Query join() {
        String kind = pick("JOIN", "JOIN", "LEFT JOIN", "RIGHT JOIN", "LEFT JOIN", "STRAIGHT_JOIN");
        String on = " ON " + joinCondition("x", "y") + (random.nextInt(3) == 0 ? " AND " + filter("y") : "");
        String sql = "SELECT x.id AS xid, y.id AS yid, " + pick("x.a", "x.s", "x.d", "x.dt") + " AS c1, "
            + pick("y.b", "y.s", "y.big", "y.ts") + " AS c2 FROM " + table() + " x " + kind + " " + table() + " y" + on
            + where(filters("x", "y"));
        if (random.nextInt(3) == 0) {
            return new Query(sql + " ORDER BY xid, yid", true);
        }
        return unordered(sql);
    }

    private String outerJoinWhere() {
        // a WHERE on the inner side of an outer join (null-rejecting or not) and IS NULL anti-join patterns
        String x = table();
        String y = table();
        String condition = pick("y.id IS NULL", "y.a IS NULL OR y.a > 2", "COALESCE(y.b, -1) = -1", "y.s IS NOT NULL",
            "x.a = 1 OR y.b = 2");
        return "SELECT x.id AS xid, y.id AS yid FROM " + x + " x LEFT JOIN " + y + " y ON " + joinCondition("x", "y")
            + " WHERE " + condition;
    }

    private String threeTables() {
        return "SELECT COUNT(*) AS n, SUM(x.a) AS sa, MAX(z.b) AS mb, MIN(y.id) AS mi FROM " + table() + " x "
            + pick("JOIN", "LEFT JOIN", "JOIN") + " " + table() + " y ON " + joinCondition("x", "y") + " "
            + pick("JOIN", "LEFT JOIN", "RIGHT JOIN") + " " + table() + " z ON "
            + joinCondition(random.nextBoolean() ? "x" : "y", "z") + where(filters("x", "y", "z"));
    }

    private String crossJoin() {
        String select = random.nextBoolean() ? "COUNT(*) AS n" : "x.id AS xid, y.id AS yid";
        return "SELECT " + select + " FROM " + table() + " x " + pick(",", "CROSS JOIN") + " " + table() + " y"
            + where(filters("x", "y"));
    }

    private String semiJoin() {
        String not = random.nextInt(3) == 0 ? "NOT " : "";
        String column = pick("a", "b", "id", "s", "dt", "big");
        String inner = "SELECT y." + column + " FROM " + table() + " y" + where(random.nextInt(4) == 0
            ? "y.a = x.b" : filter("y"));
        return switch (random.nextInt(4)) {
            case 0, 1 -> "SELECT x.id AS k, x." + column + " AS c FROM " + table() + " x WHERE x." + column + " " + not
                + "IN (" + inner + ")" + and(optional("x"));
            case 2 -> "SELECT x.id AS k FROM " + table() + " x WHERE " + not + "EXISTS (SELECT 1 FROM " + table()
                + " y WHERE " + pick("y." + column + " = x." + column, "y.a < x.b", "y.s = x.s") + " AND "
                + filter("y") + ")" + and(optional("x"));
            default -> "SELECT x.id AS k, x." + column + " " + not + "IN (" + inner + ") AS c FROM " + table() + " x";
        };
    }

    private String scalarSubquery() {
        String agg = pick("COUNT(*)", "MAX(y.a)", "MIN(y.b)", "SUM(y.a)", "MAX(y.dt)", "AVG(y.d)", "COUNT(y.s)");
        String sub = "(SELECT " + agg + " FROM " + table() + " y" + where(filter("y")) + ")";
        String correlated = "(SELECT " + agg + " FROM " + table() + " y WHERE y." + intColumn() + " = x."
            + intColumn() + ")";
        return switch (random.nextInt(4)) {
            case 0 -> "SELECT x.id AS k, " + sub + " AS v FROM " + table() + " x" + where(optional("x"));
            case 1 -> "SELECT x.id AS k, " + correlated + " AS v FROM " + table() + " x" + where(optional("x"));
            case 2 -> "SELECT x.id AS k FROM " + table() + " x WHERE x." + intColumn() + " " + expr.comparison() + " "
                + pick(sub.replace("MAX(y.dt)", "MAX(y.a)").replace("COUNT(y.s)", "COUNT(*)"), correlated
                    .replace("MAX(y.dt)", "MAX(y.a)"));
            default -> "SELECT x.id AS k, COALESCE(" + correlated.replace("MAX(y.dt)", "MAX(y.b)") + ", -1) + x.a AS v"
                + " FROM " + table() + " x";
        };
    }

    private String aggregate() {
        String t = table();
        String group = pick("x.a", "x.b", "x.s", "x.dt", "YEAR(x.dt)", "x.a, x.b", "x.a % 2", "x.big", "x.d");
        String aggregates = String.join(", ", aggregates("x"));
        String keys = group.contains(",") ? group : group + " AS gk";
        return random.nextInt(4) == 0
            ? "SELECT " + aggregates + " FROM " + t + " x" + where(optional("x"))
            : "SELECT " + keys + ", " + aggregates + " FROM " + t + " x" + where(optional("x")) + " GROUP BY " + group;
    }

    private List<String> aggregates(String alias) {
        List<String> out = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String c = alias + ".";
            out.add(pick("COUNT(*)", "COUNT(" + c + "a)", "COUNT(DISTINCT " + c + "b)", "SUM(" + c + "a)",
                "SUM(" + c + "d)", "AVG(" + c + "a)", "AVG(" + c + "d)", "MIN(" + c + "s)", "MAX(" + c + "dt)",
                "MIN(" + c + "ts)", "MAX(" + c + "big)", "SUM(" + c + "big)", "GROUP_CONCAT(" + c + "id ORDER BY "
                    + c + "id)", "SUM(DISTINCT " + c + "a)", "COUNT(DISTINCT " + c + "a, " + c + "b)",
                "BIT_OR(" + c + "a)", "MAX(" + c + "a + " + c + "b)", "SUM(" + c + "a > 2)", "STDDEV_POP(" + c + "b)",
                "VAR_SAMP(" + c + "a)", "MIN(" + c + "d)", "SUM(CASE WHEN " + c + "b > 2 THEN 1 ELSE 0 END)",
                "GROUP_CONCAT(DISTINCT " + c + "a ORDER BY " + c + "a DESC SEPARATOR '/')", "AVG(" + c + "big)")
                + " AS g" + i);
        }
        return out;
    }

    private String joinAggregate() {
        return "SELECT y.a AS ya, " + String.join(", ", aggregates("x")) + " FROM " + table() + " x "
            + pick("JOIN", "LEFT JOIN", "RIGHT JOIN") + " " + table() + " y ON " + joinCondition("x", "y")
            + where(filters("x", "y")) + " GROUP BY y.a";
    }

    private String having() {
        String x = table();
        return switch (random.nextInt(3)) {
            case 0 -> "SELECT x.a AS ga, COUNT(*) AS n, SUM(x.b) AS sb FROM " + x + " x GROUP BY x.a HAVING "
                + pick("COUNT(*) > 1", "SUM(x.b) > 3", "MAX(x.id) < 10", "COUNT(*) > 1 AND x.a > 1", "ga IS NULL",
                    "AVG(x.d) > 1", "MIN(x.s) = 'a'");
            case 1 -> "SELECT COUNT(*) AS n, MAX(x.a) AS ma FROM " + x + " x HAVING COUNT(*) > " + random.nextInt(20);
            default -> "SELECT x.b AS gb, COUNT(*) AS n FROM " + x + " x JOIN " + table() + " y ON "
                + joinCondition("x", "y") + " GROUP BY x.b HAVING COUNT(*) " + expr.comparison() + " "
                + random.nextInt(4);
        };
    }

    private Query setOperation() {
        String column = pick("a", "b", "id", "s", "dt", "d", "big");
        String op = pick("UNION", "UNION ALL", "INTERSECT", "EXCEPT", "UNION", "INTERSECT ALL", "EXCEPT ALL");
        String first = "SELECT " + column + " AS c FROM " + table() + (random.nextInt(4) == 0 ? "" : where(filter(null)));
        String second = "SELECT " + column + " FROM " + table() + where(filter(null));
        String sql = first + " " + op + " " + second;
        if (random.nextInt(3) == 0) {
            sql += " " + pick("UNION", "EXCEPT", "INTERSECT", "UNION ALL") + " SELECT " + column + " FROM " + table()
                + where(filter(null));
        }
        return switch (random.nextInt(4)) {
            case 0 -> unordered("SELECT COUNT(*) AS n, COUNT(u.c) AS nc, MAX(u.c) AS mc FROM (" + sql + ") u");
            case 1 -> column.equals("s") || !op.startsWith("UNION") ? unordered(sql)
                : new Query(sql.replace(" ALL ", " ") + " ORDER BY c LIMIT " + (1 + random.nextInt(5)), true);
            default -> unordered(sql);
        };
    }

    private Query window() {
        String t = table();
        String p = pick("x.a", "x.b", "x.s", "x.dt");
        String over = pick("ROW_NUMBER() OVER (PARTITION BY " + p + " ORDER BY x.id)",
            "RANK() OVER (ORDER BY x.b)", "DENSE_RANK() OVER (PARTITION BY " + p + " ORDER BY x.a DESC)",
            "SUM(x.b) OVER (PARTITION BY " + p + ")", "COUNT(*) OVER ()", "AVG(x.d) OVER (PARTITION BY x.a)",
            "MAX(x.b) OVER (PARTITION BY x.a ORDER BY x.id)", "LAG(x.b) OVER (ORDER BY x.id)",
            "LEAD(x.a, 2) OVER (PARTITION BY " + p + " ORDER BY x.id)",
            "SUM(x.a) OVER (ORDER BY x.id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)",
            "FIRST_VALUE(x.id) OVER (PARTITION BY " + p + " ORDER BY x.id DESC)", "NTILE(3) OVER (ORDER BY x.id)",
            "SUM(x.a) OVER (ORDER BY x.b)", "COUNT(x.s) OVER (PARTITION BY x.b ORDER BY x.id ROWS UNBOUNDED PRECEDING)",
            "MIN(x.dt) OVER (PARTITION BY x.a)", "PERCENT_RANK() OVER (ORDER BY x.a)", "CUME_DIST() OVER (ORDER BY x.b)");
        String sql = "SELECT x.id AS k, " + over + " AS w FROM " + t + " x" + where(optional("x"));
        if (random.nextInt(3) == 0) {
            return new Query(sql + " ORDER BY k", true);
        }
        if (random.nextInt(3) == 0) {
            return unordered("SELECT v.w, COUNT(*) AS n FROM (" + sql + ") v GROUP BY v.w");
        }
        return unordered(sql);
    }

    private String commonTableExpression() {
        String inner = "SELECT y.a, y.b, y.s FROM " + table() + " y" + where(filter("y"));
        return switch (random.nextInt(3)) {
            case 0 -> "WITH c AS (" + inner + ") SELECT COUNT(*) AS n, SUM(c.b) AS sb, MIN(x.id) AS mi FROM c JOIN "
                + table() + " x ON x." + intColumn() + " = c.a" + where(optional("x"));
            case 1 -> "WITH c AS (" + inner + ") SELECT c1.a AS a1, c2.b AS b2 FROM c c1 JOIN c c2 ON c1.a = c2.b";
            default -> "WITH c AS (" + inner + "), d AS (SELECT a, COUNT(*) AS n FROM c GROUP BY a) SELECT d.a AS da,"
                + " d.n AS dn, x.id AS k FROM d " + pick("LEFT JOIN", "JOIN") + " " + table() + " x ON x.b = d.a";
        };
    }

    private String recursive() {
        return "WITH RECURSIVE n (v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM n WHERE v < " + (2 + random.nextInt(5))
            + ") SELECT n.v AS v, COUNT(x.id) AS c FROM n LEFT JOIN " + table() + " x ON x." + intColumn()
            + " = n.v GROUP BY n.v";
    }

    private String derivedTable() {
        String inner = switch (random.nextInt(3)) {
            case 0 -> "SELECT y.a, y.b FROM " + table() + " y" + where(filter("y"));
            case 1 -> "SELECT y.a, COUNT(*) AS b FROM " + table() + " y" + where(optional("y")) + " GROUP BY y.a";
            default -> "SELECT y.a, y.b FROM " + table() + " y UNION ALL SELECT z.b, z.a FROM " + table() + " z"
                + where(filter("z"));
        };
        return random.nextBoolean()
            ? "SELECT COUNT(*) AS n, SUM(d.b) AS sb, COUNT(DISTINCT d.a) AS da FROM (" + inner + ") d"
            : "SELECT x.id AS k, d.b AS db FROM " + table() + " x " + pick("JOIN", "LEFT JOIN") + " (" + inner
                + ") d ON x." + intColumn() + " = d.a" + where(optional("x"));
    }

    private Query orderedLimit() {
        String kind = pick("JOIN", "LEFT JOIN", ",");
        String on = kind.equals(",") ? "" : " ON " + joinCondition("x", "y");
        String key = pick("x.a", "x.s", "x.dt", "x.d", "y.b", "x.big");
        return new Query("SELECT x.id AS xid, y.id AS yid, " + key + " AS c FROM " + table() + " x " + kind + " "
            + table() + " y" + on + where(filters("x", "y")) + " ORDER BY " + key + pick("", " DESC") + ", x.id"
            + pick("", " DESC") + ", y.id LIMIT " + (1 + random.nextInt(6)) + pick("", " OFFSET 2"), true);
    }

    private String distinct() {
        String t = table();
        return random.nextBoolean()
            ? "SELECT DISTINCT " + pick("x.a", "x.s", "x.a, x.b", "x.dt", "x.s, x.a", "x.d") + " FROM " + t + " x"
                + where(optional("x"))
            : "SELECT DISTINCT " + expr.any("x", 1) + " AS e FROM " + t + " x";
    }

    private String joinCondition(String x, String y) {
        return switch (random.nextInt(12)) {
            case 0, 1 -> x + "." + intColumn() + " <= " + y + "." + intColumn();
            case 2 -> x + ".s = " + y + ".s";
            case 3 -> x + ".dt = " + y + ".dt";
            case 4 -> x + ".big = " + y + ".big";
            case 5 -> x + ".d = " + y + ".a";
            case 6 -> x + ".a = " + y + ".b AND " + x + ".b = " + y + ".a";
            default -> x + "." + intColumn() + " = " + y + "." + intColumn();
        };
    }

    /** Filters on some of the aliases, at least one, joined by AND. */
    private String filters(String... aliases) {
        List<String> out = new ArrayList<>();
        for (String alias : aliases) {
            if (random.nextInt(3) > 0) {
                out.add(filter(alias));
            }
        }
        if (out.isEmpty()) {
            out.add(filter(aliases[random.nextInt(aliases.length)]));
        }
        return String.join(" AND ", out);
    }

    private String optional(String alias) {
        return random.nextBoolean() ? filter(alias) : "";
    }

    /** A predicate on one table's columns and constants ({@code alias} null: unqualified columns). */
    private String filter(String alias) {
        if (alias == null) {
            return expr.predicate("x", 1).replace("x.", "");
        }
        return expr.predicate(alias, 1);
    }

    private static String where(String condition) {
        return condition.isEmpty() ? "" : " WHERE " + condition;
    }

    private static String and(String condition) {
        return condition.isEmpty() ? "" : " AND " + condition;
    }

    private String table() {
        return tables.get(random.nextInt(tables.size()));
    }

    private String intColumn() {
        return INT_COLUMNS[random.nextInt(INT_COLUMNS.length)];
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
