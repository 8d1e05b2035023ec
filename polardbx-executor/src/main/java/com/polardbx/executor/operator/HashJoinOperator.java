package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.Truth;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Equi hash join: the build side (a {@link ChunkSource}, read completely before the first probe chunk) goes into a
 * hash table; probe chunks arrive through {@link #addInput}. Output rows are the probe columns followed by the build
 * columns. NULL keys never match. An optional residual condition is evaluated over that output row.
 *
 * <p>The build side is reserved in the query memory pool (grace join spilling is a later step).
 */
public final class HashJoinOperator implements Operator {
    private final QueryContext context;
    private final JoinType joinType;
    private final List<ColumnType> probeTypes;
    private final List<ColumnType> buildTypes;
    private final List<ColumnType> outputTypes;
    private final int[] probeKeys;
    private final int[] buildKeys;
    private final Collation[] keyCollations;
    private final Expression residual;
    private final LocalMemoryContext memory;
    private ChunkSource buildSource;
    private final Map<GroupKey, List<Object[]>> table = new HashMap<>();
    private final Queue<Chunk> pending = new ArrayDeque<>();
    private boolean finishing;

    public HashJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> probeTypes, int[] probeKeys,
                            ChunkSource buildSource, List<ColumnType> buildTypes, int[] buildKeys,
                            Expression residual) {
        this.context = context;
        this.joinType = joinType;
        this.probeTypes = List.copyOf(probeTypes);
        this.buildTypes = List.copyOf(buildTypes);
        List<ColumnType> out = new ArrayList<>(probeTypes);
        out.addAll(buildTypes);
        this.outputTypes = List.copyOf(out);
        this.probeKeys = probeKeys.clone();
        this.buildKeys = buildKeys.clone();
        this.keyCollations = new Collation[probeKeys.length];
        for (int i = 0; i < probeKeys.length; i++) {
            // String keys: a binary collation on either side decides (matches ComparisonFunctions' choice).
            Collation a = probeTypes.get(probeKeys[i]).collation();
            Collation b = buildTypes.get(buildKeys[i]).collation();
            keyCollations[i] = a == Collation.GENERAL_CI && b == Collation.GENERAL_CI ? Collation.GENERAL_CI
                : (a == Collation.BIN || b == Collation.BIN ? Collation.BIN : a);
        }
        this.residual = residual;
        this.buildSource = buildSource;
        this.memory = context.newMemoryContext();
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    private void buildIfNeeded() {
        if (buildSource == null) {
            return;
        }
        long bytes = 0;
        for (Chunk chunk = buildSource.next(); chunk != null; chunk = buildSource.next()) {
            context.checkInterrupted();
            bytes += chunk.sizeInBytes();
            memory.setBytes(bytes);
            for (int p = 0; p < chunk.positionCount(); p++) {
                if (!GroupKey.hasNull(chunk, p, buildKeys)) {
                    table.computeIfAbsent(GroupKey.of(chunk, p, buildKeys, keyCollations), k -> new ArrayList<>(1))
                        .add(chunk.row(p));
                }
            }
        }
        buildSource.close();
        buildSource = null;
    }

    @Override
    public boolean needsInput() {
        buildIfNeeded();
        return !finishing && pending.isEmpty();
    }

    @Override
    public void addInput(Chunk probe) {
        buildIfNeeded();
        ChunkBuilder builder = new ChunkBuilder(outputTypes);
        Object[] row = new Object[outputTypes.size()];
        int probeWidth = probeTypes.size();
        for (int p = 0; p < probe.positionCount(); p++) {
            for (int c = 0; c < probeWidth; c++) {
                row[c] = probe.get(c, p);
            }
            boolean matched = false;
            List<Object[]> candidates = GroupKey.hasNull(probe, p, probeKeys) ? null
                : table.get(GroupKey.of(probe, p, probeKeys, keyCollations));
            if (candidates != null) {
                for (Object[] buildRow : candidates) {
                    System.arraycopy(buildRow, 0, row, probeWidth, buildRow.length);
                    if (residual == null || residualHolds(row)) {
                        matched = true;
                        emit(builder, row);
                    }
                }
            }
            if (!matched && joinType == JoinType.LEFT) {
                java.util.Arrays.fill(row, probeWidth, row.length, null);
                emit(builder, row);
            }
        }
        if (!builder.isEmpty()) {
            pending.add(builder.build());
        }
    }

    private boolean residualHolds(Object[] row) {
        ChunkBuilder one = new ChunkBuilder(outputTypes, 1);
        one.appendRow(row);
        Object v = residual.evaluate(one.build(), 0);
        return v != null && Truth.isTrue(v);
    }

    private void emit(ChunkBuilder builder, Object[] row) {
        builder.appendRow(row);
        if (builder.isFull()) {
            pending.add(builder.build());
        }
    }

    @Override
    public Chunk getOutput() {
        return pending.poll();
    }

    @Override
    public void finish() {
        finishing = true;
    }

    @Override
    public boolean isFinished() {
        return finishing && pending.isEmpty();
    }

    @Override
    public void close() {
        table.clear();
        pending.clear();
        if (buildSource != null) {
            buildSource.close();
            buildSource = null;
        }
        memory.close();
    }
}
