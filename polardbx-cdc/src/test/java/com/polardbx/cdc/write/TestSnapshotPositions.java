package com.polardbx.cdc.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.polardbx.cdc.api.LogPosition;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSnapshotPositions {
    private static LogPosition at(long p) {
        return new LogPosition("binlog.000001", p);
    }

    @Test
    void theFirstTransactionAtOrAboveTheTimestampOnceCompleteBelowIt() throws Exception {
        SnapshotPositions positions = new SnapshotPositions(at(123));
        positions.published(List.of(new SnapshotPositions.Start(10, at(123)), new SnapshotPositions.Start(20, at(300))),
            at(500), 15);
        assertNull(positions.at(15, 50), "not complete below 15 yet: a transaction at 12 may still come");
        assertEquals(at(300), positions.at(14, 0), "complete below 15: the transaction at 20 starts the rest");
        positions.published(List.of(new SnapshotPositions.Start(30, at(500))), at(700), 40);
        assertEquals(at(300), positions.at(15, 0));
        assertEquals(at(300), positions.at(20, 0), "a transaction at the timestamp is after the snapshot");
        assertEquals(at(500), positions.at(21, 0));
        assertEquals(at(700), positions.at(35, 0), "none at or above: the end");
    }

    @Test
    void aWaiterIsWokenByThePublish() throws Exception {
        SnapshotPositions positions = new SnapshotPositions(at(123));
        Thread publisher = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            positions.published(List.of(new SnapshotPositions.Start(10, at(123))), at(200), 50);
        });
        publisher.start();
        assertEquals(at(200), positions.at(20, 10_000));
        publisher.join();
    }
}
