package com.polardbx.gms.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestNameList {
    @Test
    void roundTripsNamesWithSeparators() {
        List<String> names = List.of("a", "b,c", "d\\e", "", "f");
        assertEquals(names, NameList.decode(NameList.encode(names)));
        assertEquals(List.of(), NameList.decode(""));
        assertEquals("x\\,y,z", NameList.encode(List.of("x,y", "z")));
    }

    @Test
    void tableGroupSignatureIgnoresColumnNamesButNotShape() {
        List<PartitionDef> parts = List.of(new PartitionDef("p0", 0, "dn1", "db", "t0", "10"),
            new PartitionDef("p1", 1, "dn2", "db", "t1", "MAXVALUE"));
        String a = TableGroupAccessor.signature(new PartitionInfo(PartitionStrategy.RANGE, List.of("a"), "YEAR(`a`)",
            parts), List.of("DATE"));
        String b = TableGroupAccessor.signature(new PartitionInfo(PartitionStrategy.RANGE, List.of("b"), "year(b)",
            parts), List.of("date"));
        String c = TableGroupAccessor.signature(new PartitionInfo(PartitionStrategy.RANGE, List.of("b"), "month(b)",
            parts), List.of("date"));
        assertEquals(a, b);
        assertEquals(false, a.equals(c));
    }
}
