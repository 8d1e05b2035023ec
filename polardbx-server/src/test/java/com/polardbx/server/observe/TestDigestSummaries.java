package com.polardbx.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The digest rows: totals, bounded size with MySQL's NULL-digest row, quantiles, reset. */
class TestDigestSummaries {
    private static StatementEvent event(String db, String sql, long nanos, int errno) {
        return new StatementEvent(1_700_000_000_000L, nanos, 7, "app", "127.0.0.1", db, sql, 2, 0, 2, errno, 0, 0,
            0, 0);
    }

    @Test
    void sumsPerSchemaAndDigest() {
        DigestSummaries d = new DigestSummaries(() -> 100);
        for (long ms = 1; ms <= 100; ms++) {
            String sql = "SELECT v FROM t WHERE id = " + ms;
            d.record(d.digestText(sql), event("shop", sql, ms * 1_000_000, ms == 100 ? 1146 : 0));
        }
        d.record(d.digestText("SELECT v FROM t WHERE id = 1"), event("other", "x", 5_000_000, 0));
        List<Object[]> rows = d.rows();
        assertEquals(2, rows.size());
        Object[] shop = rows.stream().filter(r -> "shop".equals(r[0])).findFirst().orElseThrow();
        assertEquals("SELECT `v` FROM `t` WHERE `id` = ?", shop[2]);
        assertEquals(100L, shop[3]);
        assertEquals(5050L * 1_000_000_000L, shop[4], "SUM_TIMER_WAIT in picoseconds");
        assertEquals(1_000_000_000L, shop[5]);
        assertEquals(100_000_000_000L, shop[7]);
        assertEquals(1L, shop[9], "one error");
        assertEquals(200L, shop[12], "rows sent");
        long p95 = (Long) shop[16];
        long p99 = (Long) shop[17];
        // bucket upper bounds: within 10 % above the exact 95th and 99th values
        assertTrue(p95 >= 95_000_000_000L && p95 <= 105_000_000_000L, "p95 " + p95);
        assertTrue(p99 >= 99_000_000_000L && p99 <= 110_000_000_000L, "p99 " + p99);
        d.reset();
        assertEquals(0, d.rows().size());
    }

    @Test
    void digestsBeyondTheSizeShareOneRowWithoutDigest() {
        DigestSummaries d = new DigestSummaries(() -> 2);
        for (String sql : List.of("SELECT 1", "SELECT a FROM t", "SELECT b FROM t", "SELECT c FROM t")) {
            d.record(d.digestText(sql), event(null, sql, 1000, 0));
        }
        List<Object[]> rows = d.rows();
        assertEquals(3, rows.size());
        Object[] overflow = rows.stream().filter(r -> r[1] == null).findFirst().orElseThrow();
        assertNull(overflow[0]);
        assertEquals(2L, overflow[3]);
        assertEquals(2L, d.lost());
    }

    @Test
    void slowLogEntryAndAuditLine() {
        StatementEvent e = new StatementEvent(1_700_000_000_123L, 1_500_000_000L, 9, "app", "10.0.0.1", "shop",
            "SELECT \"q\"\n, 'x'", 1, 0, 4, 0, 0, 0, 3, 700_000_000L);
        String entry = SlowLog.format(e);
        assertTrue(entry.contains("# Query_time: 1.500000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 4\n"
            + "# Rows_affected: 0  Shards: 3  DN_time: 0.700000  Errno: 0\nSET timestamp=1700000000;\n"
            + "SELECT \"q\"\n, 'x';\n"), entry);
        assertEquals("{\"time\":\"2023-11-14T22:13:20.123Z\",\"connection_id\":9,\"user\":\"app\",\"host\":"
            + "\"10.0.0.1\",\"db\":\"shop\",\"digest\":\"d\",\"statement\":\"SELECT \\\"q\\\"\\n, 'x'\","
            + "\"duration_us\":1500000,\"rows_sent\":1,\"rows_affected\":0,\"errno\":0,\"transaction_id\":0}",
            AuditLog.line(e, e.sql(), "d"));
    }
}
