package com.polardbx.optimizer.catalog;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.ColumnStatistics;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A logical table as Calcite sees it: the row type from GMS plus the metadata the pushdown rules need, and a
 * statistic (row count, primary key) for join ordering.
 */
public final class CatalogTable extends AbstractTable {
    private final TableMeta meta;
    private final TableStatistics statistics;

    public CatalogTable(TableMeta meta) {
        this(meta, TableStatistics.NONE);
    }

    public CatalogTable(TableMeta meta, TableStatistics statistics) {
        this.meta = meta;
        this.statistics = statistics;
    }

    @Override
    public Statistic getStatistic() {
        double rows = statistics.rowCount(meta);
        List<ImmutableBitSet> keys = new ArrayList<>();
        meta.primaryKey().ifPresent(pk -> {
            ImmutableBitSet.Builder key = ImmutableBitSet.builder();
            for (String column : pk.columns()) {
                for (int i = 0; i < meta.columns().size(); i++) {
                    if (meta.columns().get(i).name().equalsIgnoreCase(column)) {
                        key.set(i);
                    }
                }
            }
            keys.add(key.build());
        });
        return Statistics.of(rows >= 0 ? rows : TableStatistics.guess(meta), keys);
    }

    /** The statistics of the column at {@code ordinal}, or null when the table was not analyzed. */
    public ColumnStatistics columnStatistics(int ordinal) {
        return ordinal < meta.columns().size() ? statistics.column(meta, meta.columns().get(ordinal).name()) : null;
    }

    public TableMeta meta() {
        return meta;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
        RelDataTypeFactory.Builder builder = factory.builder();
        for (ColumnDef c : meta.columns()) {
            builder.add(c.name(), ColumnTypes.toRelType(factory, c.sqlType(), c.nullable()));
        }
        return builder.build();
    }
}
