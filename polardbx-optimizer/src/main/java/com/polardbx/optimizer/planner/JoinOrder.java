package com.polardbx.optimizer.planner;

import com.polardbx.gms.meta.TableKind;
import com.polardbx.optimizer.rel.LogicalView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders a tree of INNER joins and pushes as much of it as possible to the DNs.
 *
 * <p>The tree is flattened into its inputs (each planned by the caller's pushdown) and the conjuncts of all join
 * conditions. Then, greedily: while two inputs connected by a conjunct can be joined inside one view (see
 * {@link JoinPushdown}), they are merged, partitioned pairs first; what remains is joined in the CN pair by pair,
 * cheapest estimated join first ({@link #joinInCn}; the hash join builds its right side). A projection restores the
 * original column order.
 */
final class JoinOrder {
    /** A joined group of inputs: its plan and, for each of its columns, the column of the flattened row. */
    private record Component(RelNode rel, int[] fields) {
        ImmutableBitSet fieldSet() {
            return ImmutableBitSet.of(fields);
        }
    }

    private final UnaryOperator<RelNode> pushdown;
    private final RexBuilder rex;
    private final List<RexNode> conjuncts = new ArrayList<>();
    private final List<ImmutableBitSet> conjunctFields = new ArrayList<>();
    private final boolean[] applied;

    private JoinOrder(LogicalJoin root, UnaryOperator<RelNode> pushdown, List<RelNode> leaves) {
        this.pushdown = pushdown;
        this.rex = root.getCluster().getRexBuilder();
        flatten(root, 0, leaves);
        addTransitiveEqualities(root, leaves);
        addImpliedFilters(leaves);
        this.applied = new boolean[conjuncts.size()];
    }

    /** Plans an INNER join tree; {@code pushdown} plans a non-join input (and pushes a filter into a view). */
    static RelNode plan(LogicalJoin root, UnaryOperator<RelNode> pushdown) {
        List<RelNode> leaves = new ArrayList<>();
        JoinOrder order = new JoinOrder(root, pushdown, leaves);
        return order.plan(root, leaves);
    }

    private void flatten(RelNode node, int offset, List<RelNode> leaves) {
        if (node instanceof LogicalJoin join && join.getJoinType() == JoinRelType.INNER
            && !RexUtil.SubQueryFinder.containsSubQuery(join)) {
            flatten(join.getLeft(), offset, leaves);
            flatten(join.getRight(), offset + join.getLeft().getRowType().getFieldCount(), leaves);
            // (a AND b) OR (a AND c) -> a AND (b OR c): the common equi-join keys become usable for hashing
            RexNode condition = RexUtil.pullFactors(rex, RexUtil.shift(join.getCondition(), offset));
            for (RexNode c : RelOptUtil.conjunctions(condition)) {
                if (!c.isAlwaysTrue()) {
                    conjuncts.add(c);
                    conjunctFields.add(RelOptUtil.InputFinder.bits(c));
                }
            }
        } else {
            leaves.add(node);
        }
    }

    /**
     * Adds {@code a = c} for {@code a = b AND b = c} between columns of different inputs, so that inputs related only
     * through a third one (part and partsupp through lineitem) can still be joined directly, and co-located.
     */
    private void addTransitiveEqualities(LogicalJoin root, List<RelNode> leaves) {
        List<RelDataTypeField> fields = root.getRowType().getFieldList();
        if (leaves.size() < 3) {
            return;
        }
        int[] leafOf = new int[fields.size()];
        int offset = 0;
        for (int l = 0; l < leaves.size(); l++) {
            int width = leaves.get(l).getRowType().getFieldCount();
            java.util.Arrays.fill(leafOf, offset, offset + width, l);
            offset += width;
        }
        int[] parent = new int[fields.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Set<List<Integer>> present = new java.util.HashSet<>();
        for (RexNode c : conjuncts) {
            if (c.isA(SqlKind.EQUALS) && ((RexCall) c).getOperands().get(0) instanceof RexInputRef a
                && ((RexCall) c).getOperands().get(1) instanceof RexInputRef b
                && a.getType().getSqlTypeName() == b.getType().getSqlTypeName()) {
                parent[find(parent, a.getIndex())] = find(parent, b.getIndex());
                present.add(List.of(Math.min(a.getIndex(), b.getIndex()), Math.max(a.getIndex(), b.getIndex())));
            }
        }
        for (int a = 0; a < parent.length; a++) {
            for (int b = a + 1; b < parent.length; b++) {
                if (find(parent, a) == find(parent, b) && leafOf[a] != leafOf[b] && !present.contains(List.of(a, b))) {
                    RexNode eq = rex.makeCall(SqlStdOperatorTable.EQUALS, RexInputRef.of(a, root.getRowType()),
                        RexInputRef.of(b, root.getRowType()));
                    conjuncts.add(eq);
                    conjunctFields.add(ImmutableBitSet.of(a, b));
                    present.add(List.of(a, b));
                }
            }
        }
    }

    /** Adds the single-input filters that OR conditions across inputs imply (see {@link OrFactors}). */
    private void addImpliedFilters(List<RelNode> leaves) {
        List<ImmutableBitSet> inputs = new ArrayList<>();
        int offset = 0;
        for (RelNode leaf : leaves) {
            int width = leaf.getRowType().getFieldCount();
            inputs.add(ImmutableBitSet.range(offset, offset + width));
            offset += width;
        }
        for (RexNode c : List.copyOf(conjuncts)) {
            for (RexNode implied : OrFactors.implied(rex, c, inputs)) {
                conjuncts.add(implied);
                conjunctFields.add(RelOptUtil.InputFinder.bits(implied));
            }
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private RelNode plan(LogicalJoin root, List<RelNode> leaves) {
        List<Component> components = new ArrayList<>();
        int offset = 0;
        for (RelNode leaf : leaves) {
            int width = leaf.getRowType().getFieldCount();
            int[] fields = new int[width];
            for (int i = 0; i < width; i++) {
                fields[i] = offset + i;
            }
            offset += width;
            components.add(withLocalFilters(new Component(pushdown.apply(leaf), fields)));
        }
        while (mergeCoLocated(components)) {
            // merge until no pair is left
        }
        Component tree = joinInCn(components);
        List<RexNode> rest = new ArrayList<>();
        for (int c = 0; c < conjuncts.size(); c++) {
            if (!applied[c]) {
                rest.add(conjuncts.get(c));
            }
        }
        RelNode rel = tree.rel();
        if (!rest.isEmpty()) {
            rel = onTop(LogicalFilter.create(rel, remap(RexUtil.composeConjunction(rex, rest), tree.fields())));
        }
        int[] position = inverse(tree.fields(), offset);
        List<RexNode> projects = new ArrayList<>();
        for (int f = 0; f < offset; f++) {
            projects.add(RexInputRef.of(position[f], rel.getRowType()));
        }
        return onTop(LogicalProject.create(rel, List.of(), projects, root.getRowType().getFieldNames(), Set.of()));
    }

    /** A filter or project over a planned input: pushed into it when it is a view, else kept in the CN. */
    private RelNode onTop(RelNode node) {
        return node.getInput(0) instanceof LogicalView ? pushdown.apply(node) : node;
    }

    /** Applies the conjuncts that read only this component (normally already pushed below the join). */
    private Component withLocalFilters(Component component) {
        List<RexNode> local = new ArrayList<>();
        for (int c = 0; c < conjuncts.size(); c++) {
            if (!applied[c] && component.fieldSet().contains(conjunctFields.get(c)) && !conjunctFields.get(c).isEmpty()) {
                local.add(conjuncts.get(c));
                applied[c] = true;
            }
        }
        if (local.isEmpty()) {
            return component;
        }
        RelNode filter = LogicalFilter.create(component.rel(),
            remap(RexUtil.composeConjunction(rex, local), component.fields()));
        return new Component(onTop(filter), component.fields());
    }

    /** Merges one co-located pair into a view; false when there is none. */
    private boolean mergeCoLocated(List<Component> components) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < components.size(); i++) {
                for (int j = 0; j < components.size(); j++) {
                    Component a = components.get(i);
                    Component b = components.get(j);
                    if (i == j || !(a.rel() instanceof LogicalView va) || !(b.rel() instanceof LogicalView vb)
                        || (pass == 0) != bothPartitioned(va, vb) || connecting(a, b).isEmpty()) {
                        continue;
                    }
                    Component joined = join(a, b, false);
                    LogicalView view = JoinPushdown.push((LogicalJoin) joined.rel(), va, vb);
                    if (view != null) {
                        markApplied(connecting(a, b));
                        components.remove(Math.max(i, j));
                        components.remove(Math.min(i, j));
                        components.add(Math.min(i, j), new Component(view, joined.fields()));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean bothPartitioned(LogicalView a, LogicalView b) {
        return a.table().kind() == TableKind.PARTITIONED && b.table().kind() == TableKind.PARTITIONED;
    }

    /**
     * Hash joins in the CN, greedily and bushy: repeatedly joins the connected pair whose estimated result plus
     * build side is smallest, the larger input probing and the smaller one built. A small build side thus also
     * narrows a view probing it (the executor sends its keys to the DNs), even when that view is an aggregate.
     */
    private Component joinInCn(List<Component> components) {
        List<Component> rest = new ArrayList<>(components);
        while (rest.size() > 1) {
            Component probe = null;
            Component build = null;
            double best = Double.POSITIVE_INFINITY;
            for (boolean requireConnection : new boolean[] {true, false}) {
                for (int i = 0; i < rest.size(); i++) {
                    for (int j = i + 1; j < rest.size(); j++) {
                        Component a = rest.get(i);
                        Component b = rest.get(j);
                        if (requireConnection && connecting(a, b).isEmpty()) {
                            continue;
                        }
                        double ra = RowEstimate.rows(a.rel());
                        double rb = RowEstimate.rows(b.rel());
                        Component p = ra >= rb ? a : b;
                        Component q = p == a ? b : a;
                        double cost = RowEstimate.rows(join(p, q, false).rel()) + Math.min(ra, rb);
                        if (cost < best) {
                            best = cost;
                            probe = p;
                            build = q;
                        }
                    }
                }
                if (probe != null) {
                    break;
                }
            }
            rest.remove(probe);
            rest.remove(build);
            rest.add(join(probe, build, true));
        }
        return rest.get(0);
    }

    /** Conjuncts not applied yet that read both components and nothing else. */
    private List<Integer> connecting(Component a, Component b) {
        ImmutableBitSet fa = a.fieldSet();
        ImmutableBitSet fb = b.fieldSet();
        ImmutableBitSet both = fa.union(fb);
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < conjuncts.size(); c++) {
            ImmutableBitSet used = conjunctFields.get(c);
            if (!applied[c] && both.contains(used) && used.intersects(fa) && used.intersects(fb)) {
                out.add(c);
            }
        }
        return out;
    }

    private void markApplied(List<Integer> indexes) {
        for (int c : indexes) {
            applied[c] = true;
        }
    }

    /** An INNER join of two components on their connecting conjuncts ({@code apply} marks those applied). */
    private Component join(Component a, Component b, boolean apply) {
        int[] fields = new int[a.fields().length + b.fields().length];
        System.arraycopy(a.fields(), 0, fields, 0, a.fields().length);
        System.arraycopy(b.fields(), 0, fields, a.fields().length, b.fields().length);
        List<Integer> connecting = connecting(a, b);
        List<RexNode> condition = new ArrayList<>();
        for (int c : connecting) {
            condition.add(conjuncts.get(c));
        }
        if (apply) {
            markApplied(connecting);
        }
        RexNode remapped = remap(RexUtil.composeConjunction(rex, condition), fields);
        return new Component(LogicalJoin.create(a.rel(), b.rel(), List.of(), remapped, Set.of(), JoinRelType.INNER),
            fields);
    }

    /** Rewrites a condition over flattened columns into one over a component whose columns are {@code fields}. */
    private RexNode remap(RexNode condition, int[] fields) {
        int max = 0;
        for (int f : fields) {
            max = Math.max(max, f + 1);
        }
        int[] position = inverse(fields, max);
        return condition.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(position[ref.getIndex()], ref.getType());
            }
        });
    }

    private static int[] inverse(int[] fields, int size) {
        int[] position = new int[size];
        java.util.Arrays.fill(position, -1);
        for (int i = 0; i < fields.length; i++) {
            position[fields[i]] = i;
        }
        return position;
    }
}
