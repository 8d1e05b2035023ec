package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestJobPayload {
    @Test
    void roundTrips() {
        JobPayload p = new JobPayload().set("before", "abc123")
            .addLocation(new PhysicalLocation("dn0", "d_p0", "t_1a2b_00000"))
            .addLocation(new PhysicalLocation("dn1", "d_p1", null))
            .addRename("a", "b");
        String text = p.encode();
        assertEquals("set\tbefore\tabc123\nloc\tdn0\td_p0\tt_1a2b_00000\nloc\tdn1\td_p1\t-\nrename\ta\tb\n", text);
        JobPayload back = JobPayload.decode(text);
        assertEquals("abc123", back.get("before"));
        assertEquals(List.of(new PhysicalLocation("dn0", "d_p0", "t_1a2b_00000"),
            new PhysicalLocation("dn1", "d_p1", null)), back.locations());
        assertArrayEquals(new String[] {"a", "b"}, back.renames().get(0));
        assertNull(JobPayload.decode(null).get("before"));
    }
}
