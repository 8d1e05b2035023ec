package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestLongOrChainText {
    private static String chain(int n, IntFunction<String> term) {
        return IntStream.range(0, n).mapToObj(term).collect(Collectors.joining(" OR "));
    }

    private static int maxDepth(String sql) {
        int depth = 0;
        int max = 0;
        for (char c : sql.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            max = Math.max(max, depth);
        }
        return max;
    }

    @Test
    void shortChainsAndOtherStatementsStayAsWritten() {
        String sql = "SELECT * FROM t WHERE " + chain(20, i -> "a = " + i);
        assertSame(sql, LongOrChainText.rewrite(sql));
        String set = "SET @x = " + chain(40, i -> "a = " + i);
        assertSame(set, LongOrChainText.rewrite(set));
    }

    @Test
    void equalitiesOfOneColumnBecomeOneInList() {
        String sql = "SELECT id FROM t WHERE " + chain(100, i -> "t.k = " + i) + " ORDER BY id LIMIT 5";
        assertEquals("SELECT id FROM t WHERE t.k IN (" + IntStream.range(0, 100).mapToObj(Integer::toString)
            .collect(Collectors.joining(", ")) + ") ORDER BY id LIMIT 5", LongOrChainText.rewrite(sql));
        String strings = "SELECT id FROM t WHERE " + chain(70, i -> "`s` = 'v" + i + "'");
        assertTrue(LongOrChainText.rewrite(strings).startsWith("SELECT id FROM t WHERE `s` IN ('v0', 'v1', "));
        String negative = "SELECT id FROM t WHERE " + chain(70, i -> "k = -" + i);
        assertTrue(LongOrChainText.rewrite(negative).startsWith("SELECT id FROM t WHERE k IN (-0, -1, -2"));
    }

    @Test
    void otherTermsAreGroupedSoTheNestingStaysShallow() {
        String sql = "SELECT id FROM t WHERE (" + chain(5_000, i -> i % 2 == 0 ? "a > " + i : "b LIKE 'x" + i + "%'")
            + ") AND c = 1";
        String out = LongOrChainText.rewrite(sql);
        assertTrue(maxDepth(out) <= 5, "depth " + maxDepth(out));
        assertEquals(sql.replaceAll("[()]", ""), out.replaceAll("[()]", ""), "the same terms in the same order");
        // a mixed chain: same column equalities gathered, the rest grouped, AND binds tighter than OR
        String mixed = "SELECT 1 FROM t WHERE " + chain(80, i -> "k = " + i) + " OR x = 1 AND y = 2 OR "
            + chain(40, i -> "z > " + i);
        String rewritten = LongOrChainText.rewrite(mixed);
        assertTrue(rewritten.contains("k IN (0, 1, "), rewritten);
        assertTrue(rewritten.contains(" OR x = 1 AND y = 2 OR "), rewritten);
    }

    @Test
    void chainsWhoseExtentIsUncertainStayAsWritten() {
        String cases = "SELECT CASE WHEN " + chain(40, i -> "a = " + i) + " THEN 1 END FROM t";
        assertSame(cases, LongOrChainText.rewrite(cases));
        String pipes = "SELECT 1 FROM t WHERE " + chain(40, i -> "a = " + i) + " || b = 1"; // OR or concatenation
        assertSame(pipes, LongOrChainText.rewrite(pipes));
        // RIGHT( is a function, not a join: the last term keeps its AND
        String function = "SELECT 1 FROM t WHERE " + chain(40, i -> "a = " + i) + " AND RIGHT(s, 1) = 'x'";
        assertTrue(LongOrChainText.rewrite(function).endsWith(" OR a = 39 AND RIGHT(s, 1) = 'x')"));
        String nested = "SELECT 1 FROM t WHERE a IN (SELECT b FROM u WHERE " + chain(40, i -> "b = " + i) + ")";
        assertEquals(nested.replaceAll("[()]", ""), LongOrChainText.rewrite(nested).replaceAll("[()]", ""));
    }
}
