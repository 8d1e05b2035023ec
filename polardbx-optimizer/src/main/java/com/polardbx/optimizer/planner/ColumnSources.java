package com.polardbx.optimizer.planner;

import com.polardbx.common.type.MysqlType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

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
     * @param alias    the name the query gives the table ({@code FROM t t1}), which MariaDB reports as the
     *                 column's table; null when it has none
     * @param length   a computed column's length as MariaDB sends it to a utf8mb4 client, -1 when not known
     * @param decimals a computed string's decimals as MariaDB sends them (39, or 0 for MIN/MAX of an ENUM, CAST AS
     *                 CHAR, GROUP_CONCAT), -1 for other columns
     * @param type     a computed column's type where MariaDB's differs from the CN executor's (NULL for a NULL
     *                 literal, BLOB for GROUP_CONCAT), else null
     */
    public record Source(String schema, String table, String column, boolean nullable, String alias, long length,
                         int decimals, MysqlType type) {
        /** This source, naming the table by {@code alias}. */
        public Source withAlias(String alias) {
            return new Source(schema, table, column, nullable, alias, length, decimals, type);
        }
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
        ItemWidth width;
        try {
            width = ExpressionWidths.of(rel, i);
        } catch (RuntimeException | AssertionError e) {
            width = null; // metadata only: a shape the width rules do not know keeps the executor's length
        }
        Source computed = new Source(null, null, null, field.getType().isNullable() || mayBeNull(rel, i), null,
            width == null ? -1 : width.clientLength(), width == null || !width.string() ? -1 : width.decimals(),
            width == null ? null : width.type());
        RelColumnOrigin origin;
        try {
            origin = mq.getColumnOrigin(rel, i);
        } catch (RuntimeException e) {
            return computed; // a node Calcite's metadata does not know
        }
        if (origin != null && origin.isDerived()) {
            // Calcite calls a column of an outer join's NULL-filled side derived; MariaDB still names its table
            origin = copiedColumn(rel, i);
        }
        if (origin == null || origin.isDerived()) {
            return computed;
        }
        List<String> name = origin.getOriginTable().getQualifiedName();
        if (name.size() < 2) {
            return computed;
        }
        String column = origin.getOriginTable().getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
        return new Source(name.get(name.size() - 2), name.get(name.size() - 1), column, field.getType().isNullable(),
            null, -1, -1, null);
    }

    /**
     * Whether MariaDB reports an expression nullable where Calcite's type says NOT NULL: an aggregate other than
     * COUNT (NULL over no rows, even when grouped), a division or modulo (NULL on a zero divisor) and a CAST to text.
     */
    private static boolean mayBeNull(RelNode rel, int i) {
        while (rel instanceof Project || rel instanceof Sort || rel instanceof Filter) {
            if (rel instanceof Project p) {
                RexNode e = p.getProjects().get(i);
                if (!(e instanceof RexInputRef ref)) {
                    return e instanceof RexCall call && (dividing(call) || toText(call));
                }
                i = ref.getIndex();
            }
            rel = rel.getInput(0);
        }
        if (rel instanceof Aggregate a && i >= a.getGroupCount()
            && i - a.getGroupCount() < a.getAggCallList().size()) {
            SqlKind kind = a.getAggCallList().get(i - a.getGroupCount()).getAggregation().getKind();
            return kind != SqlKind.COUNT;
        }
        return false;
    }

    /** CAST(... AS CHAR): MariaDB calls it nullable (a conversion may fail), whatever its argument. */
    private static boolean toText(RexCall call) {
        return call.getKind() == SqlKind.CAST && org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(call.getType());
    }

    private static boolean dividing(RexCall call) {
        String name = call.getOperator().getName();
        return call.getKind() == SqlKind.DIVIDE || call.getKind() == SqlKind.MOD || name.equalsIgnoreCase("DIV")
            || name.equals("/") || name.equals("%");
    }

    /** The table column output {@code i} of {@code rel} is a plain copy of, through projections, filters, sorts,
     * joins and grouping keys; null when it is computed anywhere on the way. */
    private static RelColumnOrigin copiedColumn(RelNode rel, int i) {
        while (true) {
            if (rel instanceof TableScan scan) {
                return new RelColumnOrigin(scan.getTable(), i, false);
            }
            if (rel instanceof Project p) {
                if (!(p.getProjects().get(i) instanceof RexInputRef ref)) {
                    return null;
                }
                rel = p.getInput();
                i = ref.getIndex();
            } else if (rel instanceof Join j) {
                int left = j.getLeft().getRowType().getFieldCount();
                rel = i < left ? j.getLeft() : j.getRight();
                i = i < left ? i : i - left;
            } else if (rel instanceof Aggregate a) {
                if (i >= a.getGroupCount()) {
                    return null;
                }
                i = a.getGroupSet().asList().get(i);
                rel = a.getInput();
            } else if (rel instanceof Filter
                || rel instanceof Sort) {
                rel = rel.getInput(0);
            } else {
                return null;
            }
        }
    }
}
