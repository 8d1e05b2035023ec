package com.polardbx.optimizer.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TestIntervalOperands {
    @Test
    void anOperandGoingOnAfterItsParenthesesIsParenthesizedWhole() {
        assertEquals("SELECT DATE_ADD(dt, INTERVAL ((s LIKE '%') + 0) DAY), ts + INTERVAL ((a) * 2) hour FROM t",
            IntervalOperands.rewrite("SELECT DATE_ADD(dt, INTERVAL (s LIKE '%') + 0 DAY), ts + INTERVAL (a) * 2 hour"
                + " FROM t"));
        assertEquals(1, MySqlParser.parse("SELECT DATE_ADD(ts, INTERVAL (ts > dt) + 0 MICROSECOND) AS e FROM t")
            .size());
    }

    @Test
    void otherTextIsLeftAlone() {
        for (String sql : new String[] {"SELECT dt + INTERVAL (a + 1) DAY FROM t", "SELECT dt + INTERVAL a + 1 DAY",
            "SELECT 'INTERVAL (a) + 1 DAY', `interval` FROM t", "SELECT INTERVAL(5, 1, 10) + 2 FROM t"}) {
            assertSame(sql, IntervalOperands.rewrite(sql), sql);
        }
    }
}
