package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.TableKind;
import java.util.List;

/** Where a new table's physical tables go: its kind, partition scheme and one location per partition. */
record PlacementPlan(TableKind kind, PartitionInfo partitionInfo, List<PhysicalLocation> locations) {
}
