package com.polardbx.optimizer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TestNegatedTruncate {
    @Test
    void aNegatedTruncateCallIsParenthesized() {
        assertEquals("SELECT -(TRUNCATE(d, 1)), - (truncate((a + 1), 2)) - 1 FROM t",
            NegatedTruncate.rewrite("SELECT -TRUNCATE(d, 1), - truncate((a + 1), 2) - 1 FROM t"));
        assertEquals(1, MySqlParser.parse("SELECT - TRUNCATE(d, 1) AS e FROM t").size());
    }

    @Test
    void otherTextIsLeftAlone() {
        String quoted = "SELECT '-TRUNCATE(' , a - b FROM t";
        assertSame(quoted, NegatedTruncate.rewrite(quoted));
        String statement = "TRUNCATE TABLE t";
        assertSame(statement, NegatedTruncate.rewrite(statement));
    }
}
