package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.metrics.ForegroundWrites;
import org.junit.jupiter.api.Test;

/** The backfill's pace against client writes, on a fake clock (no sleeping: the steps are called directly). */
class TestBackfillThrottle {
    private long now = 1_000_000_000L;

    private static final long MS = 1_000_000L;

    @Test
    void fullSpeedWhileNobodyWrites() {
        BackfillThrottle throttle = new BackfillThrottle(() -> 0, () -> now);
        for (int i = 0; i < 10; i++) {
            now += 100 * MS;
            assertEquals(0, throttle.pause(20 * MS, false));
            assertEquals(0, throttle.measureHold());
        }
        assertEquals(1.0, throttle.duty());
        assertEquals(BackfillThrottle.FULL_BATCH, throttle.batchRows());
    }

    @Test
    void backsOffWhenWritesSlowDownAndRecoversWhenTheyDoNot() {
        BackfillThrottle throttle = new BackfillThrottle(() -> 0, () -> now);
        writes(10, 2 * MS);
        now += 300 * MS;
        long hold = throttle.pause(20 * MS, false); // writers seen, no baseline yet: every worker holds back
        assertTrue(hold > 0, "holds back to measure writes alone");
        now += hold;
        long more = throttle.measureHold(); // the baseline starts now
        assertTrue(more > 0);
        writes(50, 2 * MS);
        now += more;
        assertEquals(0, throttle.measureHold());
        assertEquals(0.5, throttle.duty(), 1e-9, "starts at half duty after measuring");
        assertEquals(BackfillThrottle.SMALL_BATCH, throttle.batchRows());
        assertEquals(20 * MS, throttle.pause(20 * MS, false), "sleeps as long as it copied at half duty");

        writes(40, 4 * MS); // twice as slow as alone
        now += 300 * MS;
        throttle.pause(20 * MS, false);
        assertEquals(0.25, throttle.duty(), 1e-9);

        for (int i = 0; i < 10; i++) {
            writes(40, 2 * MS); // as fast as alone again
            now += 300 * MS;
            throttle.pause(20 * MS, false);
        }
        assertEquals(1.0, throttle.duty(), 1e-9);
        assertEquals(0, throttle.pause(20 * MS, false));
    }

    @Test
    void lockConflictsHalveTheDuty() {
        BackfillThrottle throttle = new BackfillThrottle(() -> 0, () -> now);
        throttle.pause(20 * MS, true);
        assertEquals(0.5, throttle.duty(), 1e-9);
        for (int i = 0; i < 10; i++) {
            throttle.pause(20 * MS, true);
        }
        assertTrue(throttle.duty() >= 0.05 && throttle.duty() < 0.06, "never stops altogether");
    }

    private static void writes(int count, long nanosEach) {
        for (int i = 0; i < count; i++) {
            ForegroundWrites.finished(nanosEach);
        }
    }
}
