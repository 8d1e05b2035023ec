package com.polardbx.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestMetrics {
    @Test
    void counterCellIsTheSeriesCountAndReads() {
        Metrics m = Metrics.get();
        long before = m.counter("test_cell_total", "kind", "a");
        m.counterCell("test_cell_total", "kind", "a").add(3);
        m.count("test_cell_total", 2, "kind", "a");
        assertEquals(before + 5, m.counter("test_cell_total", "kind", "a"));
        assertSame(m.counterCell("test_cell_total", "kind", "a"), m.counterCell("test_cell_total", "kind", "a"));
        assertTrue(m.prometheusText().contains("# TYPE test_cell_total counter\ntest_cell_total{kind=\"a\"} "
            + (before + 5) + "\n"), m.prometheusText());
    }

    @Test
    void gaugeFamilySeriesAreReadAtEachScrapeAndAFailingSourceIsLeftOut() {
        Metrics m = Metrics.get();
        int[] jobs = {2};
        m.gaugeFamily("test_family", () -> {
            List<Metrics.Sample> out = new java.util.ArrayList<>();
            for (int i = 0; i < jobs[0]; i++) {
                out.add(new Metrics.Sample(i * 10, "job", Integer.toString(i), "name", "q\"x"));
            }
            return out;
        });
        String text = m.prometheusText();
        assertTrue(text.contains("# TYPE test_family gauge\ntest_family{job=\"0\",name=\"q\\\"x\"} 0\n"
            + "test_family{job=\"1\",name=\"q\\\"x\"} 10\n"), text);
        jobs[0] = 0;
        assertTrue(m.prometheusText().contains("# TYPE test_family gauge\n"));
        assertFalse(m.prometheusText().contains("test_family{"));
        m.gaugeFamily("test_failing", () -> {
            throw new IllegalStateException("GMS down");
        });
        assertFalse(m.prometheusText().contains("test_failing"));
    }
}
