package com.polardbx.gms.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Equi-height histograms: building, range fractions, the stored text form (no network). */
class TestHistogram {
    @Test
    void bucketsHoldEqualShares() {
        double[] values = new double[101];
        for (int i = 0; i <= 100; i++) {
            values[i] = i;
        }
        Histogram h = Histogram.of(values, 4);
        assertEquals(Histogram.decode("0.0,25.0,50.0,75.0,100.0"), h);
        assertEquals(0.25, h.fractionBelow(25, true), 1e-9);
        assertEquals(0.375, h.fractionBelow(37.5, false), 1e-9);
        assertEquals(0, h.fractionBelow(-1, true));
        assertEquals(0, h.fractionBelow(0, false));
        assertEquals(1, h.fractionBelow(100, true));
    }

    @Test
    void aFrequentValueFillsWholeBuckets() {
        Histogram h = Histogram.of(new double[] {1, 5, 5, 5, 5, 5, 5, 9}, 4);
        assertEquals(0.25, h.fractionBelow(5, false), 1e-9);
        assertEquals(0.75, h.fractionBelow(5, true), 1e-9);
    }

    @Test
    void encodesAndDecodes() {
        Histogram h = Histogram.of(new double[] {-2.5, 0, 1e12}, 2);
        assertEquals(h, Histogram.decode(h.encode()));
    }

    @Test
    void temporalValuesMapToDays() {
        assertEquals(1, StatValues.toDouble("1970-01-02"));
        assertEquals(1.5, StatValues.toDouble("1970-01-02 12:00:00"));
        assertEquals(Double.NaN, StatValues.toDouble("abc"));
    }
}
