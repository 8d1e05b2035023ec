package com.polardbx.executor.plan;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.MergeAggregate;
import java.util.function.Function;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The build side of a hash join read ahead, with the distinct values of one integer key column when there are at
 * most {@link #MAX_KEYS}: an INNER join's probe view then asks the DNs only for rows with those keys
 * ({@code key IN (...)}, which a DN answers from an index), instead of shipping its whole table to the CN. Rows
 * without a partner can't be part of an INNER join's result, so the filter never changes it. Not thread-safe.
 */
final class BuildKeys {
    static final int MAX_KEYS = 2_000;
    /** Read ahead at most this many rows (they are held outside the memory pool until the hash join takes them). */
    static final int MAX_ROWS = 100_000;

    private final Deque<Chunk> buffered;
    private final ChunkSource rest;
    private final Set<Long> keys;

    private BuildKeys(Deque<Chunk> buffered, ChunkSource rest, Set<Long> keys) {
        this.buffered = buffered;
        this.rest = rest;
        this.keys = keys;
    }

    /**
     * Reads {@code source} until it ends, has more than {@link #MAX_KEYS} distinct keys in {@code channel} or more
     * than {@link #MAX_ROWS} rows.
     */
    static BuildKeys read(ChunkSource source, List<ColumnType> types, int channel) {
        Deque<Chunk> buffered = new ArrayDeque<>();
        if (types.get(channel).execType() != ExecType.LONG) {
            return new BuildKeys(buffered, source, null);
        }
        Set<Long> keys = new TreeSet<>();
        long rows = 0;
        try {
            for (Chunk chunk = source.next(); chunk != null; chunk = source.next()) {
                buffered.add(chunk);
                rows += chunk.positionCount();
                for (int p = 0; p < chunk.positionCount(); p++) {
                    Object v = chunk.get(channel, p);
                    if (v != null) {
                        keys.add(((Number) v).longValue());
                    }
                }
                if (keys.size() > MAX_KEYS || rows > MAX_ROWS) {
                    return new BuildKeys(buffered, source, null);
                }
            }
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return new BuildKeys(buffered, source, keys);
    }

    /** The build rows: those read ahead, then the rest of the source. */
    ChunkSource source() {
        return new ChunkSource() {
            @Override
            public Chunk next() {
                Chunk c = buffered.poll();
                return c != null ? c : rest.next();
            }

            @Override
            public void close() {
                buffered.clear();
                rest.close();
            }
        };
    }

    /**
     * Whether an INNER join's probe side can take the build keys: a view, or a view under CN-side filters,
     * projections (the key a plain column) and final aggregates (the key a group column, so whole groups go).
     */
    static boolean restrictable(RelNode probe, int key) {
        RelNode node = probe;
        int k = key;
        while (!(node instanceof LogicalView)) {
            if (node instanceof LogicalProject project && project.getProjects().get(k) instanceof RexInputRef ref) {
                k = ref.getIndex();
            } else if (node instanceof MergeAggregate merge && k < merge.groupCount()
                || node instanceof LogicalFilter) {
                // the group column / the same column below
            } else {
                return false;
            }
            node = node.getInput(0);
        }
        return true;
    }

    /** The probe side restricted to the build keys in its column {@code key}; itself when that can't be. */
    RelNode restrict(RelNode probe, int key) {
        if (probe instanceof LogicalView view) {
            return restrictView(view, key);
        }
        int inputKey = probe instanceof LogicalProject project ? ((RexInputRef) project.getProjects().get(key)).getIndex()
            : key;
        RelNode input = restrict(probe.getInput(0), inputKey);
        return input == probe.getInput(0) ? probe : probe.copy(probe.getTraitSet(), List.of(input));
    }

    private RelNode restrictView(LogicalView view, int key) {
        RelDataType type = view.getRowType().getFieldList().get(key).getType();
        SqlTypeName name = type.getSqlTypeName();
        if (keys == null || name != SqlTypeName.TINYINT && name != SqlTypeName.SMALLINT
            && name != SqlTypeName.INTEGER && name != SqlTypeName.BIGINT) {
            return view;
        }
        RexBuilder rex = view.getCluster().getRexBuilder();
        List<RexNode> values = new ArrayList<>();
        for (long k : keys) {
            if (name == SqlTypeName.BIGINT || k >= Integer.MIN_VALUE && k <= Integer.MAX_VALUE) {
                values.add(rex.makeExactLiteral(BigDecimal.valueOf(k), type)); // others can't match the column
            }
        }
        Function<RexInputRef, RexNode> condition = column -> values.isEmpty() ? rex.makeLiteral(false)
            : rex.makeIn(column, values.stream().map(v -> rex.makeCast(column.getType(), v)).toList());
        return view.withPushed(filterBelow(view.pushed(), key, condition), view.partitions(), view.collation());
    }

    /**
     * The view's pushed tree with {@code key IN (...)} applied as low as it can go without metadata (the executor runs
     * outside Calcite's planner): through projections of the plain column and aggregates grouped by it, so the DN
     * filters before it groups. Never below a sort with a limit, where it would change which rows are kept.
     */
    private static RelNode filterBelow(RelNode node, int key, Function<RexInputRef, RexNode> condition) {
        if (node instanceof LogicalProject project && project.getProjects().get(key) instanceof RexInputRef ref) {
            return project.copy(project.getTraitSet(), List.of(filterBelow(project.getInput(), ref.getIndex(),
                condition)));
        }
        if (node instanceof LogicalAggregate agg && agg.getGroupSets().size() == 1 && key < agg.getGroupCount()) {
            return agg.copy(agg.getTraitSet(), List.of(filterBelow(agg.getInput(), agg.getGroupSet().nth(key),
                condition)));
        }
        RelDataType type = node.getRowType().getFieldList().get(key).getType();
        return LogicalFilter.create(node, condition.apply(new RexInputRef(key, type)));
    }
}
