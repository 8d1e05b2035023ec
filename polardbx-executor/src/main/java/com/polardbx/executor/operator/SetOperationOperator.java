package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * INTERSECT and EXCEPT, DISTINCT or ALL, of the input rows (left) with the rows of a {@link ChunkSource} (right).
 *
 * <p>The right side is read completely first into a table of row counts keyed by whole rows, where NULLs are equal
 * and strings compare under the left column's collation; left rows then stream through. INTERSECT ALL keeps a left
 * row while the right has unmatched copies of it, EXCEPT ALL drops a left row while it does; the DISTINCT forms emit
 * each qualifying row once (its first occurrence). The table is reserved in the query memory pool and not spilled:
 * a right side that does not fit fails with 3170.
 */
public final class SetOperationOperator implements Operator {
    /** Which set operation. */
    public enum Kind { INTERSECT, EXCEPT }

    /** Per distinct right row: the map entry, key list and counter. */
    private static final long BYTES_PER_KEY = 96;
    /** Marks a row that was already emitted (DISTINCT forms). */
    private static final long EMITTED = -1;

    private final Kind kind;
    private final boolean all;
    private final List<ColumnType> types;
    private final LocalMemoryContext memory;
    private ChunkSource right;
    private final Map<List<Object>, long[]> counts = new HashMap<>();
    private Chunk output;
    private boolean finished;

    public SetOperationOperator(QueryContext context, Kind kind, boolean all, List<ColumnType> types,
                                ChunkSource right) {
        this.kind = kind;
        this.all = all;
        this.types = List.copyOf(types);
        this.right = right;
        this.memory = context.newMemoryContext();
    }

    public List<ColumnType> outputTypes() {
        return types;
    }

    @Override
    public boolean needsInput() {
        return !finished && output == null;
    }

    @Override
    public void addInput(Chunk chunk) {
        readRight();
        ChunkBuilder out = new ChunkBuilder(types, chunk.positionCount());
        for (int p = 0; p < chunk.positionCount(); p++) {
            if (keep(key(chunk, p))) {
                out.appendRow(chunk, p);
            }
        }
        output = out.isEmpty() ? null : out.build();
    }

    private boolean keep(List<Object> key) {
        long[] count = counts.get(key);
        if (kind == Kind.INTERSECT) {
            if (count == null || count[0] <= 0) {
                return false;
            }
            count[0] = all ? count[0] - 1 : EMITTED;
            return true;
        }
        if (all) {
            if (count != null && count[0] > 0) {
                count[0]--;
                return false;
            }
            return true;
        }
        if (count != null) {
            return false;
        }
        counts.put(key, new long[] {EMITTED});
        memory.setBytes(memory.bytes() + BYTES_PER_KEY);
        return true;
    }

    /** Reads the right side into the count table, once. */
    private void readRight() {
        if (right == null) {
            return;
        }
        long bytes = 0;
        for (Chunk chunk = right.next(); chunk != null; chunk = right.next()) {
            for (int p = 0; p < chunk.positionCount(); p++) {
                long[] count = counts.computeIfAbsent(key(chunk, p), k -> new long[1]);
                count[0]++;
            }
            bytes = counts.size() * (BYTES_PER_KEY + 16L * types.size());
            memory.setBytes(bytes);
        }
        right.close();
        right = null;
    }

    private List<Object> key(Chunk chunk, int position) {
        List<Object> key = new ArrayList<>(types.size());
        for (int c = 0; c < types.size(); c++) {
            key.add(ValueComparator.hashKey(chunk.get(c, position), types.get(c).collation()));
        }
        return key;
    }

    @Override
    public Chunk getOutput() {
        Chunk out = output;
        output = null;
        return out;
    }

    @Override
    public void finish() {
        finished = true;
    }

    @Override
    public boolean isFinished() {
        return finished && output == null;
    }

    @Override
    public void close() {
        if (right != null) {
            right.close();
            right = null;
        }
        counts.clear();
        memory.close();
    }
}
