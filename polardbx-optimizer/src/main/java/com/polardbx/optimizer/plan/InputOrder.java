package com.polardbx.optimizer.plan;

import com.polardbx.optimizer.rel.LogicalView;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * The order in which the CN's operator for a plan node emits rows: a view merges DN-sorted streams in its
 * collation, a sort sorts, filters keep their input's order and projections keep the part of it over the columns
 * they pass on unchanged. Anything else is treated as unordered.
 */
public final class InputOrder {
    private InputOrder() {
    }

    public static RelCollation of(RelNode node) {
        if (node instanceof LogicalView view) {
            return view.collation();
        }
        if (node instanceof LogicalSort sort) {
            return sort.getCollation();
        }
        if (node instanceof LogicalFilter filter) {
            return of(filter.getInput());
        }
        if (node instanceof LogicalProject project) {
            return throughProject(project, of(project.getInput()));
        }
        return RelCollations.EMPTY;
    }

    /** The longest prefix of the input's order whose fields the projection outputs as plain references. */
    private static RelCollation throughProject(LogicalProject project, RelCollation input) {
        List<RelFieldCollation> out = new ArrayList<>();
        for (RelFieldCollation fc : input.getFieldCollations()) {
            int at = -1;
            List<RexNode> projects = project.getProjects();
            for (int i = 0; i < projects.size() && at < 0; i++) {
                if (projects.get(i) instanceof RexInputRef ref && ref.getIndex() == fc.getFieldIndex()) {
                    at = i;
                }
            }
            if (at < 0) {
                break;
            }
            out.add(fc.withFieldIndex(at));
        }
        return RelCollations.of(out);
    }

    /**
     * The order's first {@code fields.length} entries as positions into {@code fields}, or {@code null} unless
     * they are exactly those fields (in any order).
     */
    static int[] coveringPrefix(RelCollation order, int[] fields) {
        List<RelFieldCollation> fcs = order.getFieldCollations();
        if (fields.length == 0 || fcs.size() < fields.length) {
            return null;
        }
        int[] positions = new int[fields.length];
        boolean[] used = new boolean[fields.length];
        for (int i = 0; i < fields.length; i++) {
            int at = -1;
            for (int j = 0; j < fields.length && at < 0; j++) {
                if (!used[j] && fields[j] == fcs.get(i).getFieldIndex()) {
                    at = j;
                }
            }
            if (at < 0) {
                return null;
            }
            used[at] = true;
            positions[i] = at;
        }
        return positions;
    }
}
