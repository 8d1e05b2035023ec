package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The query a DN answers when the CN checks a foreign key: which of a batch of child key values have a parent row
 * in one physical parent table. The values are SQL texts the DN evaluates (literals or expressions) in a derived
 * table numbered from 0; the DN compares them with the parent's columns by its own {@code =}, so types and
 * collations are compared as MariaDB compares them.
 */
public final class ForeignKeyProbe {
    private ForeignKeyProbe() {
    }

    /**
     * {@code SELECT DISTINCT n} of the tuples that have a parent row in {@code physicalParent}, or that hold a NULL
     * (which needs no parent); with {@code shareLock} the parent rows found are read with a shared lock, as InnoDB
     * reads a child's parent.
     */
    public static String foundTuples(ForeignKeyDef key, List<List<String>> tuples, String physicalParent,
                                     boolean shareLock) {
        StringBuilder derived = new StringBuilder();
        for (int i = 0; i < tuples.size(); i++) {
            derived.append(i == 0 ? "SELECT " : " UNION ALL SELECT ").append(i).append(i == 0 ? " AS n" : "");
            for (int j = 0; j < tuples.get(i).size(); j++) {
                derived.append(", ").append(tuples.get(i).get(j)).append(i == 0 ? " AS c" + j : "");
            }
        }
        List<String> on = new ArrayList<>();
        List<String> passes = new ArrayList<>(List.of("p." + PhysicalLocation.quote(key.refColumns().get(0))
            + " IS NOT NULL"));
        for (int j = 0; j < key.refColumns().size(); j++) {
            on.add("p." + PhysicalLocation.quote(key.refColumns().get(j)) + " = t.c" + j);
            passes.add("t.c" + j + " IS NULL");
        }
        return "SELECT DISTINCT t.n FROM (" + derived + ") t LEFT JOIN " + physicalParent + " p ON "
            + String.join(" AND ", on) + " WHERE " + String.join(" OR ", passes)
            + (shareLock ? " LOCK IN SHARE MODE" : "");
    }

    /** The physical tables to read for all of a table's rows: one copy of a BROADCAST table, every partition else. */
    public static List<PartitionDef> copies(TableMeta t) {
        return t.kind() == TableKind.BROADCAST ? List.of(t.partitions().get(0)) : t.partitions();
    }

    /** {@code `db`.`table`} of a physical table. */
    public static String physical(PartitionDef p) {
        return PhysicalLocation.quote(p.physicalDb()) + "." + PhysicalLocation.quote(p.physicalTable());
    }
}
