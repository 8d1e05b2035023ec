package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The MySQL-to-Calcite text rewrites and the labels cut from the original text. */
class TestCalciteText {
    private static String rewrite(String sql) {
        return CalciteText.rewrite(sql).text();
    }

    @Test
    void operatorsBecomeCallsOnlyWhereNeighboursBindMoreLoosely() {
        assertEquals("SELECT MYSQL_DIV(x.i, 2), MOD(7, -2) FROM t", rewrite("SELECT x.i DIV 2, 7 MOD -2 FROM t"));
        assertEquals("SELECT MYSQL_DIV(-7, 2)", rewrite("SELECT -7 DIV 2"));
        assertEquals("SELECT a = MYSQL_BITAND(b, 6)", rewrite("SELECT a = b & 6"));
        assertEquals("SELECT MYSQL_BITOR(MYSQL_BITAND(a, b), c)", rewrite("SELECT a & b | c"));
        // + binds tighter than & : rewriting b & c alone would change the meaning
        assertEquals("SELECT a + b & c", rewrite("SELECT a + b & c"));
        assertEquals("SELECT x WHERE MYSQL_XOR(a, 1) OR b", rewrite("SELECT x WHERE a XOR 1 OR b"));
        // XOR binds more loosely than AND and comparisons, more tightly than OR
        assertEquals("SELECT x WHERE MYSQL_XOR((a AND b), c)", rewrite("SELECT x WHERE a AND b XOR c"));
        assertEquals("SELECT x WHERE MYSQL_XOR((x.a > 1), (y.b = 2 AND z IS NULL)) OR w",
            rewrite("SELECT x WHERE x.a > 1 XOR y.b = 2 AND z IS NULL OR w"));
        assertEquals("SELECT CASE WHEN MYSQL_XOR((MYSQL_XOR(a, (b BETWEEN 1 AND 2))), c) THEN 1 END",
            rewrite("SELECT CASE WHEN a XOR b BETWEEN 1 AND 2 XOR c THEN 1 END"));
        assertEquals("SELECT MYSQL_NULL_SAFE_EQUAL(t.a, NULL), MYSQL_BIT_NOT(x.t)", rewrite("SELECT t.a <=> NULL, ~x.t"));
        assertEquals("SELECT MYSQL_REGEXP(w.s, '^[a-z]+$') FROM w", rewrite("SELECT w.s REGEXP '^[a-z]+$' FROM w"));
    }

    @Test
    void anOperatorWordWithoutLeftOperandIsAFunction() {
        assertEquals("SELECT DISTINCT MOD(x.a, 3), MOD(MOD(x.a, 2), 2) FROM t",
            rewrite("SELECT DISTINCT MOD(x.a, 3), MOD(x.a MOD 2, 2) FROM t"));
    }

    @Test
    void twoMinusSignsAreNoComment() {
        // MySQL starts a comment at "-- " only; Calcite would read the rest of the line as one
        assertEquals("SELECT - -0.5, 1- -x FROM t", rewrite("SELECT --0.5, 1--x FROM t"));
        assertEquals("SELECT 2 -- c\n, 3", rewrite("SELECT 2 -- c\n, 3"));
    }

    @Test
    void unarySignsBelongToTheOperandOfAnOperator() {
        assertEquals("SELECT MYSQL_DIV(- 58, + 25)", rewrite("SELECT - 58 DIV + 25"));
        assertEquals("SELECT MYSQL_DIV(col2, - col1) FROM t", rewrite("SELECT col2 DIV - col1 FROM t"));
        assertEquals("SELECT MYSQL_DIV(-t.a, -(1 + b)) FROM t", rewrite("SELECT -t.a DIV -(1 + b) FROM t"));
        assertEquals("SELECT x FROM t WHERE MYSQL_XOR((a > 50), (b < 60))", rewrite("SELECT x FROM t WHERE (a > 50) XOR (b < 60)"));
        assertEquals("SELECT x FROM t WHERE (SOUNDEX(t.s) = SOUNDEX('abk')) AND b", rewrite("SELECT x FROM t WHERE t.s SOUNDS LIKE 'abk' AND b"));
        // a binary minus stays outside: a - (b DIV 2)
        assertEquals("SELECT a - MYSQL_DIV(b, 2) FROM t", rewrite("SELECT a - b DIV 2 FROM t"));
    }

    @Test
    void mySqlSpellingsBecomeCalcites() {
        assertEquals("SELECT b.`year`, DAYOFMONTH(d), SUBSTRING(s FROM 2) FROM e JOIN b",
            rewrite("SELECT b.year, DAY(d), SUBSTR(s FROM 2) FROM e STRAIGHT_JOIN b"));
        assertEquals("SELECT CAST(m.s AS BIGINT), CAST(m.i AS VARCHAR), CAST(d AS BIGINT UNSIGNED), CAST(x AS TIMESTAMP)",
            rewrite("SELECT CONVERT(m.s, SIGNED), CONVERT(m.i, CHAR), CAST(d AS UNSIGNED INTEGER), CAST(x AS DATETIME)"));
        assertEquals("SELECT STRAIGHT_JOIN a FROM t", rewrite("SELECT STRAIGHT_JOIN a FROM t"));
    }

    @Test
    void labelsComeFromTheOriginalText() {
        assertEquals(List.of("7 DIV 2", "-7 DIV 2", "7 MOD -2", "x"),
            QueryPlanner.labels("SELECT 7 DIV 2, -7 DIV 2, 7 MOD -2, 'x'"));
        assertEquals(List.of("year", "DAY(b.d)", "CONVERT(b.s, CHAR)"),
            QueryPlanner.labels("SELECT b.year, DAY(b.d), CONVERT(b.s, CHAR) FROM b"));
    }

    @Test
    void collateAndBinaryBecomeCallsOfTheirOperand() {
        assertEquals("SELECT MYSQL_COLLATE(t.`name`, 'utf8mb4_bin') = 'a' FROM t",
            rewrite("SELECT t.name COLLATE utf8mb4_bin = 'a' FROM t"));
        assertEquals("SELECT MYSQL_COLLATE(LOWER(n), 'utf8mb4_bin') FROM t ORDER BY MYSQL_COLLATE(n, 'utf8mb4_bin')",
            rewrite("SELECT LOWER(n) COLLATE utf8mb4_bin FROM t ORDER BY n COLLATE `utf8mb4_bin`"));
        assertEquals("SELECT a, MYSQL_BINARY(b) = 'x' FROM t", rewrite("SELECT a, BINARY b = 'x' FROM t"));
        assertEquals("SELECT CAST(a AS BINARY) FROM t", rewrite("SELECT CAST(a AS BINARY) FROM t"));
        assertEquals(List.of("BINARY b = 'x'", "n COLLATE utf8mb4_bin"),
            QueryPlanner.labels("SELECT BINARY b = 'x', n COLLATE utf8mb4_bin FROM t"));
    }

    @Test
    void timeOfOneArgumentIsACast() {
        assertEquals("SELECT CAST(CAST(t.dt AS TIME) AS TIME), t.`time` FROM t", rewrite("SELECT TIME(TIME(t.dt)), t.time FROM t"));
        assertEquals(List.of("TIME(d)"), QueryPlanner.labels("SELECT TIME(d) FROM t"));
    }
}
