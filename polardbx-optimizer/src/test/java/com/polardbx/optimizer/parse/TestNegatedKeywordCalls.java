package com.polardbx.optimizer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TestNegatedKeywordCalls {
    @Test
    void aNegatedTruncateCallIsParenthesized() {
        assertEquals("SELECT -(TRUNCATE(d, 1)), - (truncate((a + 1), 2)) - 1 FROM t",
            NegatedKeywordCalls.rewrite("SELECT -TRUNCATE(d, 1), - truncate((a + 1), 2) - 1 FROM t"));
        assertEquals(1, MySqlParser.parse("SELECT - TRUNCATE(d, 1) AS e FROM t").size());
    }

    @Test
    void otherTextIsLeftAlone() {
        String quoted = "SELECT '-TRUNCATE(' , a - b FROM t";
        assertSame(quoted, NegatedKeywordCalls.rewrite(quoted));
        String statement = "TRUNCATE TABLE t";
        assertSame(statement, NegatedKeywordCalls.rewrite(statement));
    }

    @Test
    void aNegatedModCallIsParenthesized() {
        assertEquals("SELECT -(MOD(dt, 100)), - (mod(a, 3)) % 4, a MOD -b FROM t",
            NegatedKeywordCalls.rewrite("SELECT -MOD(dt, 100), - mod(a, 3) % 4, a MOD -b FROM t"));
        assertEquals(1, MySqlParser.parse("SELECT - MOD(dt, 100) % 4 AS e FROM t").size());
    }
}
