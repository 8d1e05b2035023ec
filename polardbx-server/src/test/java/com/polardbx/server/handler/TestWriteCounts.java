package com.polardbx.server.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.polardbx.executor.plan.PlanExecutor.WriteCount;
import org.junit.jupiter.api.Test;

/** The counts are those MariaDB 10.11 gave for the same statements (with and without CLIENT_FOUND_ROWS). */
class TestWriteCounts {
    @Test
    void updateReportsMatchedRowsOnlyToFoundRowsClients() {
        WriteCounts c = new WriteCounts(WriteCounts.Kind.UPDATE);
        c.add(new WriteCount(3, "Rows matched: 4  Changed: 3  Warnings: 0"), 0);
        c.add(new WriteCount(0, "Rows matched: 2  Changed: 0  Warnings: 0"), 0);
        assertEquals(3, c.reported(false));
        assertEquals(6, c.reported(true));
        assertEquals("Rows matched: 6  Changed: 3  Warnings: 1", c.info(1));
    }

    @Test
    void updateSkippedByEveryDataNodeHasNoInfoText() {
        WriteCounts c = new WriteCounts(WriteCounts.Kind.UPDATE);
        c.add(new WriteCount(0, ""), 0); // WHERE 1 = 0: MariaDB answers a bare OK
        assertNull(c.info(0));
        assertEquals(0, c.reported(true));
    }

    @Test
    void onDuplicateKeyUpdateCountsUnchangedRowsForFoundRowsClients() {
        // (1,1,1) unchanged, (2,5,2) changed, (4,4,4) inserted: 3 changed-rows, 4 found-rows
        WriteCounts multi = new WriteCounts(WriteCounts.Kind.INSERT_ON_DUPLICATE_UPDATE);
        multi.add(new WriteCount(3, "Records: 3  Duplicates: 1  Warnings: 0"), 0);
        assertEquals(3, multi.reported(false));
        assertEquals(4, multi.reported(true));
        // one row, unchanged: 0 or 1; changed: 2 either way
        WriteCounts single = new WriteCounts(WriteCounts.Kind.INSERT_ON_DUPLICATE_UPDATE);
        single.add(new WriteCount(0, ""), 0);
        single.add(new WriteCount(2, ""), 0);
        assertEquals(2, single.reported(false));
        assertEquals(3, single.reported(true));
    }

    @Test
    void insertIgnoreSkippedRowsAreNotFound() {
        // INSERT IGNORE ... (2,2,3) skipped by a unique key (1062 warning), (10,10,10) inserted: 1 and 2
        WriteCounts c = new WriteCounts(WriteCounts.Kind.INSERT_ON_DUPLICATE_UPDATE);
        c.add(new WriteCount(1, "Records: 2  Duplicates: 1  Warnings: 1"), 1);
        assertEquals(1, c.reported(false));
        assertEquals(2, c.reported(true));
    }

    @Test
    void otherStatementsCountAffectedRowsEitherWay() {
        WriteCounts c = new WriteCounts(WriteCounts.Kind.OTHER);
        c.add(new WriteCount(3, "Records: 2  Duplicates: 1  Warnings: 0"), 0); // REPLACE
        assertEquals(3, c.reported(true));
        assertNull(c.info(0));
    }
}
