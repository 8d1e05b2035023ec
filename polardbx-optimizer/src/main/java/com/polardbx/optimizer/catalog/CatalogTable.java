package com.polardbx.optimizer.catalog;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.TableMeta;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/** A logical table as Calcite sees it: the row type from GMS plus the metadata the pushdown rules need. */
public final class CatalogTable extends AbstractTable {
    private final TableMeta meta;

    public CatalogTable(TableMeta meta) {
        this.meta = meta;
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
