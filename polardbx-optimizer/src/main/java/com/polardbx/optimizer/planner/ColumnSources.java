package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * Which logical table column each output column of a query is a plain copy of, read from Calcite's column-origin
 * metadata of the logical plan: MySQL names that table and column in the result metadata and sets the column's key
 * flags, which ORMs and GUI tools read (Connector/J's updatable result sets need the primary key).
 */
public final class ColumnSources {
    /**
     * One output column's source; schema, table and column are null for a computed column.
     *
     * @param nullable whether the output column may be NULL (the right side of a LEFT JOIN may, whatever the
     *                 table says; COUNT(*) may not)
     */
    public record Source(String schema, String table, String column, boolean nullable) {
    }

    private ColumnSources() {
    }

    /** For each output column of {@code rel}, its source. */
    public static List<Source> of(RelNode rel) {
        RelMetadataQuery mq = rel.getCluster().getMetadataQuery();
        List<RelDataTypeField> fields = rel.getRowType().getFieldList();
        List<Source> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            out.add(source(mq, rel, i, fields.get(i)));
        }
        return out;
    }

    private static Source source(RelMetadataQuery mq, RelNode rel, int i, RelDataTypeField field) {
        Source computed = new Source(null, null, null, field.getType().isNullable());
        RelColumnOrigin origin;
        try {
            origin = mq.getColumnOrigin(rel, i);
        } catch (RuntimeException e) {
            return computed; // a node Calcite's metadata does not know
        }
        if (origin == null || origin.isDerived()) {
            return computed;
        }
        List<String> name = origin.getOriginTable().getQualifiedName();
        if (name.size() < 2) {
            return computed;
        }
        String column = origin.getOriginTable().getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
        return new Source(name.get(name.size() - 2), name.get(name.size() - 1), column, field.getType().isNullable());
    }
}
