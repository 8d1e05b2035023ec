package com.polardbx.executor.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import org.junit.jupiter.api.Test;

class TestMemoryPool {
    @Test
    void reservationsOverTheLimitFailWithOutOfResources() {
        MemoryPool pool = new MemoryPool("q1", 1000);
        LocalMemoryContext a = new LocalMemoryContext(pool);
        a.setBytes(600);
        LocalMemoryContext b = new LocalMemoryContext(pool);
        SqlError e = assertThrows(SqlError.class, () -> b.setBytes(500));
        assertEquals(1041, e.errno());
        assertTrue(e.getMessage().contains("memory limit of 1000 bytes"), e.getMessage());
        a.close();
        b.setBytes(500);
        assertEquals(500, pool.reservedBytes());
        assertEquals(600, pool.peakBytes());
    }

    @Test
    void revokersAreAskedBeforeFailing() {
        MemoryPool pool = new MemoryPool("q2", 1000);
        LocalMemoryContext spillable = new LocalMemoryContext(pool);
        spillable.setBytes(900);
        pool.addRevoker(bytes -> {
            long before = spillable.bytes();
            spillable.setBytes(0);
            return before;
        });
        new LocalMemoryContext(pool).setBytes(800);
        assertEquals(800, pool.reservedBytes());
    }
}
