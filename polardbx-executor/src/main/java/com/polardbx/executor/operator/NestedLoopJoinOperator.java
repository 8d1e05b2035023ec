package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ConstantBlock;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.Truth;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Nested-loop join for conditions without equalities (theta joins, cross joins): the inner side (a
 * {@link ChunkSource}, read completely before the first outer chunk is joined, see {@link NestedLoopInner}) is
 * scanned once per outer chunk; for each inner chunk and each outer row the condition is evaluated over the whole
 * inner chunk at once, the outer row standing in as constant blocks. INNER, LEFT, SEMI and ANTI; the condition sees
 * the outer columns followed by the inner columns, and {@code null} means every pair matches.
 *
 * <p>Output order: INNER/LEFT pairs come inner chunk by inner chunk within one outer chunk, then that chunk's
 * null-extended rows; SEMI/ANTI rows keep the outer order. One output chunk is produced at a time, so a large cross
 * product never piles up in memory.
 */
public final class NestedLoopJoinOperator implements Operator {
    private final QueryContext context;
    private final JoinType joinType;
    private final List<ColumnType> outerTypes;
    private final List<ColumnType> innerTypes;
    private final List<ColumnType> outputTypes;
    private final Expression condition;
    private final NestedLoopInner inner;
    private ChunkSource innerSource;
    private final ChunkBuilder output;
    private final Object[] row;
    /** The outer chunk being joined and where the loops stand. */
    private Chunk outer;
    private NestedLoopInner.Scan scan;
    private Chunk innerChunk;
    private int outerPosition;
    private BitSet matched;
    private boolean finishing;

    public NestedLoopJoinOperator(QueryContext context, JoinType joinType, List<ColumnType> outerTypes,
                                  ChunkSource innerSource, List<ColumnType> innerTypes, Expression condition) {
        this.context = context;
        this.joinType = joinType;
        this.outerTypes = List.copyOf(outerTypes);
        this.innerTypes = List.copyOf(innerTypes);
        List<ColumnType> out = new ArrayList<>(outerTypes);
        if (joinType.outputsInner()) {
            out.addAll(innerTypes);
        }
        this.outputTypes = List.copyOf(out);
        this.condition = condition;
        this.innerSource = innerSource;
        this.inner = new NestedLoopInner(context);
        this.output = new ChunkBuilder(outputTypes);
        this.row = new Object[outputTypes.size()];
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    private void readInnerIfNeeded() {
        if (innerSource != null) {
            ChunkSource source = innerSource;
            innerSource = null;
            inner.read(source);
        }
    }

    @Override
    public boolean needsInput() {
        return !finishing && outer == null;
    }

    @Override
    public void addInput(Chunk chunk) {
        readInnerIfNeeded();
        outer = chunk;
        matched = new BitSet(chunk.positionCount());
        scan = inner.scan();
        innerChunk = null;
        outerPosition = 0;
    }

    @Override
    public Chunk getOutput() {
        while (outer != null && !output.isFull()) {
            context.checkInterrupted();
            if (innerChunk == null || outerPosition >= outer.positionCount()) {
                innerChunk = scan.next();
                outerPosition = 0;
                if (innerChunk == null) {
                    endOuterChunk();
                }
                continue;
            }
            joinRow(outerPosition++);
        }
        if (output.isFull() || (outer == null && !output.isEmpty())) {
            return output.build();
        }
        return null;
    }

    /** Joins one outer row with the current inner chunk. */
    private void joinRow(int p) {
        if (!joinType.outputsInner() && matched.get(p)) {
            return; // SEMI/ANTI need one match only
        }
        Block truth = condition == null ? null : condition.evaluate(pairChunk(p));
        for (int i = 0; i < innerChunk.positionCount(); i++) {
            if (truth != null && !isTrue(truth, i)) {
                continue;
            }
            matched.set(p);
            if (!joinType.outputsInner()) {
                return;
            }
            appendPair(p, i);
        }
    }

    private static boolean isTrue(Block truth, int i) {
        Object v = truth.get(i);
        return v != null && Truth.isTrue(v);
    }

    /** The outer row at {@code p} repeated beside every row of the inner chunk. */
    private Chunk pairChunk(int p) {
        int n = innerChunk.positionCount();
        Block[] blocks = new Block[outerTypes.size() + innerTypes.size()];
        for (int c = 0; c < outerTypes.size(); c++) {
            blocks[c] = new ConstantBlock(outer.get(c, p), outerTypes.get(c).execType(), n);
        }
        for (int c = 0; c < innerTypes.size(); c++) {
            blocks[outerTypes.size() + c] = innerChunk.block(c);
        }
        return new Chunk(n, blocks);
    }

    private void appendPair(int p, int i) {
        int width = outerTypes.size();
        for (int c = 0; c < width; c++) {
            row[c] = outer.get(c, p);
        }
        for (int c = 0; c < innerTypes.size(); c++) {
            row[width + c] = innerChunk.get(c, i);
        }
        output.appendRow(row);
    }

    /** After the last inner chunk: LEFT null-extends, SEMI keeps, ANTI keeps the unmatched outer rows. */
    private void endOuterChunk() {
        scan.close();
        scan = null;
        if (joinType != JoinType.INNER) {
            boolean keepMatched = joinType == JoinType.SEMI;
            for (int p = 0; p < outer.positionCount(); p++) {
                if (matched.get(p) == keepMatched) {
                    appendOuter(p);
                }
            }
        }
        outer = null;
        matched = null;
    }

    /** Appends an outer row, inner columns NULL if the output has them; may overfill the builder by one chunk. */
    private void appendOuter(int p) {
        for (int c = 0; c < row.length; c++) {
            row[c] = c < outerTypes.size() ? outer.get(c, p) : null;
        }
        output.appendRow(row);
    }

    @Override
    public void finish() {
        finishing = true;
        if (innerSource != null) {
            innerSource.close(); // no outer row came: no join type produces anything
            innerSource = null;
        }
    }

    @Override
    public boolean isFinished() {
        return finishing && outer == null && output.isEmpty();
    }

    @Override
    public void close() {
        try {
            if (innerSource != null) {
                innerSource.close();
                innerSource = null;
            }
            if (scan != null) {
                scan.close();
                scan = null;
            }
        } finally {
            outer = null;
            inner.close();
        }
    }
}
