package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * INNER/LEFT join that looks the inner rows up per batch of outer rows: it collects up to {@link #BATCH_ROWS} outer
 * rows, asks its {@link Lookup} for the inner rows with those keys, and hash-joins the batch with them
 * ({@link HashJoinOperator}, which also evaluates the other equi keys and the residual condition). The outer side is
 * never held whole and the inner side is only read for keys that occur. Output keeps the outer batches' order.
 */
public final class LookupJoinOperator implements Operator {
    /** Outer rows per lookup; their distinct keys become one {@code IN} list. */
    public static final int BATCH_ROWS = 1_000;

    /**
     * Fetches the inner rows whose lookup key is one of {@code keys}: the outer key's values (sorted and distinct in
     * its collation, so 'a' and 'A ' under general_ci are asked once; non-empty, no NULL).
     */
    @FunctionalInterface
    public interface Lookup {
        ChunkSource rows(List<Object> keys);
    }

    private final QueryContext context;
    private final JoinType joinType;
    private final List<ColumnType> outerTypes;
    private final int[] outerKeys;
    private final int lookupChannel;
    private final Lookup lookup;
    private final List<ColumnType> innerTypes;
    private final int[] innerKeys;
    private final Expression residual;
    private final List<ColumnType> outputTypes;
    /** Output the inner columns first (the join's left input was the looked-up view). */
    private final boolean innerFirst;
    private final List<Chunk> batch = new ArrayList<>();
    private int batchRows;
    private Driver current;
    private boolean finishing;

    /**
     * {@code lookupChannel} is the outer key column (one of {@code outerKeys}) whose values are looked up. Rows are
     * outer columns then inner columns, or the other way round with {@code innerFirst} (an INNER join whose sides
     * were swapped; the residual condition is then still over outer then inner columns).
     */
    public LookupJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> outerTypes, int[] outerKeys,
                              int lookupChannel, Lookup lookup, List<ColumnType> innerTypes, int[] innerKeys,
                              Expression residual) {
        this(context, joinType, outerTypes, outerKeys, lookupChannel, lookup, innerTypes, innerKeys, residual, false);
    }

    public LookupJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> outerTypes, int[] outerKeys,
                              int lookupChannel, Lookup lookup, List<ColumnType> innerTypes, int[] innerKeys,
                              Expression residual, boolean innerFirst) {
        if (innerFirst && joinType != JoinType.INNER) {
            throw new IllegalArgumentException("only an INNER join may swap its sides");
        }
        if (!joinType.outputsInner() || joinType == JoinType.SEMI) {
            throw new IllegalArgumentException("the lookup join implements INNER and LEFT, not " + joinType);
        }
        this.context = context;
        this.joinType = joinType;
        this.outerTypes = List.copyOf(outerTypes);
        this.outerKeys = outerKeys.clone();
        this.lookupChannel = lookupChannel;
        this.lookup = lookup;
        this.innerTypes = List.copyOf(innerTypes);
        this.innerKeys = innerKeys.clone();
        this.residual = residual;
        this.innerFirst = innerFirst;
        List<ColumnType> out = new ArrayList<>(innerFirst ? innerTypes : outerTypes);
        out.addAll(innerFirst ? outerTypes : innerTypes);
        this.outputTypes = List.copyOf(out);
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing && current == null && batchRows < BATCH_ROWS;
    }

    @Override
    public void addInput(Chunk chunk) {
        batch.add(chunk);
        batchRows += chunk.positionCount();
    }

    @Override
    public Chunk getOutput() {
        while (true) {
            if (current != null) {
                Chunk out = current.next();
                if (out != null) {
                    return innerFirst ? innerColumnsFirst(out) : out;
                }
                closeCurrent();
            }
            if (batchRows == 0 || batchRows < BATCH_ROWS && !finishing) {
                return null;
            }
            current = joinBatch();
        }
    }

    /** The joined (outer, inner) chunk with the inner columns moved in front; blocks are shared, not copied. */
    private Chunk innerColumnsFirst(Chunk joined) {
        int outerWidth = outerTypes.size();
        Block[] blocks = new Block[joined.channelCount()];
        for (int c = 0; c < blocks.length; c++) {
            blocks[c] = joined.block(c < innerTypes.size() ? outerWidth + c : c - innerTypes.size());
        }
        return new Chunk(joined.positionCount(), blocks);
    }

    /** Starts the hash join of the buffered outer rows with their looked-up inner rows. */
    private Driver joinBatch() {
        Collation collation = outerTypes.get(lookupChannel).collation();
        SortedSet<Object> keys = new TreeSet<>((a, b) -> ValueComparator.compare(a, b, collation));
        for (Chunk c : batch) {
            for (int p = 0; p < c.positionCount(); p++) {
                Object v = c.get(lookupChannel, p);
                if (v != null) {
                    keys.add(v);
                }
            }
        }
        List<Chunk> outer = List.copyOf(batch);
        batch.clear();
        batchRows = 0;
        ChunkSource inner = keys.isEmpty() ? new Driver(context, List.of(new ValuesOperator(List.of())))
            : lookup.rows(List.copyOf(keys));
        HashJoinOperator join = new HashJoinOperator(context, joinType, outerTypes, outerKeys, inner, innerTypes,
            innerKeys, residual);
        return new Driver(context, List.of(new ValuesOperator(outer), join));
    }

    private void closeCurrent() {
        Driver d = current;
        current = null;
        d.close();
    }

    @Override
    public void finish() {
        finishing = true;
    }

    @Override
    public boolean isFinished() {
        return finishing && current == null && batchRows == 0;
    }

    @Override
    public void close() {
        batch.clear();
        batchRows = 0;
        if (current != null) {
            closeCurrent();
        }
    }
}
