package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.common.error.DataNodeMessages;
import com.polardbx.gms.meta.ForeignKeyDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestForeignKeyText {
    private static final PhysicalLocation CHILD = new PhysicalLocation("dn0", "d_p0", "child_1a2b_00003");
    private static final PhysicalLocation PARENT = new PhysicalLocation("dn0", "d_p0", "parent_ffff_00003");
    private static final ForeignKeyDef KEY = new ForeignKeyDef("fk_x", List.of("pid"), "d", "parent", List.of("id"),
        "CASCADE", "RESTRICT");

    @Test
    void physicalNamesAreUniquePerPhysicalTableAndCleanToTheLogicalName() {
        String physical = ForeignKeyText.physicalName("fk_x", CHILD);
        assertEquals("fk_x_1a2b_00003", physical);
        assertEquals("fk_x", DataNodeMessages.clean(physical));
        assertEquals(64, ForeignKeyText.physicalName("f".repeat(64), CHILD).length());
        String clause = ForeignKeyText.physicalClause(KEY, CHILD, PARENT);
        assertEquals("CONSTRAINT `fk_x_1a2b_00003` FOREIGN KEY (`pid`) REFERENCES `d_p0`.`parent_ffff_00003` (`id`)"
            + " ON DELETE CASCADE", clause);
        // a DN's 1452 message, cleaned, names only logical objects
        assertEquals("a foreign key constraint fails (`d`.`child`, CONSTRAINT `fk_x` FOREIGN KEY (`pid`) REFERENCES"
                + " `parent` (`id`) ON DELETE CASCADE)",
            DataNodeMessages.clean("a foreign key constraint fails (`d_p0`.`child_1a2b_00003`, CONSTRAINT"
                + " `fk_x_1a2b_00003` FOREIGN KEY (`pid`) REFERENCES `parent_ffff_00003` (`id`) ON DELETE CASCADE)"));
    }

    @Test
    void showCreateTableListsLogicalKeysSortedByName() {
        String physical = "CREATE TABLE `child` (\n  `id` int(11) NOT NULL,\n  `pid` int(11) DEFAULT NULL,\n"
            + "  PRIMARY KEY (`id`),\n  KEY `fk_x` (`pid`),\n"
            + "  CONSTRAINT `fk_x_1a2b_00003` FOREIGN KEY (`pid`) REFERENCES `parent_ffff_00003` (`id`),\n"
            + "  CONSTRAINT `c1` CHECK (`id` > 0)\n) ENGINE=InnoDB\n/*!99999 SINGLE */";
        ForeignKeyDef other = new ForeignKeyDef("a_fk", List.of("id"), "e", "p", List.of("k"), "RESTRICT",
            "SET NULL");
        assertEquals("CREATE TABLE `child` (\n  `id` int(11) NOT NULL,\n  `pid` int(11) DEFAULT NULL,\n"
                + "  PRIMARY KEY (`id`),\n  KEY `fk_x` (`pid`),\n"
                + "  CONSTRAINT `a_fk` FOREIGN KEY (`id`) REFERENCES `e`.`p` (`k`) ON UPDATE SET NULL,\n"
                + "  CONSTRAINT `fk_x` FOREIGN KEY (`pid`) REFERENCES `parent` (`id`) ON DELETE CASCADE,\n"
                + "  CONSTRAINT `c1` CHECK (`id` > 0)\n) ENGINE=InnoDB\n/*!99999 SINGLE */",
            ForeignKeyText.withLogicalKeys(physical, "d", List.of(KEY, other)));
        // a key waiting for its parent has no physical line: it goes before the CHECK constraints
        String none = physical.replace("  CONSTRAINT `fk_x_1a2b_00003` FOREIGN KEY (`pid`) REFERENCES"
            + " `parent_ffff_00003` (`id`),\n", "");
        assertEquals(ForeignKeyText.withLogicalKeys(physical, "d", List.of(KEY)),
            ForeignKeyText.withLogicalKeys(none, "d", List.of(KEY)));
    }
}
