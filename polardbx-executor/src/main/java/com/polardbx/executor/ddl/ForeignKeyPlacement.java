package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a foreign key's parent rows are for each physical child table, and so who enforces the key. The DNs enforce
 * it when every child row's parent is on the child's own DN: the parent is BROADCAST (each DN has a copy), or both
 * tables sit on one DN, or both are partitioned alike by exactly the key's columns (partition i references partition
 * i). Any other placement, and a key whose action would change a partitioned child's partition key in place, is
 * checked by the CN inside the writing statement's transaction (the server's {@code ForeignKeyWrites}); such a key
 * has no physical form on the DNs.
 *
 * @param kind the table's kind
 * @param info its placement; for BROADCAST one partition per DN, for SINGLE one
 */
public record ForeignKeyPlacement(TableKind kind, PartitionInfo info) {

    /**
     * Whether the DNs enforce {@code key} of {@code child} (its parent's rows beside the child's), else the CN checks
     * it. The same rule decides whether the key has a physical form.
     */
    public static boolean checkedByDataNodes(TableMeta child, ForeignKeyDef key, TableMeta parent) {
        return parents(new ForeignKeyPlacement(child.kind(), child.partitionInfo()), key,
            new ForeignKeyPlacement(parent.kind(), parent.partitionInfo())) != null;
    }

    /**
     * The physical parent table for each physical child table, in the order of {@code child.info().partitions()};
     * null when some child row's parent could be on another DN, or when the DN would change a partitioned child's
     * partition key in place (leaving the row in the wrong partition): then the CN checks the key.
     */
    static List<PhysicalLocation> parents(ForeignKeyPlacement child, ForeignKeyDef key, ForeignKeyPlacement parent) {
        List<PartitionDef> children = child.info().partitions();
        List<PartitionDef> parents = parent.info().partitions();
        List<PhysicalLocation> out = new ArrayList<>();
        if (child.kind() == TableKind.PARTITIONED && key.changesChildColumns()
            && key.columns().stream().anyMatch(c -> child.info().columns().stream().anyMatch(c::equalsIgnoreCase))) {
            return null;
        }
        if (parent.kind() == TableKind.BROADCAST) {
            for (PartitionDef c : children) {
                PartitionDef copy = parents.stream().filter(p -> p.dnId().equals(c.dnId())).findFirst().orElse(null);
                if (copy == null) {
                    return null;
                }
                out.add(PhysicalLocation.of(copy));
            }
            return out;
        }
        if (parents.size() == 1) {
            PartitionDef only = parents.get(0);
            if (children.stream().anyMatch(c -> !c.dnId().equals(only.dnId()))) {
                return null;
            }
            children.forEach(c -> out.add(PhysicalLocation.of(only)));
            return out;
        }
        if (child.kind() != TableKind.PARTITIONED || parent.kind() != TableKind.PARTITIONED
            || !alike(child.info(), parent.info()) || !sameNames(key.columns(), child.info().columns())
            || !sameNames(key.refColumns(), parent.info().columns())) {
            return null;
        }
        parents.forEach(p -> out.add(PhysicalLocation.of(p)));
        return out;
    }

    /**
     * For partitioned-to-partitioned keys the DNs enforce: the key columns must hash as the parent's partition
     * columns do (same type signature), else equal values could land in different partitions.
     */
    static void checkColumnTypes(String childName, ForeignKeyPlacement child, List<ColumnDef> childColumns,
                                 ForeignKeyDef key, ForeignKeyPlacement parent, List<ColumnDef> parentColumns) {
        if (child.kind() != TableKind.PARTITIONED || parent.kind() != TableKind.PARTITIONED
            || parent.info().partitions().size() == 1 || parents(child, key, parent) == null) {
            return;
        }
        int version = parent.info().functionVersion();
        for (int i = 0; i < key.columns().size(); i++) {
            String c = signature(childColumns, key.columns().get(i), version);
            String p = signature(parentColumns, key.refColumns().get(i), version);
            if (c == null || !c.equals(p)) {
                throw notColocated(childName, key);
            }
        }
    }

    private static String signature(List<ColumnDef> columns, String name, int version) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
            .map(c -> ColumnType.groupSignature(c, version)).orElse(null);
    }

    /** Same function, partition count, bounds and DN per partition: the same table group, key types aside. */
    private static boolean alike(PartitionInfo a, PartitionInfo b) {
        if (a.strategy() != b.strategy() || !Objects.equals(a.expression(), b.expression())
            || a.functionVersion() != b.functionVersion() || a.partitions().size() != b.partitions().size()) {
            return false;
        }
        for (int i = 0; i < a.partitions().size(); i++) {
            PartitionDef x = a.partitions().get(i);
            PartitionDef y = b.partitions().get(i);
            if (!x.dnId().equals(y.dnId()) || !Objects.equals(x.bound(), y.bound())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameNames(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equalsIgnoreCase(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static SqlError notColocated(String childName, ForeignKeyDef key) {
        return new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "FOREIGN KEY `" + key.name() + "` from `" + childName
            + "` to `" + key.refTable() + "` between tables partitioned alike whose key columns hash differently"
            + " (give both columns the same type)");
    }
}
