package com.polardbx.optimizer.rel;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A sub-plan sent to the data nodes as SQL: {@link #pushed()} is a Calcite tree over one logical table, run on each
 * selected partition's physical table; the CN concatenates (or, when {@link #collation()} is not empty, merges) the
 * shard results.
 */
public final class LogicalView extends AbstractRelNode {
    private final TableMeta table;
    private final RelNode pushed;
    private final List<PartitionDef> partitions;
    private final RelCollation collation;

    public LogicalView(RelOptCluster cluster, RelTraitSet traits, TableMeta table, RelNode pushed,
                       List<PartitionDef> partitions, RelCollation collation) {
        super(cluster, traits);
        this.table = table;
        this.pushed = pushed;
        this.partitions = List.copyOf(partitions);
        this.collation = collation == null ? RelCollations.EMPTY : collation;
    }

    public TableMeta table() {
        return table;
    }

    public RelNode pushed() {
        return pushed;
    }

    /** The partitions (physical tables) this view reads; one entry for broadcast and single tables. */
    public List<PartitionDef> partitions() {
        return partitions;
    }

    /** Sort order of each shard's result; empty when shard results are unordered. */
    public RelCollation collation() {
        return collation;
    }

    public boolean isSingleShard() {
        return partitions.size() == 1;
    }

    public LogicalView withPushed(RelNode newPushed, List<PartitionDef> newPartitions, RelCollation newCollation) {
        return new LogicalView(getCluster(), getTraitSet(), table, newPushed, newPartitions, newCollation);
    }

    @Override
    protected RelDataType deriveRowType() {
        return pushed.getRowType();
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
            .item("table", table.schema() + "." + table.name())
            .item("shards", partitions.size())
            .item("sql", ShardSql.template(this));
    }
}
