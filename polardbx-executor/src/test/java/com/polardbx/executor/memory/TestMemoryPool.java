package com.polardbx.executor.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestMemoryPool {
    @Test
    void reservationsOverTheLimitFailWithCapacityExceeded() {
        MemoryPool pool = new MemoryPool("q1", 1000);
        LocalMemoryContext a = new LocalMemoryContext(pool);
        a.setBytes(600);
        LocalMemoryContext b = new LocalMemoryContext(pool);
        SqlError e = assertThrows(SqlError.class, () -> b.setBytes(500));
        assertEquals(3170, e.errno());
        assertEquals("HY000", e.sqlState());
        assertTrue(e.getMessage().startsWith(
            "Memory capacity of 1000 bytes for 'polardbx_query_memory_limit' exceeded."), e.getMessage());
        // the message names who holds the memory, so that an unspillable holder can be found
        assertTrue(e.getMessage().contains("holds 600 bytes (operators that cannot spill 600) and needs 500 more"),
            e.getMessage());
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

    @Test
    void anOperatorIsNeverAskedToRevokeFromInsideItsOwnReservation() {
        MemoryPool pool = new MemoryPool("q3", 1000);
        List<String> asked = new ArrayList<>();
        MemoryRevoker selfish = bytes -> {
            asked.add("self");
            return 0;
        };
        LocalMemoryContext own = new LocalMemoryContext(pool, selfish);
        LocalMemoryContext other = new LocalMemoryContext(pool);
        other.setBytes(700);
        assertFalse(own.trySetBytes(400)); // no throw, nothing reserved, own revoker skipped
        assertEquals(0, own.bytes());
        assertEquals(List.of(), asked);
        assertTrue(own.trySetBytes(300));
        assertThrows(SqlError.class, () -> other.setBytes(800)); // another context does ask it
        assertEquals(List.of("self"), asked);
        own.close();
        other.setBytes(800); // closing unregistered the revoker and freed its bytes
        assertEquals(List.of("self"), asked);
    }

    @Test
    void limitsParseWithUnits() {
        assertEquals(256L << 20, QueryMemoryLimit.parse("256M"));
        assertEquals(64L << 10, QueryMemoryLimit.parse("64k"));
        assertEquals(2L << 30, QueryMemoryLimit.parse("2G"));
        assertEquals(QueryMemoryLimit.MIN_BYTES, QueryMemoryLimit.parse("10"));
        assertEquals(1_000_000L, QueryMemoryLimit.parse("1000000"));
        assertThrows(IllegalArgumentException.class, () -> QueryMemoryLimit.parse("lots"));
    }
}
