package com.polardbx.optimizer.rel;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A sub-plan sent to the data nodes as SQL: {@link #pushed()} is a Calcite tree over one or more logical tables, run
 * once per selected partition of the {@link #table() primary table}; the CN concatenates (or, when
 * {@link #collation()} is not empty, merges) the shard results.
 *
 * <p>The other tables of a view are co-located with the primary one (see {@link #physicalPartition}): partitioned
 * tables of the same table group (shard {@code i} reads their partition {@code i}, on the same DN), broadcast tables
 * (the copy on the shard's DN) and single tables on the shard's DN. The primary table is partitioned if any table is,
 * else single if any table is, else broadcast; so {@code table().kind()} is the placement of the whole view.
 */
public final class LogicalView extends AbstractRelNode {
    private final TableMeta table;
    private final List<TableMeta> tables;
    private final RelNode pushed;
    private final List<PartitionDef> partitions;
    private final RelCollation collation;
    /** The pushed tree as SQL, rendered once: views made from a cached plan share it across executions. */
    final ShardSql.Rendering rendering;

    public LogicalView(RelOptCluster cluster, RelTraitSet traits, TableMeta table, RelNode pushed,
                       List<PartitionDef> partitions, RelCollation collation) {
        this(cluster, traits, table, List.of(table), pushed, partitions, collation);
    }

    /** A view over several co-located tables; {@code tables} starts with {@code table}. */
    public LogicalView(RelOptCluster cluster, RelTraitSet traits, TableMeta table, List<TableMeta> tables,
                       RelNode pushed, List<PartitionDef> partitions, RelCollation collation) {
        this(cluster, traits, table, tables, pushed, partitions, collation, new ShardSql.Rendering());
    }

    private LogicalView(RelOptCluster cluster, RelTraitSet traits, TableMeta table, List<TableMeta> tables,
                        RelNode pushed, List<PartitionDef> partitions, RelCollation collation,
                        ShardSql.Rendering rendering) {
        super(cluster, traits);
        this.rendering = rendering;
        this.table = table;
        this.tables = List.copyOf(tables);
        this.pushed = pushed;
        this.partitions = List.copyOf(partitions);
        if (table.kind() != TableKind.PARTITIONED && this.partitions.size() != 1) {
            // a broadcast or single table read from several DNs would return each row once per copy
            throw new IllegalStateException(table.schema() + "." + table.name() + " is not partitioned but its view"
                + " reads " + this.partitions.size() + " shards");
        }
        this.collation = collation == null ? RelCollations.EMPTY : collation;
    }

    /** The primary table: its partitions are the shards this view runs on. */
    public TableMeta table() {
        return table;
    }

    /** Every logical table the pushed tree reads, the primary one first, each once. */
    public List<TableMeta> tables() {
        return tables;
    }

    public RelNode pushed() {
        return pushed;
    }

    /** The partitions (physical tables) of the primary table this view reads; one entry for broadcast and single tables. */
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
        return new LogicalView(getCluster(), getTraitSet(), table, tables, newPushed, newPartitions, newCollation,
            newPushed == pushed ? rendering : new ShardSql.Rendering());
    }

    /** The tables of two views, without duplicates, in order. */
    public static List<TableMeta> union(List<TableMeta> a, List<TableMeta> b) {
        List<TableMeta> out = new ArrayList<>(a);
        for (TableMeta t : b) {
            if (out.stream().noneMatch(x -> sameTable(x, t))) {
                out.add(t);
            }
        }
        return out;
    }

    static boolean sameTable(TableMeta a, TableMeta b) {
        return a.schema().equalsIgnoreCase(b.schema()) && a.name().equalsIgnoreCase(b.name());
    }

    /** The physical table of {@code other} (one of {@link #tables()}) that shard {@code primary} reads. */
    public PartitionDef physicalPartition(TableMeta other, PartitionDef primary) {
        if (sameTable(other, table)) {
            return primary;
        }
        if (other.kind() == TableKind.PARTITIONED) {
            for (PartitionDef p : other.partitions()) {
                if (p.position() == primary.position()) {
                    return p;
                }
            }
        } else {
            for (PartitionDef p : other.partitions()) {
                if (p.dnId().equals(primary.dnId())) {
                    return p;
                }
            }
        }
        throw new IllegalStateException(other.schema() + "." + other.name() + " has no partition co-located with "
            + primary.physicalTable());
    }

    @Override
    protected RelDataType deriveRowType() {
        return pushed.getRowType();
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
            .item("table", tables.stream().map(t -> t.schema() + "." + t.name()).collect(Collectors.joining(",")))
            .item("shards", partitions.size())
            .item("sql", ShardSql.template(this));
    }
}
