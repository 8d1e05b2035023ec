package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryRevoker;
import com.polardbx.executor.spill.SpillFile;
import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY: buffers its input, sorts it stably by the keys after {@link #finish}, then emits it in chunks.
 *
 * <p>Buffered chunks are reserved in the query's memory pool. When the pool is short (this operator's own growth does
 * not fit, or the pool revokes it while input still arrives) the buffer is sorted and written as a run to a spill
 * file; at the end the runs are merged (external merge sort), several passes if there are more runs than the merge
 * fan-in allows. Runs are in input order and the merge takes ties from the earlier run, so the result is exactly
 * the in-memory stable sort.
 */
public final class SortOperator implements Operator, MemoryRevoker {
    /** Per buffered row: its address, and the merge sort's scratch copy. */
    private static final long BYTES_PER_ROW = 16;
    private static final int MAX_FAN_IN = 64;

    private final QueryContext context;
    private final List<ColumnType> types;
    private final List<SortKey> keys;
    private final RowComparator comparator;
    private final LocalMemoryContext memory;
    private final List<Chunk> buffered = new ArrayList<>();
    private long bufferedBytes;
    private int bufferedRows;
    private final List<SpillFile> runs = new ArrayList<>();
    private long[] order;
    private int emitted;
    private MergeSortedOperator merge;
    private boolean finishing;

    public SortOperator(QueryContext context, List<ColumnType> types, List<SortKey> keys) {
        this.context = context;
        this.types = types;
        this.keys = List.copyOf(keys);
        this.comparator = new RowComparator(keys);
        this.memory = context.newMemoryContext(this);
    }

    @Override
    public boolean needsInput() {
        return !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        buffered.add(chunk);
        bufferedBytes += chunk.sizeInBytes();
        bufferedRows += chunk.positionCount();
        if (!memory.trySetBytes(bufferedBytes + BYTES_PER_ROW * bufferedRows)) {
            spillRun();
        }
    }

    /** Spills the buffer as a sorted run while input still arrives; afterwards there is nothing to revoke. */
    @Override
    public long revoke(long bytes) {
        if (finishing || buffered.isEmpty()) {
            return 0;
        }
        long before = memory.bytes();
        spillRun();
        return before - memory.bytes();
    }

    /** Sorts the buffered rows and writes them as one run, in pages sized for the merge; empties the buffer. */
    private void spillRun() {
        long[] sorted = sortBuffered();
        SpillFile run = context.spillSpace().newFile("sort-run");
        runs.add(run);
        ChunkBuilder page = new ChunkBuilder(types, SpillSizing.rowsPerPage(memory,
            bufferedBytes / Math.max(1, bufferedRows)));
        for (long address : sorted) {
            page.appendRow(chunkOf(address), positionOf(address));
            if (page.isFull()) {
                run.write(page.build());
            }
        }
        if (!page.isEmpty()) {
            run.write(page.build());
        }
        run.finishWriting();
        buffered.clear();
        bufferedBytes = 0;
        bufferedRows = 0;
        memory.setBytes(0);
    }

    /** Addresses (chunk index, position) of the buffered rows in stable sort order. */
    private long[] sortBuffered() {
        long[] addresses = new long[bufferedRows];
        int k = 0;
        for (int c = 0; c < buffered.size(); c++) {
            for (int p = 0; p < buffered.get(c).positionCount(); p++) {
                addresses[k++] = address(c, p);
            }
        }
        // A merge sort: equal keys keep their input order.
        LongArrays.mergeSort(addresses, (x, y) -> comparator.compare(chunkOf(x), positionOf(x), chunkOf(y),
            positionOf(y)));
        return addresses;
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (runs.isEmpty()) {
            order = sortBuffered();
            return;
        }
        if (!buffered.isEmpty()) {
            spillRun();
        }
        int fanIn = fanIn();
        while (runs.size() > fanIn) {
            mergePass(fanIn);
        }
        memory.setBytes(mergeBytes(runs.size()));
        merge = new MergeSortedOperator(sources(runs), types, keys);
    }

    /** Runs merged at once: their current pages must fit in a quarter of the limit. */
    private int fanIn() {
        long perRun = 2 * SpillSizing.pageBytes(memory);
        return (int) Math.max(2, Math.min(MAX_FAN_IN, memory.poolLimitBytes() / 4 / perRun));
    }

    private long mergeBytes(int runCount) {
        return runCount * 2 * SpillSizing.pageBytes(memory);
    }

    /** Merges each group of {@code fanIn} consecutive runs into one run (keeping run order, so ties stay stable). */
    private void mergePass(int fanIn) {
        List<SpillFile> merged = new ArrayList<>();
        try {
            for (int from = 0; from < runs.size(); from += fanIn) {
                List<SpillFile> group = runs.subList(from, Math.min(runs.size(), from + fanIn));
                if (group.size() == 1) {
                    merged.add(group.get(0));
                    continue;
                }
                memory.setBytes(mergeBytes(group.size()));
                SpillFile out = context.spillSpace().newFile("sort-run");
                merged.add(out);
                try (MergeSortedOperator m = new MergeSortedOperator(sources(group), types, keys,
                    SpillSizing.rowsPerPage(memory, averageRowBytes(group)))) {
                    while (!m.isFinished()) {
                        context.checkInterrupted();
                        Chunk c = m.getOutput();
                        if (c != null) {
                            out.write(c);
                        }
                    }
                }
                out.finishWriting();
                SpillSizing.delete(new ArrayList<>(group));
                memory.setBytes(0);
            }
        } catch (RuntimeException e) {
            SpillSizing.delete(merged);
            throw e;
        }
        runs.clear();
        runs.addAll(merged);
    }

    /** Rows are re-paged at the same in-memory size they had when first spilled: estimate it from file sizes. */
    private static long averageRowBytes(List<SpillFile> files) {
        long bytes = 0;
        long rows = 0;
        for (SpillFile f : files) {
            bytes += f.bytes();
            rows += f.rows();
        }
        // in-memory rows are a few times larger than their serialized form
        return rows == 0 ? 64 : Math.max(1, 3 * bytes / rows);
    }

    private static List<ChunkSource> sources(List<SpillFile> files) {
        List<ChunkSource> sources = new ArrayList<>();
        try {
            for (SpillFile f : files) {
                sources.add(new SpillFileSource(f));
            }
        } catch (RuntimeException e) {
            CloseAll.close(sources);
            throw e;
        }
        return sources;
    }

    private static long address(int chunk, int position) {
        return ((long) chunk << 32) | position;
    }

    private Chunk chunkOf(long address) {
        return buffered.get((int) (address >>> 32));
    }

    private static int positionOf(long address) {
        return (int) address;
    }

    @Override
    public Chunk getOutput() {
        if (merge != null) {
            Chunk out = merge.getOutput();
            if (merge.isFinished()) {
                release();
            }
            return out;
        }
        if (order == null || emitted >= order.length) {
            return null;
        }
        ChunkBuilder builder = new ChunkBuilder(types);
        while (emitted < order.length && !builder.isFull()) {
            long a = order[emitted++];
            builder.appendRow(chunkOf(a), positionOf(a));
        }
        if (emitted >= order.length) {
            release();
        }
        return builder.build();
    }

    @Override
    public boolean isFinished() {
        if (!finishing) {
            return false;
        }
        return merge != null ? merge.isFinished() : order == null || emitted >= order.length;
    }

    /** Drops buffered rows and runs and gives the memory back. */
    private void release() {
        buffered.clear();
        bufferedBytes = 0;
        bufferedRows = 0;
        try {
            if (merge != null) {
                merge.close();
            }
        } finally {
            SpillSizing.delete(runs);
            memory.close();
        }
    }

    @Override
    public void close() {
        release();
        order = null;
    }
}
