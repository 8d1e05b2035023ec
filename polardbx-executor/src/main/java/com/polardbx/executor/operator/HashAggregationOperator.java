package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.LocalMemoryContext;
import com.polardbx.executor.memory.MemoryRevoker;
import com.polardbx.executor.spill.PartitionedSpillWriter;
import com.polardbx.executor.spill.SpillFile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * GROUP BY with aggregates. Output: the group-by columns, then each call's output columns. Without spilling, groups
 * are emitted in first-seen order after {@link #finish}; a group's key values are those of its first row (as MySQL
 * shows them). Without GROUP BY, empty input still yields one row (COUNT 0, the others NULL).
 *
 * <p>Group state is reserved in the query memory pool. When the pool is short while input arrives (grace hash
 * aggregation), every group's state is written to one of {@value SpillSizing#PARTITIONS} spill files by the hash of
 * its key, and all further input rows go to raw-row files partitioned the same way. After the input ends, each
 * partition is aggregated on its own: restore its group states, then add its raw rows in input order, which
 * continues every accumulator exactly where it stopped (results equal the in-memory ones; groups come out partition
 * by partition). A partition too large for memory is split again with a differently mixed hash, up to
 * {@value SpillSizing#MAX_LEVELS} levels. An aggregation without GROUP BY has one group and does not spill.
 */
public final class HashAggregationOperator implements Operator, MemoryRevoker {
    private final QueryContext context;
    private final List<ColumnType> inputTypes;
    private final List<ColumnType> outputTypes;
    private final boolean grouped;
    private final LocalMemoryContext memory;
    private final GroupTable table;
    /** Raw input rows after the in-memory groups spilled; {@code null} while aggregating in memory. */
    private PartitionedSpillWriter rawWriter;
    private SpillFile[] stateFiles;
    private final Deque<Partition> partitions = new ArrayDeque<>();
    private Iterator<GroupTable.Group> output;
    private boolean finishing;
    private boolean done;
    /** Page size of the spill writers, chosen when a spill starts ({@link SpillSizing#affordablePageBytes}). */
    private long spillPageBytes;

    /** A spilled partition: group states (may be null), raw rows (may be null), and its grace level (>= 1). */
    private record Partition(SpillFile state, SpillFile raw, int level) {
    }

    public HashAggregationOperator(QueryContext context, List<ColumnType> inputTypes, int[] groupChannels,
                                   List<AggregateCall> calls) {
        this(context, inputTypes, groupChannels, calls, 1);
    }

    /** One of {@code share} parallel workers: grows within and sizes its spill buffers from 1/share of the pool. */
    HashAggregationOperator(QueryContext context, List<ColumnType> inputTypes, int[] groupChannels,
                            List<AggregateCall> calls, int share) {
        this.context = context;
        this.inputTypes = List.copyOf(inputTypes);
        this.grouped = groupChannels.length > 0;
        this.table = new GroupTable(inputTypes, groupChannels, calls);
        this.outputTypes = outputTypes(inputTypes, groupChannels, calls);
        this.memory = context.newMemoryContext(this, share);
    }

    /** The output columns: the group-by columns, then each call's output columns. */
    static List<ColumnType> outputTypes(List<ColumnType> inputTypes, int[] groupChannels, List<AggregateCall> calls) {
        List<ColumnType> types = new ArrayList<>();
        for (int ch : groupChannels) {
            types.add(inputTypes.get(ch));
        }
        for (AggregateCall call : calls) {
            types.addAll(call.outputTypes());
        }
        return List.copyOf(types);
    }

    public List<ColumnType> outputTypes() {
        return outputTypes;
    }

    @Override
    public boolean needsInput() {
        return !finishing;
    }

    @Override
    public void addInput(Chunk chunk) {
        if (rawWriter != null) {
            route(chunk, table::keyOf, rawWriter, 0);
            return;
        }
        table.add(chunk);
        if (!memory.trySetBytes(table.estimatedBytes())) {
            if (!grouped) {
                memory.setBytes(table.estimatedBytes()); // one group cannot be split: 3170 unless others spill
                return;
            }
            spillGroups(SpillSizing.rowBytes(chunk));
        }
    }

    /** Spills the in-memory groups while input still arrives. */
    @Override
    public long revoke(long bytes) {
        long buffers = SpillSizing.partitionBufferBytes(memory);
        if (finishing || rawWriter != null || !grouped || memory.bytes() <= 2 * buffers) {
            return 0;
        }
        long before = memory.bytes();
        spillGroups(64 + 24L * inputTypes.size());
        return before - memory.bytes();
    }

    /** Writes every group's state to partitioned files and switches to routing raw rows to disk. */
    private void spillGroups(long rawRowBytes) {
        spillPageBytes = SpillSizing.affordablePageBytes(memory);
        try (PartitionedSpillWriter states = newWriter("agg-state", table.stateTypes(), 64 + 24L
            * table.stateTypes().size())) {
            for (GroupTable.Group g : table.groups()) {
                states.appendRow(partition(g.key(), 0), table.stateRow(g));
            }
            stateFiles = states.finish();
        }
        table.clear();
        rawWriter = newWriter("agg-raw", inputTypes, rawRowBytes);
        memory.setBytes(SpillSizing.PARTITIONS * spillPageBytes);
    }

    private PartitionedSpillWriter newWriter(String purpose, List<ColumnType> types, long rowBytes) {
        return new PartitionedSpillWriter(context.spillSpace(), purpose, types, SpillSizing.PARTITIONS,
            SpillSizing.rowsPerPage(spillPageBytes, rowBytes));
    }

    private static int partition(GroupKey key, int level) {
        return PartitionedSpillWriter.partition(key.hashCode(), level, SpillSizing.PARTITIONS);
    }

    /** Computes the group key of a row of some chunk layout. */
    private interface KeyFunction {
        GroupKey keyOf(Chunk chunk, int position);
    }

    private static void route(Chunk chunk, KeyFunction keys, PartitionedSpillWriter writer, int level) {
        for (int p = 0; p < chunk.positionCount(); p++) {
            writer.append(partition(keys.keyOf(chunk, p), level), chunk, p);
        }
    }

    @Override
    public void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (rawWriter == null) {
            if (table.isEmpty() && !grouped) {
                table.addEmptyGroup();
            }
            output = table.groups().iterator();
            return;
        }
        SpillFile[] rawFiles = rawWriter.finish();
        rawWriter = null;
        memory.setBytes(0);
        for (int p = 0; p < SpillSizing.PARTITIONS; p++) {
            if (stateFiles[p] != null || rawFiles[p] != null) {
                partitions.add(new Partition(stateFiles[p], rawFiles[p], 1));
            }
        }
        stateFiles = null;
    }

    @Override
    public Chunk getOutput() {
        if (!finishing || done) {
            return null;
        }
        while (output == null || !output.hasNext()) {
            table.clear();
            if (partitions.isEmpty()) {
                release();
                return null;
            }
            aggregate(partitions.pop());
        }
        ChunkBuilder builder = new ChunkBuilder(outputTypes);
        Object[] row = new Object[outputTypes.size()];
        while (output.hasNext() && !builder.isFull()) {
            GroupTable.outputRow(output.next(), row);
            builder.appendRow(row);
        }
        if (!output.hasNext() && partitions.isEmpty()) {
            release();
        }
        return builder.build();
    }

    private void release() {
        done = true;
        table.clear();
        memory.close();
    }

    /** Aggregates one spilled partition into the table, or splits it when it does not fit. */
    private void aggregate(Partition part) {
        context.checkInterrupted();
        output = null;
        try (SpillFile.Reader state = part.state() == null ? null : part.state().reader();
             SpillFile.Reader raw = part.raw() == null ? null : part.raw().reader()) {
            for (Chunk c = next(state); c != null; c = next(state)) {
                table.restore(c);
                if (!memory.trySetBytes(table.estimatedBytes())) {
                    split(part, state, raw);
                    return;
                }
            }
            for (Chunk c = next(raw); c != null; c = next(raw)) {
                table.add(c);
                if (!memory.trySetBytes(table.estimatedBytes())) {
                    split(part, null, raw);
                    return;
                }
            }
            output = table.groups().iterator();
        } finally {
            delete(part);
        }
    }

    private static Chunk next(SpillFile.Reader reader) {
        return reader == null ? null : reader.next();
    }

    /**
     * Splits a partition that does not fit: the groups aggregated so far and the unread state rows go to
     * next-level state files, the unread raw rows to next-level raw files.
     */
    private void split(Partition part, SpillFile.Reader state, SpillFile.Reader raw) {
        int level = part.level();
        if (level >= SpillSizing.MAX_LEVELS || table.size() <= 1) {
            throw context.memoryPool().exceeded(table.estimatedBytes() - memory.bytes());
        }
        SpillFile[] states;
        SpillFile[] raws;
        spillPageBytes = SpillSizing.affordablePageBytes(memory);
        try (PartitionedSpillWriter stateOut = newWriter("agg-state", table.stateTypes(), 64 + 24L
            * table.stateTypes().size());
             PartitionedSpillWriter rawOut = newWriter("agg-raw", inputTypes, 64 + 24L * inputTypes.size())) {
            for (GroupTable.Group g : table.groups()) {
                stateOut.appendRow(partition(g.key(), level), table.stateRow(g));
            }
            table.clear();
            memory.setBytes(2 * SpillSizing.PARTITIONS * spillPageBytes);
            for (Chunk c = next(state); c != null; c = next(state)) {
                route(c, table::stateKeyOf, stateOut, level);
            }
            for (Chunk c = next(raw); c != null; c = next(raw)) {
                route(c, table::keyOf, rawOut, level);
            }
            states = stateOut.finish();
            raws = rawOut.finish();
        }
        memory.setBytes(0);
        for (int p = SpillSizing.PARTITIONS - 1; p >= 0; p--) {
            if (states[p] != null || raws[p] != null) {
                partitions.push(new Partition(states[p], raws[p], level + 1));
            }
        }
    }

    private static void delete(Partition part) {
        if (part.state() != null) {
            part.state().delete();
        }
        if (part.raw() != null) {
            part.raw().delete();
        }
    }

    @Override
    public boolean isFinished() {
        return done || finishing && partitions.isEmpty() && (output == null || !output.hasNext());
    }

    @Override
    public void close() {
        table.clear();
        output = null;
        try {
            if (rawWriter != null) {
                rawWriter.close();
            }
            if (stateFiles != null) {
                SpillSizing.delete(new ArrayList<>(java.util.Arrays.asList(stateFiles)));
            }
            while (!partitions.isEmpty()) {
                delete(partitions.pop());
            }
        } finally {
            memory.close();
        }
    }
}
