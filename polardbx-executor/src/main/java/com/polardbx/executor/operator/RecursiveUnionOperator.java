package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A recursive WITH (Calcite's RepeatUnion): emits the seed's rows, then runs the step again and again over the rows
 * the previous round produced (a {@link WorkingTable}) until a round produces none.
 *
 * <p>As MariaDB: every row takes the seed's column types (a step value is converted, a DECIMAL rounded to the seed's
 * scale); with UNION DISTINCT a row already produced (seed included) is neither emitted nor fed to the next round,
 * so cycles end; after {@code maxIterations} rounds of the step, a round that still produced rows stops the
 * recursion without error and {@link #iterationLimitReached()} turns true (MariaDB's warning 1931).
 *
 * <p>Rows stream out as they are produced; only the last round (working table, spilled when the pool refuses it)
 * and, for DISTINCT, the set of rows seen (reserved in the pool, 3170 when it does not fit) are held. Each round
 * checks for KILL QUERY.
 */
public final class RecursiveUnionOperator implements ChunkSource {
    /** Per distinct row: the set entry and its key list. */
    private static final long BYTES_PER_SEEN_ROW = 96;

    private final QueryContext context;
    private final List<ColumnType> types;
    private final boolean distinct;
    private final long maxIterations;
    private final Function<WorkingTable, ChunkSource> step;
    private final Set<List<Object>> seen = new HashSet<>();
    private final LocalMemoryContext seenMemory;
    private ChunkSource input;
    private WorkingTable previous;
    private WorkingTable produced;
    private long iterations;
    private boolean limitReached;
    private boolean finished;

    /**
     * @param seed the non-recursive part; its types are the result's
     * @param step builds one round of the recursive part reading the given table; called once per round
     */
    public RecursiveUnionOperator(QueryContext context, ChunkSource seed, List<ColumnType> types, boolean distinct,
                                  long maxIterations, Function<WorkingTable, ChunkSource> step) {
        this.context = context;
        this.types = List.copyOf(types);
        this.distinct = distinct;
        this.maxIterations = maxIterations;
        this.step = step;
        this.input = seed;
        this.seenMemory = context.newMemoryContext();
        this.produced = new WorkingTable(context, types);
    }

    public List<ColumnType> outputTypes() {
        return types;
    }

    /** Rounds of the step run so far (the seed not counted). */
    public long iterations() {
        return iterations;
    }

    /** True when the recursion stopped at {@code maxIterations} with rows still coming. */
    public boolean iterationLimitReached() {
        return limitReached;
    }

    @Override
    public Chunk next() {
        while (!finished) {
            Chunk chunk = input.next();
            if (chunk == null) {
                nextRound();
                continue;
            }
            Chunk rows = newRows(conform(chunk));
            if (rows != null) {
                produced.add(rows);
                return rows;
            }
        }
        return null;
    }

    /** Ends the current round's input and starts the next round over what it produced, or finishes. */
    private void nextRound() {
        ChunkSource ended = input;
        input = null;
        ended.close();
        context.checkInterrupted();
        if (previous != null) {
            previous.close();
        }
        previous = produced;
        produced = new WorkingTable(context, types);
        if (previous.isEmpty()) {
            finished = true;
            return;
        }
        if (iterations >= maxIterations) {
            limitReached = true;
            finished = true;
            return;
        }
        iterations++;
        input = step.apply(previous);
    }

    /** The chunk in the seed's column types. */
    private Chunk conform(Chunk chunk) {
        if (chunk.channelCount() != types.size()) {
            throw new IllegalStateException("recursive step gives " + chunk.channelCount() + " columns, seed "
                + types.size());
        }
        boolean same = true;
        for (int c = 0; c < types.size() && same; c++) {
            same = chunk.block(c).execType() == types.get(c).execType();
        }
        if (same) {
            return chunk;
        }
        ChunkBuilder out = new ChunkBuilder(types, chunk.positionCount());
        Object[] row = new Object[types.size()];
        for (int p = 0; p < chunk.positionCount(); p++) {
            for (int c = 0; c < row.length; c++) {
                row[c] = chunk.get(c, p);
            }
            out.appendRow(row); // the builders convert with MySQL's rules
        }
        return out.build();
    }

    /** The rows of the chunk not produced before (all of them for UNION ALL), or null when none is left. */
    private Chunk newRows(Chunk chunk) {
        chunk = withSeedScale(chunk);
        if (!distinct) {
            return chunk;
        }
        ChunkBuilder out = new ChunkBuilder(types, chunk.positionCount());
        for (int p = 0; p < chunk.positionCount(); p++) {
            if (seen.add(key(chunk, p))) {
                out.appendRow(chunk, p);
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        seenMemory.setBytes(seen.size() * (BYTES_PER_SEEN_ROW + 16L * types.size()));
        return out.build();
    }

    /** DECIMAL values take the seed column's scale (MariaDB stores them into the CTE's temporary table). */
    private Chunk withSeedScale(Chunk chunk) {
        Block[] blocks = null;
        for (int c = 0; c < types.size(); c++) {
            if (types.get(c).execType() != ExecType.DECIMAL || !needsRescale(chunk.block(c), types.get(c).scale())) {
                continue;
            }
            blocks = blocks != null ? blocks : blocksOf(chunk);
            ChunkBuilder column = new ChunkBuilder(List.of(types.get(c)), chunk.positionCount());
            for (int p = 0; p < chunk.positionCount(); p++) {
                BigDecimal v = (BigDecimal) chunk.get(c, p);
                column.appendRow(new Object[] {v == null ? null
                    : v.setScale(types.get(c).scale(), RoundingMode.HALF_UP)});
            }
            blocks[c] = column.build().block(0);
        }
        return blocks == null ? chunk : new Chunk(chunk.positionCount(), blocks);
    }

    private static boolean needsRescale(Block block, int scale) {
        for (int p = 0; p < block.positionCount(); p++) {
            Object v = block.get(p);
            if (v instanceof BigDecimal d && d.scale() != scale) {
                return true;
            }
        }
        return false;
    }

    private static Block[] blocksOf(Chunk chunk) {
        Block[] blocks = new Block[chunk.channelCount()];
        for (int c = 0; c < blocks.length; c++) {
            blocks[c] = chunk.block(c);
        }
        return blocks;
    }

    /** The whole row as a set key: NULLs equal, strings under the column's collation (as GROUP BY). */
    private List<Object> key(Chunk chunk, int position) {
        List<Object> key = new ArrayList<>(types.size());
        for (int c = 0; c < types.size(); c++) {
            key.add(ValueComparator.hashKey(chunk.get(c, position), types.get(c).collation()));
        }
        return key;
    }

    @Override
    public void close() {
        finished = true;
        List<AutoCloseable> open = new ArrayList<>();
        if (input != null) {
            open.add(input);
            input = null;
        }
        if (previous != null) {
            open.add(previous);
        }
        open.add(produced);
        open.add(seenMemory);
        seen.clear();
        CloseAll.close(open);
    }
}
