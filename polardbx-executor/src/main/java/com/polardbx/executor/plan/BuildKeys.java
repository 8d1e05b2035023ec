package com.polardbx.executor.plan;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.optimizer.rel.LogicalView;
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

    /** The probe view restricted to the build keys in its column {@code key}; the view itself when that can't be. */
    RelNode restrict(LogicalView view, int key) {
        RelDataType type = view.getRowType().getFieldList().get(key).getType();
        SqlTypeName name = type.getSqlTypeName();
        if (keys == null || name != SqlTypeName.TINYINT && name != SqlTypeName.SMALLINT
            && name != SqlTypeName.INTEGER && name != SqlTypeName.BIGINT) {
            return view;
        }
        RexBuilder rex = view.getCluster().getRexBuilder();
        RexNode condition;
        if (keys.isEmpty()) {
            condition = rex.makeLiteral(false);
        } else {
            List<RexNode> values = new ArrayList<>();
            for (long k : keys) {
                if (name == SqlTypeName.BIGINT || k >= Integer.MIN_VALUE && k <= Integer.MAX_VALUE) {
                    values.add(rex.makeExactLiteral(BigDecimal.valueOf(k), type)); // others can't match the column
                }
            }
            condition = values.isEmpty() ? rex.makeLiteral(false) : rex.makeIn(new RexInputRef(key, type), values);
        }
        return view.withPushed(LogicalFilter.create(view.pushed(), condition), view.partitions(), view.collation());
    }
}
