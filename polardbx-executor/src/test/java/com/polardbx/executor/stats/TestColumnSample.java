package com.polardbx.executor.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.polardbx.gms.stats.ColumnStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** NDV estimates, null counts, ranges and histograms from samples (no network). */
class TestColumnSample {
    @Test
    void wholeTableSampledGivesExactFigures() {
        ColumnSample s = new ColumnSample("K", "int(11)");
        s.addShard(6, 5, "1", "3");
        for (String v : new String[] {"1", "1", "2", "3", "3", null}) {
            s.addSampled(v);
        }
        ColumnStatistics c = s.statistics();
        assertEquals("k", c.column());
        assertEquals(3, c.ndv());
        assertEquals(1, c.nullCount());
        assertEquals("1", c.min());
        assertEquals("3", c.max());
        assertEquals(1.0, c.histogram().fractionBelow(3, true));
    }

    @Test
    void uniqueColumnSampledAtOnePercentEstimatesItsRows() {
        ColumnSample s = new ColumnSample("id", "bigint(20)");
        s.addShard(1_000_000, 1_000_000, "1", "1000000");
        Random random = new Random(7);
        for (int id = 1; id <= 1_000_000; id++) {
            if (random.nextDouble() < 0.01) {
                s.addSampled(Integer.toString(id));
            }
        }
        assertEquals(1_000_000, s.ndv(), 1_000_000 * 0.05);
    }

    @Test
    void fewValuesSampledStayFew() {
        ColumnSample s = new ColumnSample("flag", "char(1)");
        s.addShard(100_000, 100_000, "A", "R");
        Random random = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            s.addSampled(new String[] {"A", "N", "R"}[random.nextInt(3)]);
        }
        assertEquals(3, s.ndv(), 0.01);
        assertNull(s.statistics().histogram(), "strings have no histogram");
    }

    @Test
    void keysSampledAboutOnceEachAreScaledUp() {
        // 20,000 keys x 30 rows, sampled at 1/30: most keys are seen once or not at all
        ColumnSample s = new ColumnSample("partkey", "int(11)");
        s.addShard(600_000, 600_000, "1", "20000");
        Random random = new Random(11);
        for (int key = 1; key <= 20_000; key++) {
            for (int row = 0; row < 30; row++) {
                if (random.nextInt(30) == 0) {
                    s.addSampled(Integer.toString(key));
                }
            }
        }
        assertEquals(20_000, s.ndv(), 20_000 * 0.15);
    }

    @Test
    void datesGetAHistogramInDays() {
        ColumnSample s = new ColumnSample("d", "date");
        s.addShard(4, 4, "1970-01-01", "1970-01-31");
        for (String v : new String[] {"1970-01-01", "1970-01-11", "1970-01-21", "1970-01-31"}) {
            s.addSampled(v);
        }
        assertEquals(0.5, s.statistics().histogram().fractionBelow(15, false), 0.1);
    }
}
