package com.polardbx.transaction.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.transaction.deadlock.DataNodeLockWaits.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows as MariaDB 10.11 returns them for {@link DataNodeLockWaits#SQL} (captured from live servers). */
class TestDataNodeLockWaits {
    @Test
    void writerWaitingForWriter() {
        List<Row> rows = List.of(
            Row.waits("24", "24:5:3:2", "23", "23:5:3:2"),
            Row.transaction("24", "24:5:3:2", 7),
            Row.transaction("23", null, 6));
        assertEquals(List.of(new LockWait("dn1", 7, "24", "24:5:3:2", 6, "23")),
            DataNodeLockWaits.edges("dn1", rows));
    }

    /** Two shared-lock holders (trx id 0) of one record, two exclusive waiters queued behind them. */
    @Test
    void sharedHoldersWithoutIdAreKnownWhenTheyAreTheOnlyOnes() {
        List<Row> rows = List.of(
            Row.waits("37", "37:5:3:2", "36", "36:5:3:2"),
            Row.waits("37", "37:5:3:2", "0", "0:5:3:2"),
            Row.waits("37", "37:5:3:2", "0", "0:5:3:2"),
            Row.waits("36", "36:5:3:2", "0", "0:5:3:2"),
            Row.waits("36", "36:5:3:2", "0", "0:5:3:2"),
            Row.transaction("37", "37:5:3:2", 26),
            Row.transaction("36", "36:5:3:2", 25),
            Row.transaction("0", null, 24),
            Row.transaction("0", null, 23));
        List<LockWait> edges = DataNodeLockWaits.edges("dn1", rows);
        assertEquals(List.of(
            new LockWait("dn1", 26, "37", "37:5:3:2", 25, "36"),
            new LockWait("dn1", 26, "37", "37:5:3:2", 24, "0"),
            new LockWait("dn1", 26, "37", "37:5:3:2", 23, "0"),
            new LockWait("dn1", 25, "36", "36:5:3:2", 24, "0"),
            new LockWait("dn1", 25, "36", "36:5:3:2", 23, "0")), edges);
    }

    /** Two shared-lock holders without id on different rows: which one blocks can't be told, the edge is dropped. */
    @Test
    void ambiguousSharedHolderIsDropped() {
        List<Row> rows = List.of(
            Row.waits("38", "38:5:3:2", "0", "0:5:3:2"),
            Row.transaction("38", "38:5:3:2", 32),
            Row.transaction("0", null, 31),
            Row.transaction("0", null, 29));
        assertEquals(List.of(), DataNodeLockWaits.edges("dn1", rows));
    }

    /** A shared-lock waiter has trx id 0 too; it is found by the lock it requested. */
    @Test
    void waiterWithoutIdIsFoundByItsRequestedLock() {
        List<Row> rows = List.of(
            Row.waits("0", "0:5:3:2", "35", "35:5:3:2"),
            Row.transaction("0", "0:5:3:2", 21),
            Row.transaction("35", null, 20));
        assertEquals(List.of(new LockWait("dn1", 21, "0", "0:5:3:2", 20, "35")),
            DataNodeLockWaits.edges("dn1", rows));
    }

    @Test
    void noWaitsNoEdges() {
        assertEquals(List.of(), DataNodeLockWaits.edges("dn1", List.of()));
    }
}
