package com.polardbx.executor.gsi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.partition.ColumnType;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Which literal values of an index's partition column the CN may route itself, as the DN will store them. */
class TestKnownIndexRows {
    private static ColumnType type(String sqlType, String collation) {
        return ColumnType.of(new ColumnDef("c", sqlType, true, null, false, "", "", collation, 1));
    }

    @Test
    void integersWithinTheColumnsRange() {
        assertTrue(KnownIndexRows.routesAsStored(5L, type("int(11)", null)));
        assertTrue(KnownIndexRows.routesAsStored(-128L, type("tinyint(4)", null)));
        assertFalse(KnownIndexRows.routesAsStored(300L, type("tinyint(4)", null)), "non-strict mode stores 127");
        assertFalse(KnownIndexRows.routesAsStored(-1L, type("int(10) unsigned", null)));
        assertTrue(KnownIndexRows.routesAsStored(new BigInteger("18446744073709551615"),
            type("bigint(20) unsigned", null)));
        assertFalse(KnownIndexRows.routesAsStored("5", type("int(11)", null)), "a string is converted by the DN");
        assertFalse(KnownIndexRows.routesAsStored(new java.math.BigDecimal("1.5"), type("int(11)", null)));
    }

    @Test
    void stringsKeptAsWritten() {
        ColumnType utf8 = type("varchar(5)", "utf8mb4_general_ci");
        assertTrue(KnownIndexRows.routesAsStored("abc", utf8));
        assertTrue(KnownIndexRows.routesAsStored("äö😀", utf8));
        assertFalse(KnownIndexRows.routesAsStored("abc ", utf8), "trailing spaces");
        assertFalse(KnownIndexRows.routesAsStored("abcdef", utf8), "longer than the column");
        assertFalse(KnownIndexRows.routesAsStored(5L, utf8));
        ColumnType latin1 = type("char(4)", "latin1_swedish_ci");
        assertTrue(KnownIndexRows.routesAsStored("ab", latin1));
        assertFalse(KnownIndexRows.routesAsStored("äb", latin1), "converted to another charset");
        assertFalse(KnownIndexRows.routesAsStored("a", type("enum('a','b')", "utf8mb4_general_ci")));
        assertFalse(KnownIndexRows.routesAsStored("a", type("varbinary(4)", "binary")));
        assertFalse(KnownIndexRows.routesAsStored("2024-01-01", type("date", null)));
    }
}
