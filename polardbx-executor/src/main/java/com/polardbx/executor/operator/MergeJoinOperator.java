package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.Truth;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sort-merge join of two inputs sorted alike on the join keys (key {@code i} of both sides in the direction and
 * collation of {@code keys.get(i)}); the left rows arrive through {@link #addInput}, the right side is pulled from a
 * {@link ChunkSource}. Only one group of right rows with equal keys is held at a time, in the query memory pool
 * (a single key with more rows than the pool holds fails with 3170). NULL keys never match. INNER and LEFT; an
 * optional residual condition is evaluated over the output row (left columns, then right columns). Output keeps the
 * left order.
 */
public final class MergeJoinOperator implements Operator {
    private static final long ROW_OVERHEAD_BYTES = 48;

    private final QueryContext context;
    private final JoinType joinType;
    private final List<ColumnType> leftTypes;
    private final List<ColumnType> outputTypes;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final List<SortKey> keys;
    private final Expression residual;
    private final LocalMemoryContext memory;
    private final ChunkBuilder output;
    private final Object[] row;
    private ChunkSource right;
    /** The next right row not yet in a group, and the chunk it is in. */
    private Chunk rightChunk;
    private int rightPosition;
    /** The current group of right rows sharing one key ({@code null} once the right side is exhausted). */
    private final List<Object[]> group = new ArrayList<>();
    private Object[] groupKey;
    private boolean rightDone;
    /** The left chunk being joined, and where: row, next group row to pair, whether the row matched. */
    private Chunk left;
    private int leftPosition;
    private int pairIndex = -1;
    private boolean matched;
    private boolean finishing;

    public MergeJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> leftTypes, int[] leftKeys,
                             ChunkSource right, List<ColumnType> rightTypes, int[] rightKeys, List<SortKey> keys,
                             Expression residual) {
        if (!joinType.outputsInner()) {
            throw new IllegalArgumentException("the merge join implements INNER and LEFT, not " + joinType);
        }
        this.context = context;
        this.joinType = joinType;
        this.leftTypes = List.copyOf(leftTypes);
        List<ColumnType> out = new ArrayList<>(leftTypes);
        out.addAll(rightTypes);
        this.outputTypes = List.copyOf(out);
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.keys = List.copyOf(keys);
        this.residual = residual;
        this.right = right;
        this.memory = context.newMemoryContext();
        this.output = new ChunkBuilder(outputTypes);
        this.row = new Object[outputTypes.size()];
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing && left == null;
    }

    @Override
    public void addInput(Chunk chunk) {
        left = chunk;
        leftPosition = 0;
        pairIndex = -1;
    }

    @Override
    public Chunk getOutput() {
        while (left != null && !output.isFull()) {
            context.checkInterrupted();
            step();
        }
        if (output.isFull() || left == null && !output.isEmpty()) {
            return output.build();
        }
        return null;
    }

    /** Advances the current left row by one output row (or decision). */
    private void step() {
        if (pairIndex < 0) {
            pairIndex = 0;
            matched = false;
            if (!hasNullKey(left, leftPosition, leftKeys)) {
                seekGroup();
            }
        }
        if (groupKey != null && compareLeftToGroup() == 0 && pairIndex < group.size()) {
            Object[] r = group.get(pairIndex++);
            copyLeft();
            System.arraycopy(r, 0, row, leftTypes.size(), r.length);
            if (residual == null || residualHolds()) {
                matched = true;
                output.appendRow(row);
            }
            return;
        }
        if (!matched && joinType == JoinType.LEFT) {
            copyLeft();
            output.appendRow(row);
        }
        pairIndex = -1;
        if (++leftPosition >= left.positionCount()) {
            left = null;
        }
    }

    /** Loads right groups until the current one's key is not below the left row's key. */
    private void seekGroup() {
        while (!rightDone && (groupKey == null || compareLeftToGroup() > 0)) {
            loadGroup();
        }
    }

    private int compareLeftToGroup() {
        for (int i = 0; i < keys.size(); i++) {
            SortKey k = keys.get(i);
            int c = ValueComparator.compare(left.get(leftKeys[i], leftPosition), groupKey[i], k.collation());
            if (c != 0) {
                return k.ascending() ? c : -c;
            }
        }
        return 0;
    }

    /** Replaces the group with the next run of right rows with equal, non-NULL keys. */
    private void loadGroup() {
        group.clear();
        groupKey = null;
        long bytes = 0;
        while (true) {
            if (rightChunk == null || rightPosition >= rightChunk.positionCount()) {
                rightChunk = right.next();
                rightPosition = 0;
                if (rightChunk == null) {
                    rightDone = groupKey == null;
                    break;
                }
                continue;
            }
            if (hasNullKey(rightChunk, rightPosition, rightKeys)) {
                rightPosition++;
                continue;
            }
            Object[] key = new Object[rightKeys.length];
            for (int i = 0; i < key.length; i++) {
                key[i] = rightChunk.get(rightKeys[i], rightPosition);
            }
            if (groupKey != null && compareKeys(groupKey, key) != 0) {
                break;
            }
            groupKey = groupKey == null ? key : groupKey;
            Object[] r = rightChunk.row(rightPosition++);
            group.add(r);
            bytes += ROW_OVERHEAD_BYTES + 16L * r.length;
        }
        memory.setBytes(bytes);
    }

    private int compareKeys(Object[] a, Object[] b) {
        for (int i = 0; i < keys.size(); i++) {
            int c = ValueComparator.compare(a[i], b[i], keys.get(i).collation());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static boolean hasNullKey(Chunk chunk, int position, int[] channels) {
        for (int ch : channels) {
            if (chunk.get(ch, position) == null) {
                return true;
            }
        }
        return false;
    }

    /** Left values into the row, right values NULL. */
    private void copyLeft() {
        for (int c = 0; c < leftTypes.size(); c++) {
            row[c] = left.get(c, leftPosition);
        }
        Arrays.fill(row, leftTypes.size(), row.length, null);
    }

    private boolean residualHolds() {
        ChunkBuilder one = new ChunkBuilder(outputTypes, 1);
        one.appendRow(row);
        Object v = residual.evaluate(one.build(), 0);
        return v != null && Truth.isTrue(v);
    }

    @Override
    public void finish() {
        finishing = true;
    }

    @Override
    public boolean isFinished() {
        return finishing && left == null && output.isEmpty();
    }

    @Override
    public void close() {
        try {
            if (right != null) {
                right.close();
                right = null;
            }
        } finally {
            group.clear();
            memory.close();
        }
    }
}
