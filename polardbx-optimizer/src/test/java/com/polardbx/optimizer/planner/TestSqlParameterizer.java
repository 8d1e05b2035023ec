package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestSqlParameterizer {
    private static void check(String sql, String template, String... literals) {
        SqlParameterizer.Parameterized p = SqlParameterizer.parameterize(sql);
        assertEquals(template, p.template());
        assertEquals(List.of(literals), p.literals());
    }

    @Test
    void predicateConstantsBecomeMarkers() {
        check("SELECT c FROM t WHERE id BETWEEN 5 AND 10 AND k = 'x''y' ORDER BY c",
            "SELECT c FROM t WHERE id BETWEEN ? AND ? AND k = ? ORDER BY c", "5", "10", "'x''y'");
        check("SELECT * FROM t WHERE a>=1.5e3 AND b<>-2 AND c LIKE 'ab%'",
            "SELECT * FROM t WHERE a>=? AND b<>-2 AND c LIKE ?", "1.5e3", "'ab%'");
        check("SELECT * FROM t WHERE id IN (1, 2,3) AND x NOT IN ('a')",
            "SELECT * FROM t WHERE id IN (?, ?,?) AND x NOT IN (?)", "1", "2", "3", "'a'");
    }

    @Test
    void planShapingConstantsStay() {
        check("SELECT a, 1 FROM t GROUP BY 1 ORDER BY 2 LIMIT 10, 5", "SELECT a, 1 FROM t GROUP BY 1 ORDER BY 2 LIMIT 10, 5");
        check("SELECT * FROM t WHERE d < DATE '1998-12-01' - INTERVAL 90 DAY AND v = CAST(x AS DECIMAL(10, 2))",
            "SELECT * FROM t WHERE d < DATE '1998-12-01' - INTERVAL 90 DAY AND v = CAST(x AS DECIMAL(10, 2))");
        check("SELECT * FROM t1 WHERE t1.c2 = 3 /* = 4 */ AND `a=5` = 6",
            "SELECT * FROM t1 WHERE t1.c2 = ? /* = 4 */ AND `a=5` = ?", "3", "6");
        check("SELECT * FROM t WHERE id IN (SELECT a FROM u WHERE b = 2)",
            "SELECT * FROM t WHERE id IN (SELECT a FROM u WHERE b = ?)", "2");
    }
}
